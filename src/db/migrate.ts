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

interface BookkeepingRow { id: string, migration_name: string, checksum: string, finished_at: Date | null, rolled_back_at: Date | null }

/**
 * Applies what is missing. Each migration and its bookkeeping row commit in one transaction, so a
 * process killed at any point leaves the migration either applied and recorded, or neither.
 */
export async function migrate (databaseUrl: string, dir: string, log: FastifyBaseLogger): Promise<string[]> {
  const migrations = readMigrations(dir)
  return await withMigrationLock(databaseUrl, async (client) => {
    await client.query(BOOKKEEPING)
    const { rows } = await client.query<BookkeepingRow>(
      'SELECT id, migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"'
    )
    const applied = new Map(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]))
    // A row neither finished nor rolled back was left by a runner that recorded a migration outside
    // its transaction (this one before 2026-12, or a failed `prisma migrate deploy`).
    const unfinished = new Map(rows.filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => [r.migration_name, r.id]))
    const done: string[] = []
    for (const m of migrations) {
      const checksum = applied.get(m.name)
      if (checksum !== undefined) {
        if (checksum !== m.checksum) log.warn({ migration: m.name }, 'migration was modified after it was applied')
        continue
      }
      await apply(client, m, unfinished.get(m.name))
      log.info({ migration: m.name }, 'applied migration')
      done.push(m.name)
    }
    const orphan = [...unfinished.keys()].find((name) => !migrations.some((m) => m.name === name))
    if (orphan !== undefined) throw new MigrationError(`migration ${orphan} is recorded as unfinished but has no folder in ${dir}; mark it rolled back: npm run db:migrate -- --resolve-rolled-back ${orphan}`)
    return done
  })
}

/** Runs `work` on one connection holding Prisma's migration lock, so two runners never interleave. */
async function withMigrationLock<T> (databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
    return await work(client)
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {})
    await client.end()
  }
}

async function apply (client: Client, m: Migration, unfinishedId: string | undefined): Promise<void> {
  try {
    await client.query('BEGIN')
    // An unfinished row is retried: the migration is transactional, so it either never committed
    // (it applies now and the row is completed) or it did and applying it again fails below.
    if (unfinishedId !== undefined) await client.query('DELETE FROM "_prisma_migrations" WHERE id = $1', [unfinishedId])
    await client.query(m.sql)
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 1)`, [randomUUID(), m.checksum, m.name])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    const message = (error as Error).message
    if (unfinishedId !== undefined) {
      throw new MigrationError(`migration ${m.name} was left unfinished by an earlier run, and applying it again failed: ${message}. ` +
        `If its changes are already in the database (the earlier run was stopped after its commit), mark it applied: npm run db:migrate -- --resolve-applied ${m.name}`)
    }
    // Recorded after the rollback, as rolled back: the transaction undid the migration's changes.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, rolled_back_at)
       VALUES ($1, $2, $3, $4, now())`, [randomUUID(), m.checksum, m.name, String(error)]).catch(() => {})
    throw new MigrationError(`migration ${m.name} failed: ${message}`)
  }
}

/** `prisma migrate resolve` for a migration left unfinished: records it as applied or rolled back. */
export async function resolveMigration (databaseUrl: string, dir: string, name: string, as: 'applied' | 'rolled-back'): Promise<void> {
  // Marked applied, it takes the folder's checksum, as the migration now in the database is that one.
  const checksum = as === 'applied' ? readMigrations(dir).find((m) => m.name === name)?.checksum ?? null : null
  await withMigrationLock(databaseUrl, async (client) => {
    const set = as === 'applied' ? 'finished_at = now(), applied_steps_count = 1, checksum = COALESCE($2, checksum)' : 'rolled_back_at = now()'
    const { rowCount } = await client.query(
      `UPDATE "_prisma_migrations" SET ${set} WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
      as === 'applied' ? [name, checksum] : [name])
    if (rowCount === 0) throw new MigrationError(`migration ${name} is not recorded as unfinished; nothing to resolve`)
  })
}
