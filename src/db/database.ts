// One start-up path for the service, the CLI and the tests: use DATABASE_URL or start an embedded
// PostgreSQL, apply migrations, and load the seed into an empty database.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { Client } from 'pg'
import type { Config } from '../config'
import { loadSeed } from '../seed/load-seed'
import { readSeed, type Seed } from '../seed/read-seed'
import { startEmbeddedPostgres } from './embedded-postgres'
import { migrate } from './migrate'
import { isDatabaseUnavailable } from './outage'
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
  /** Apply pending migrations (off only for repairs of the migrations' bookkeeping). */
  migrations?: boolean
}

export async function openDatabase (
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'migrationsDir' | 'seedDir'> & Partial<Pick<Config, 'databaseWaitSeconds'>>,
  log: FastifyBaseLogger,
  { seedIfEmpty = true, embeddedDir, migrations = true }: OpenDatabaseOptions = {}
): Promise<Database> {
  // A first start is dominated by waits that can overlap: on a new embedded cluster (surely empty)
  // the seed files are parsed and checked while PostgreSQL is created in its own process, and
  // Prisma loads its query compiler on its first statement while the migrations run over plain `pg`. Otherwise the seed is read only if the database is empty.
  const dir = embeddedDir ?? join(config.dataDir, 'postgres')
  const newCluster = config.databaseUrl === undefined && !existsSync(join(dir, 'cluster', 'PG_VERSION'))
  const early = seedIfEmpty && newCluster ? later(() => readSeed(config.seedDir)) : undefined
  const seed = async (): Promise<Seed> => await (early ?? later(() => readSeed(config.seedDir)))
  const embedded = config.databaseUrl === undefined
    ? await startEmbeddedPostgres({ dir, database: 'peninsula_kb', log })
    : undefined
  const url = embedded?.url ?? config.databaseUrl!
  if (embedded === undefined) await waitForDatabase(url, config.databaseWaitSeconds ?? 0, log)
  try {
    if (seedIfEmpty) await seedEmptyDatabase(url, seed, log, async () => { await migrate(url, config.migrationsDir, log) })
    else if (migrations) await migrate(url, config.migrationsDir, log)
  } catch (error) {
    await embedded?.stop()
    throw error
  }
  return { url, embedded: embedded !== undefined, close: async () => { await embedded?.stop() } }
}

/** Where a database URL points, for messages: `host:port/database`, never the credentials. */
export function databaseTarget (url: string): string {
  const u = new URL(url)
  return `${u.hostname}:${u.port === '' ? '5432' : u.port}${u.pathname}`
}

/**
 * Start-up waits for the database (a container or a failover still coming up), with back-off from
 * 0.25 to 2 s, for up to `seconds`; a refusal that waiting cannot cure (a wrong password, no such
 * database) ends it at once. Either way the message names the database and the variables to check.
 */
export async function waitForDatabase (url: string, seconds: number, log: FastifyBaseLogger): Promise<void> {
  const target = databaseTarget(url)
  const deadline = Date.now() + seconds * 1000
  let delay = 250
  let waited = false
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 })
    try {
      await client.connect()
      await client.end()
      if (waited) log.info({ database: target }, 'the database is answering')
      return
    } catch (error) {
      await client.end().catch(() => {})
      const reason = (error as Error).message
      if (!isDatabaseUnavailable(error)) throw new Error(`cannot use the database at ${target} (DATABASE_URL): ${reason}`)
      if (Date.now() + delay > deadline) {
        throw new Error(`the database at ${target} (DATABASE_URL) did not answer within ${seconds} s (DATABASE_WAIT_SECONDS): ${reason}`)
      }
      if (!waited) log.warn({ database: target, reason }, `waiting up to ${seconds} s (DATABASE_WAIT_SECONDS) for the database at ${target} (DATABASE_URL)`)
      waited = true
      await new Promise((resolve) => setTimeout(resolve, delay))
      delay = Math.min(delay * 2, 2000)
    }
  }
}

/** Runs `work` after the current tick; its error surfaces only when the result is awaited. */
function later<T> (work: () => T): Promise<T> {
  const result = new Promise<T>((resolve, reject) => setImmediate(() => { try { resolve(work()) } catch (error) { reject(error) } }))
  result.catch(() => {})
  return result
}

async function seedEmptyDatabase (url: string, seed: () => Promise<Seed>, log: FastifyBaseLogger, migrations: () => Promise<void>): Promise<void> {
  const prisma = createPrisma(url)
  try {
    const warm = prisma.$queryRaw`SELECT 1`
    warm.catch(() => {})
    await migrations()
    await warm
    if (await prisma.document.count() > 0) return
    const counts = await loadSeed(prisma, await seed())
    log.info({ counts }, 'loaded the seed into an empty database')
  } finally {
    await prisma.$disconnect()
  }
}
