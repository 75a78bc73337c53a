// `npm run db:seed`: loads seed/ (idempotent, all or nothing) and prints counts per kind.
import { parseConfig } from '../config'
import { openDatabase } from '../db/database'
import { createPrisma } from '../db/prisma'
import { createLogger } from '../logger'
import { loadSeedDir } from '../seed/load-seed'
import { SeedError } from '../seed/read-seed'

async function main (): Promise<void> {
  const config = parseConfig(process.env)
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stdout.isTTY)
  const database = await openDatabase(config, log, { seedIfEmpty: false })
  const prisma = createPrisma(database.url)
  try {
    const counts = await loadSeedDir(prisma, config.seedDir)
    console.table(counts)
  } finally {
    await prisma.$disconnect()
    await database.close()
  }
}

main().catch((error: unknown) => {
  const message = error instanceof SeedError ? `${error.message} (nothing was written)` : error instanceof Error ? error.message : String(error)
  console.error(`db:seed failed: ${message}`)
  process.exit(1)
})
