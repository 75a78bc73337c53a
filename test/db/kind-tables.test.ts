// Guards for the tables behind every kind (src/knowledge/index.ts): each listed table has its row
// count (what an unfiltered list reports as its total) with the triggers that keep it, and moves the
// data version the response cache keys on. A kind added without them would answer `total: 0` or
// serve stale cached bodies; these tests name the table instead.
import { resources } from '../../src/knowledge'
import { useTestApp } from '../helpers/app'

const ctx = useTestApp()

/** Tables derived from others (or bookkeeping): a write to them follows a write that already moved the version. */
const DERIVED = ['_prisma_migrations', 'data_version', 'row_counts', 'event_month_counts', 'rate_limit_counters']

async function triggerFunctions (table: string): Promise<string[]> {
  const { rows } = await ctx.sql.query<{ fn: string }>(`
    SELECT p.proname AS fn FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE t.tgrelid = to_regclass($1) AND NOT t.tgisinternal ORDER BY 1`, [`public."${table}"`])
  return rows.map((r) => r.fn)
}

describe('the tables of every kind', () => {
  it.each(resources.map((def) => [def.name, def.table]))('%s (%s) has its row count, kept by triggers', async (_name, table) => {
    const { rows } = await ctx.sql.query<{ rows: string, actual: string }>(`SELECT "rows", (SELECT count(*) FROM "${table}") AS actual FROM row_counts WHERE table_name = $1`, [table])
    expect(rows).toHaveLength(1)
    expect(Number(rows[0]!.rows)).toBe(Number(rows[0]!.actual))
    expect(await triggerFunctions(table)).toEqual(expect.arrayContaining(['count_inserted_rows', 'count_deleted_rows', 'count_truncated_rows']))
  })

  it.each(resources.map((def) => [def.name, def.table]))('%s (%s) moves the data version on every write', async (_name, table) => {
    expect(await triggerFunctions(table)).toContain('bump_data_version')
  })

  it('every table of data, links included, moves the data version', async () => {
    const { rows } = await ctx.sql.query<{ table: string }>(`
      SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT EXISTS (
        SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = c.oid AND p.proname = 'bump_data_version')
      ORDER BY 1`)
    expect(rows.map((r) => r.table).filter((t) => !DERIVED.includes(t))).toEqual([])
  })

  it('row_counts holds the listed tables and no others', async () => {
    const { rows } = await ctx.sql.query<{ table_name: string }>('SELECT table_name FROM row_counts ORDER BY 1')
    expect(rows.map((r) => r.table_name)).toEqual(resources.map((def) => def.table).sort())
  })
})
