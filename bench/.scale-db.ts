import pino from 'pino'
import { Client } from 'pg'
import { parseConfig } from '../src/config'
import { openDatabase } from '../src/db/database'
import { loadSyntheticEvents } from './synthetic'
async function main (): Promise<void> {
  const config = { ...parseConfig({ LOG_LEVEL: 'warn' }), databaseUrl: undefined, dataDir: '/tmp/scale' }
  const db = await openDatabase(config, pino({ level: 'warn' }), { embeddedDir: '/tmp/scale/postgres' })
  const c = new Client({ connectionString: db.url }); await c.connect()
  const n = (await c.query('SELECT count(*)::int AS n FROM events')).rows[0].n
  await c.end()
  if (n < 100000) await loadSyntheticEvents(db.url, 100000, 0)
  console.log('URL', db.url)
  process.on('SIGINT', () => { db.close().then(() => process.exit(0)) })
  setInterval(() => {}, 1e9)
}
main()
