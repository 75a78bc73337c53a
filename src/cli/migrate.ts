// `npm run db:migrate`: applies pending migrations (to DATABASE_URL, or the embedded database).
import { parseConfig } from '../config'
import { openDatabase } from '../db/database'
import { createLogger } from '../logger'

async function main (): Promise<void> {
  const config = parseConfig(process.env)
  const log = createLogger(config.logLevel, process.stdout.isTTY)
  const database = await openDatabase(config, log, { seedIfEmpty: false })
  await database.close()
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
