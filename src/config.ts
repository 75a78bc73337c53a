// The service's configuration, parsed once from the environment at the process edge.
import { resolve } from 'node:path'
import { z } from 'zod'

const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** How long start-up waits for the server DATABASE_URL names to answer before giving up. */
  DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  LOG_LEVEL: LogLevelSchema.default('info'),
  /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is not set. */
  DATA_DIR: z.string().min(1).default('.data'),
  SEED_DIR: z.string().min(1).default('seed'),
  CORS_ORIGIN: z.string().min(1).default('*'),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  /** Reads are public unless this is true; writes always need a key. */
  READS_REQUIRE_KEY: z.enum(['true', 'false']).default('false'),
  RATE_LIMIT_WINDOW: z.string().regex(/^\d+ ?(ms|s|second|seconds|minute|minutes|m|h|hour|hours)$/).default('1 minute'),
  /** Where the rate limit counts: in PostgreSQL or Redis, shared by every replica, or in this process alone. */
  RATE_LIMIT_STORE: z.enum(['postgres', 'redis', 'memory']).optional(),
  /** A Redis server for the rate limit's counters (redis://[user:pass@]host:port[/db], rediss:// for TLS). */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /**
   * Whom to believe about the client's address (X-Forwarded-For): `true` (every proxy), a number of
   * hops, or comma-separated addresses or CIDRs of the proxies. Unset: the connection's address.
   */
  TRUST_PROXY: z.union([
    z.enum(['true', 'false']),
    z.string().regex(/^\d{1,2}$/),
    z.string().regex(/^\s*[\w.:/]+\s*(,\s*[\w.:/]+\s*)*$/, 'true, a number of hops, or comma-separated proxy addresses (CIDRs allowed)')
  ]).optional(),
  /** Live change streams (SSE and GraphQL subscriptions together) one process holds at most. */
  MAX_LIVE_STREAMS: z.coerce.number().int().min(1).default(1000)
})

/** How many requests per window, and where they are counted (Redis needs its URL). */
export type RateLimitConfig = { max: number, timeWindow: string } & ({ store: 'postgres' | 'memory' } | { store: 'redis', redisUrl: string })

export interface Config {
  port: number
  host: string
  databaseUrl: string | undefined
  databaseWaitSeconds: number
  logLevel: z.infer<typeof LogLevelSchema>
  dataDir: string
  seedDir: string
  migrationsDir: string
  corsOrigin: string
  rateLimit: RateLimitConfig
  readsRequireKey: boolean
  maxLiveStreams: number
  /** Fastify's `trustProxy`: false, true, a hop count, or proxy addresses. */
  trustProxy: boolean | number | string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Relative paths are resolved against the working directory, the project root under npm scripts. */
const ROOT = process.cwd()

export function parseConfig (env: Record<string, string | undefined>): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const result = ConfigSchema.safeParse(blankless)
  if (!result.success) {
    const issue = result.error.issues[0]!
    throw new ConfigError(`invalid environment variable ${issue.path.join('.')}: ${issue.message}`)
  }
  const c = result.data
  // Redis when a URL is given; else replicas can only share a database of their own (DATABASE_URL):
  // the embedded one belongs to the one process that started it, so there the limit is counted in
  // memory, exactly and for free.
  const store = c.RATE_LIMIT_STORE ?? (c.REDIS_URL !== undefined ? 'redis' : c.DATABASE_URL !== undefined ? 'postgres' : 'memory')
  if (store === 'redis' && c.REDIS_URL === undefined) throw new ConfigError('invalid environment variable RATE_LIMIT_STORE: redis needs REDIS_URL')
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    databaseWaitSeconds: c.DATABASE_WAIT_SECONDS,
    logLevel: c.LOG_LEVEL,
    dataDir: resolve(ROOT, c.DATA_DIR),
    seedDir: resolve(ROOT, c.SEED_DIR),
    migrationsDir: resolve(ROOT, 'prisma', 'migrations'),
    corsOrigin: c.CORS_ORIGIN,
    rateLimit: store === 'redis'
      ? { max: c.RATE_LIMIT_MAX, timeWindow: c.RATE_LIMIT_WINDOW, store, redisUrl: c.REDIS_URL! }
      : { max: c.RATE_LIMIT_MAX, timeWindow: c.RATE_LIMIT_WINDOW, store },
    readsRequireKey: c.READS_REQUIRE_KEY === 'true',
    maxLiveStreams: c.MAX_LIVE_STREAMS,
    trustProxy: c.TRUST_PROXY === undefined || c.TRUST_PROXY === 'false' ? false : c.TRUST_PROXY === 'true' ? true : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY
  }
}
