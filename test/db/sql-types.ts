// Run by sql.test.ts in a child process with TZ set (jest cannot change its own process's zone):
// one row of every column type the read paths use, read through poolRows (what queryRows runs on the app's database) on a plain pg pool and
// printed as JSON (dates as ISO strings, bigints tagged), for the test to hold against $queryRaw.
import pg from 'pg'
import { poolRows } from '../../src/db/sql'
import { TYPES_QUERY } from './sql-types-query'

async function main (): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
  try {
    const [row] = await poolRows<Record<string, unknown>>(pool, TYPES_QUERY)
    const tagged = (_key: string, value: unknown): unknown => typeof value === 'bigint' ? `${value}n` : value
    process.stdout.write(JSON.stringify({ row, zoneOffset: new Date(2016, 0, 1).getTimezoneOffset() }, tagged))
  } finally {
    await pool.end()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
