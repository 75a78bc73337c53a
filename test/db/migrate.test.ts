import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import pino from 'pino'
import { Client } from 'pg'
import { migrate, readMigrations, resolveMigration } from '../../src/db/migrate'
import { testDatabaseUrl } from '../helpers/app'
import { createScratchDatabase } from '../helpers/scratch-database'

const log = pino({ level: 'silent' })

async function bookkeeping (url: string): Promise<Array<{ migration_name: string, checksum: string, finished: boolean, rolled_back: boolean, applied_steps_count: number }>> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(`SELECT migration_name, checksum, finished_at IS NOT NULL AS finished,
      rolled_back_at IS NOT NULL AS rolled_back, applied_steps_count FROM "_prisma_migrations" ORDER BY started_at, migration_name`)
    return rows
  } finally {
    await client.end()
  }
}

describe('migrations', () => {
  it('records each applied migration the way prisma migrate deploy does', async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl(), 'migrate_check')
    try {
      const applied = await migrate(scratch.url, 'prisma/migrations', log)
      const migrations = readMigrations('prisma/migrations')
      expect(applied).toEqual(migrations.map((m) => m.name))
      expect(await bookkeeping(scratch.url)).toEqual(migrations.map((m) => ({
        migration_name: m.name, checksum: m.checksum, finished: true, rolled_back: false, applied_steps_count: 1
      })))
      expect(migrations[0]!.checksum).toBe(createHash('sha256').update(require('node:fs').readFileSync(`prisma/migrations/${migrations[0]!.name}/migration.sql`)).digest('hex'))
      expect(await migrate(scratch.url, 'prisma/migrations', log)).toEqual([])
    } finally {
      await scratch.drop()
    }
  })

  it('applies each migration once when two instances start together', async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl(), 'migrate_race')
    try {
      const [a, b] = await Promise.all([migrate(scratch.url, 'prisma/migrations', log), migrate(scratch.url, 'prisma/migrations', log)])
      expect([...a, ...b]).toEqual(readMigrations('prisma/migrations').map((m) => m.name))
      expect((await bookkeeping(scratch.url)).length).toBe(readMigrations('prisma/migrations').length)
    } finally {
      await scratch.drop()
    }
  })

  it('rolls back a failing migration, records it as rolled back, and applies it once it is fixed', async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl(), 'migrate_fail')
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
    try {
      cpSync('prisma/migrations', dir, { recursive: true })
      mkdirSync(join(dir, '29990101000000_broken'))
      writeFileSync(join(dir, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE "half_done" (id int);\nSELECT no_such_function();\n')
      await expect(migrate(scratch.url, dir, log)).rejects.toThrow(/migration 29990101000000_broken failed: function no_such_function\(\) does not exist/)
      const client = new Client({ connectionString: scratch.url })
      await client.connect()
      const { rowCount } = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")
      await client.end()
      expect(rowCount).toBe(0)
      expect((await bookkeeping(scratch.url)).at(-1)).toMatchObject({ migration_name: '29990101000000_broken', finished: false, rolled_back: true })

      writeFileSync(join(dir, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE "half_done" (id int);\n')
      expect(await migrate(scratch.url, dir, log)).toEqual(['29990101000000_broken'])
    } finally {
      await scratch.drop()
    }
  })

  it('retries a row an older runner left unfinished, and otherwise says how to resolve it', async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl(), 'migrate_unfinished')
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
    const client = new Client({ connectionString: scratch.url })
    await client.connect()
    const extra = '29990101000000_extra'
    // What the runner before 2026-12 left when killed: the row inserted, finished_at never set.
    const unfinished = async (name: string): Promise<void> => {
      await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES (gen_random_uuid()::text, \'x\', $1)', [name])
    }
    try {
      cpSync('prisma/migrations', dir, { recursive: true })
      await migrate(scratch.url, dir, log)
      mkdirSync(join(dir, extra))
      writeFileSync(join(dir, extra, 'migration.sql'), 'CREATE TABLE "extra" (id int);\n')

      // Killed before its commit: the migration never ran, so it is applied now and its row completed.
      await unfinished(extra)
      expect(await migrate(scratch.url, dir, log)).toEqual([extra])
      const clean = await bookkeeping(scratch.url)
      expect(clean.filter((r) => r.migration_name === extra)).toEqual([expect.objectContaining({ finished: true, rolled_back: false })])

      // Killed after its commit: applying it again fails, and the error says to mark it applied.
      await client.query('DELETE FROM "_prisma_migrations" WHERE migration_name = $1', [extra])
      await unfinished(extra)
      await expect(migrate(scratch.url, dir, log)).rejects.toThrow(new RegExp(`--resolve-applied ${extra}`))
      await resolveMigration(scratch.url, dir, extra, 'applied')
      expect(await migrate(scratch.url, dir, log)).toEqual([])
      expect(await bookkeeping(scratch.url)).toEqual(clean)
      await expect(resolveMigration(scratch.url, dir, extra, 'applied')).rejects.toThrow(/not recorded as unfinished/)

      // A row whose folder is gone cannot be retried: the error says to mark it rolled back.
      await unfinished('29990102000000_gone')
      await expect(migrate(scratch.url, dir, log)).rejects.toThrow(/29990102000000_gone .*--resolve-rolled-back 29990102000000_gone/)
      await resolveMigration(scratch.url, dir, '29990102000000_gone', 'rolled-back')
      expect(await migrate(scratch.url, dir, log)).toEqual([])
    } finally {
      await client.end()
      await scratch.drop()
    }
  })
})
