// Applies prisma/migrations/*/migration.sql and keeps Prisma's `_prisma_migrations` bookkeeping, so
// `prisma migrate deploy` (which needs a native engine this machine cannot download) would agree.
import { createHash, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from 'pg'
import type { FastifyBaseLogger } from 'fastify'

/** The advisory lock `prisma migrate deploy` holds: two instances never migrate at once. */
const PRISMA_MIGRATE_LOCK = 72707369

export interface Migration { name: string, sql: string, checksum: string }

export function readMigrations (dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'))
      return { name, sql: sql.toString('utf8'), checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Applies what is missing, each migration in its own transaction. Returns the names applied. */
export async function migrate (databaseUrl: string, dir: string, log: FastifyBaseLogger): Promise<string[]> {
  const migrations = readMigrations(dir)
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
    await client.query(BOOKKEEPING)
    const { rows } = await client.query<{ migration_name: string, checksum: string, finished_at: Date | null, rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"'
    )
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null)
    if (failed !== undefined) {
      throw new MigrationError(`migration ${failed.migration_name} failed earlier and is not resolved; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name})`)
    }
    const applied = new Map(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]))
    const done: string[] = []
    for (const m of migrations) {
      const checksum = applied.get(m.name)
      if (checksum !== undefined) {
        if (checksum !== m.checksum) log.warn({ migration: m.name }, 'migration was modified after it was applied')
        continue
      }
      const id = randomUUID()
      await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)', [id, m.checksum, m.name])
      try {
        await client.query('BEGIN')
        await client.query(m.sql)
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        // The transaction undid the migration's changes, so it is recorded as rolled back, not failed.
        await client.query('UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1', [id, String(error)])
        throw new MigrationError(`migration ${m.name} failed: ${(error as Error).message}`)
      }
      await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id])
      log.info({ migration: m.name }, 'applied migration')
      done.push(m.name)
    }
    return done
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {})
    await client.end()
  }
}
