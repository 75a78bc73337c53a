import pino from 'pino'
import { createPrisma } from '../../src/db/prisma'
import { migrate } from '../../src/db/migrate'
import { loadSeedDir } from '../../src/seed/load-seed'
import { testDatabaseUrl } from './app'
import { createScratchDatabase } from './scratch-database'

/**
 * A private copy of the knowledge base (migrated and seeded) for tests that write: other test files
 * read the shared database concurrently and must never see a write, even a short-lived one.
 */
export async function createSeededScratchDatabase (prefix: string): Promise<{ url: string, drop: () => Promise<void> }> {
  const scratch = await createScratchDatabase(testDatabaseUrl(), prefix)
  await migrate(scratch.url, 'prisma/migrations', pino({ level: 'silent' }))
  const prisma = createPrisma(scratch.url)
  try {
    await loadSeedDir(prisma, 'seed')
  } finally {
    await prisma.$disconnect()
  }
  return scratch
}
