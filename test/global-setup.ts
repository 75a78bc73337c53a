// Starts the test database once per run: an embedded PostgreSQL in a throw-away folder, or a fresh
// database on the server DATABASE_URL names. Migrated and seeded by the service's own start-up path.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { parseConfig } from '../src/config'
import { openDatabase, type Database } from '../src/db/database'
import { chromiumBinary } from '../scripts/browser'
import { createScratchDatabase } from './helpers/scratch-database'

declare global {

  var peninsulaTestDatabase: { database: Database, dropScratch?: () => Promise<void>, dir?: string } | undefined
}

export default async function globalSetup (): Promise<void> {
  const config = parseConfig(process.env)
  const log = pino({ level: 'warn' })
  let databaseUrl: string | undefined
  let dropScratch: (() => Promise<void>) | undefined
  if (config.databaseUrl !== undefined) {
    const scratch = await createScratchDatabase(config.databaseUrl, 'peninsula_kb_test')
    databaseUrl = scratch.url
    dropScratch = scratch.drop
  }
  const dir = databaseUrl === undefined ? mkdtempSync(join(tmpdir(), 'peninsula-kb-test-')) : undefined
  const database = await openDatabase({ ...config, databaseUrl }, log, { embeddedDir: dir })
  process.env.TEST_DATABASE_URL = database.url
  globalThis.peninsulaTestDatabase = { database, dropScratch, dir }
  // Unpacked once here, so that test files running in parallel never unpack it at the same time.
  const chromium = chromiumBinary()
  process.env.CHROMIUM_PATH = chromium.path
  process.env.CHROMIUM_ARGS = JSON.stringify(chromium.args)
}
