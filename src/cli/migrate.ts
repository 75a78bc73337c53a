// `npm run db:migrate`: applies pending migrations (to DATABASE_URL, or the embedded database).
// `-- --resolve-applied NAME` / `--resolve-rolled-back NAME` repair a migration an older runner left
// unfinished, as `prisma migrate resolve` does.
import { parseArgs } from 'node:util'
import { parseConfig } from '../config'
import { openDatabase } from '../db/database'
import { resolveMigration } from '../db/migrate'
import { createLogger } from '../logger'

async function main (): Promise<void> {
  const { values } = parseArgs({ options: { 'resolve-applied': { type: 'string' }, 'resolve-rolled-back': { type: 'string' } } })
  const config = parseConfig(process.env)
  const log = createLogger(config.logLevel, process.stdout.isTTY)
  const applied = values['resolve-applied']
  const rolledBack = values['resolve-rolled-back']
  const database = await openDatabase(config, log, { seedIfEmpty: false, migrations: applied === undefined && rolledBack === undefined })
  try {
    if (applied !== undefined) await resolveMigration(database.url, config.migrationsDir, applied, 'applied')
    if (rolledBack !== undefined) await resolveMigration(database.url, config.migrationsDir, rolledBack, 'rolled-back')
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
