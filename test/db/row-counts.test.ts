// row_counts (prisma/migrations/20261127040000_lists_at_scale) is what an unfiltered list reports as
// its total: it must equal count(*) after every kind of write, on a private copy of the data.
import { Client } from 'pg'
import { createPrisma } from '../../src/db/prisma'
import { claims, resources } from '../../src/knowledge'
import { listRecords } from '../../src/knowledge/resource'
import { loadSeedDir } from '../../src/seed/load-seed'
import { readSeed } from '../../src/seed/read-seed'
import { createSeededScratchDatabase } from '../helpers/seeded-scratch'

const LISTED = resources.map((def) => def.table)

let scratch: Awaited<ReturnType<typeof createSeededScratchDatabase>>
let sql: Client
const seedEvents = readSeed('seed').data.records.events!.length

beforeAll(async () => {
  scratch = await createSeededScratchDatabase('row_counts')
  sql = new Client({ connectionString: scratch.url })
  await sql.connect()
})
afterAll(async () => {
  await sql.end()
  await scratch.drop()
})

async function kept (): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ table_name: string, rows: string }>('SELECT table_name, "rows" FROM row_counts')
  return Object.fromEntries(rows.map((r) => [r.table_name, Number(r.rows)]))
}

async function counted (): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ counts: Record<string, number> }>(`SELECT json_build_object(${LISTED.map((t) => `'${t}', (SELECT count(*) FROM "${t}")`).join(', ')}) AS counts`)
  return rows[0]!.counts
}

describe('row_counts', () => {
  it('holds every listed table, equal to its count after the seed, also loaded twice', async () => {
    expect(Object.keys(await kept()).sort()).toEqual([...LISTED].sort())
    const prisma = createPrisma(scratch.url)
    try {
      await loadSeedDir(prisma, 'seed')
    } finally {
      await prisma.$disconnect()
    }
    const counts = await counted()
    expect(counts.events).toBe(seedEvents)
    expect(await kept()).toEqual(counts)
  })

  it('follows inserts, deletes (cascading ones too), rolled-back writes and truncation', async () => {
    await sql.query(`INSERT INTO events (slug, title, summary, category, date_precision, date_basis)
      SELECT 'row-count-' || n, 'Row count ' || n, 'A test event.', 'other', 'unknown', 'text' FROM generate_series(1, 5) n`)
    expect((await kept()).events).toBe(seedEvents + 5)
    await sql.query('BEGIN')
    await sql.query('DELETE FROM events WHERE slug LIKE \'row-count-%\'')
    await sql.query('ROLLBACK')
    expect((await kept()).events).toBe(seedEvents + 5)
    await sql.query('DELETE FROM events WHERE slug IN (\'row-count-1\', \'row-count-2\')')
    expect(await kept()).toEqual(await counted())
    // Deleting the document cascades to its passages and footnotes (once no evidence quotes them).
    await sql.query('DELETE FROM evidence')
    await sql.query('DELETE FROM documents')
    expect(await kept()).toEqual(await counted())
    expect((await kept()).passages).toBe(0)
    await sql.query('TRUNCATE events CASCADE')
    expect(await kept()).toEqual(await counted())
    expect((await kept()).events).toBe(0)
  })

  it('is an error, never a total of 0, for a listed table it lacks', async () => {
    const prisma = createPrisma(scratch.url)
    try {
      const { rows: [kept] } = await sql.query<{ rows: string }>('DELETE FROM row_counts WHERE table_name = $1 RETURNING "rows"', [claims.table])
      await expect(listRecords(claims, prisma, { filter: {}, limit: 1 })).rejects.toThrow(/row_counts has no row for table "claims"/)
      // A filtered list counts its matches itself and still answers.
      expect((await listRecords(claims, prisma, { filter: { q: 'sanctions' }, limit: 1 })).page.total).toBeGreaterThan(0)
      await sql.query('INSERT INTO row_counts (table_name, "rows") VALUES ($1, $2)', [claims.table, kept!.rows])
      expect((await listRecords(claims, prisma, { filter: {}, limit: 1 })).page.total).toBe(Number(kept!.rows))
    } finally {
      await prisma.$disconnect()
    }
  })
})
