import { Client } from 'pg'

/**
 * Row counts and an md5 of every row of every table: two equal fingerprints mean the data did not
 * change. Used to prove that rejected input leaves the database as it was. The data version is
 * left out: it counts write statements, which move it on even when they change nothing; so are
 * the rate limit's counters, which count requests, rejected ones too.
 */
export async function dbFingerprint (url: string): Promise<Record<string, { rows: number, md5: string | null }>> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('data_version', 'rate_limit_counters') ORDER BY table_name")
    const result: Record<string, { rows: number, md5: string | null }> = {}
    for (const { table_name: table } of tables) {
      const { rows } = await client.query<{ rows: string, md5: string | null }>(
        `SELECT count(*) AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM "${table}" t`)
      result[table] = { rows: Number(rows[0]!.rows), md5: rows[0]!.md5 }
    }
    return result
  } finally {
    await client.end()
  }
}

/**
 * What a start leaves behind, comparable between two databases: every table's fingerprint but the
 * migrations' bookkeeping, whose ids and times differ, and of that the migrations and their state.
 */
export async function settledState (url: string): Promise<{ tables: Awaited<ReturnType<typeof dbFingerprint>>, migrations: unknown[] }> {
  const { _prisma_migrations: _, ...tables } = await dbFingerprint(url)
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(`SELECT migration_name, checksum, finished_at IS NOT NULL AS finished,
      rolled_back_at IS NOT NULL AS rolled_back, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name, started_at`)
    return { tables, migrations: rows }
  } finally {
    await client.end()
  }
}
