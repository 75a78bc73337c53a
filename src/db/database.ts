// One start-up path for the service, the CLI and the tests: use DATABASE_URL or start an embedded
// PostgreSQL, apply migrations, and load the seed into an empty database.
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config'
import { loadSeedDir } from '../seed/load-seed'
import { startEmbeddedPostgres } from './embedded-postgres'
import { migrate } from './migrate'
import { createPrisma } from './prisma'

export interface Database {
  url: string
  embedded: boolean
  close: () => Promise<void>
}

export interface OpenDatabaseOptions {
  /** Load seed/ when the database holds no document yet. */
  seedIfEmpty?: boolean
  /** Folder of the embedded cluster; defaults to `<dataDir>/postgres`. */
  embeddedDir?: string
}

export async function openDatabase (
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'migrationsDir' | 'seedDir'>,
  log: FastifyBaseLogger,
  { seedIfEmpty = true, embeddedDir }: OpenDatabaseOptions = {}
): Promise<Database> {
  const embedded = config.databaseUrl === undefined
    ? await startEmbeddedPostgres({ dir: embeddedDir ?? join(config.dataDir, 'postgres'), database: 'peninsula_kb', log })
    : undefined
  const url = embedded?.url ?? config.databaseUrl!
  try {
    await migrate(url, config.migrationsDir, log)
    if (seedIfEmpty) await seedEmptyDatabase(url, config.seedDir, log)
  } catch (error) {
    await embedded?.stop()
    throw error
  }
  return { url, embedded: embedded !== undefined, close: async () => { await embedded?.stop() } }
}

async function seedEmptyDatabase (url: string, seedDir: string, log: FastifyBaseLogger): Promise<void> {
  const prisma = createPrisma(url)
  try {
    if (await prisma.document.count() > 0) return
    const counts = await loadSeedDir(prisma, seedDir)
    log.info({ counts }, 'loaded the seed into an empty database')
  } finally {
    await prisma.$disconnect()
  }
}
