// The rate limit: per API key, else per client IP, so a misbehaving dashboard cannot starve the
// others. Counted in PostgreSQL or Redis, one budget for every replica, or in this process alone
// (RATE_LIMIT_STORE; src/config.ts picks the default). 429s are problem+json.
import rateLimit, { type FastifyRateLimitOptions, type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import Redis from 'ioredis'
import type { Config } from '../config'
import type { PrismaClient } from '../db/prisma'
import { queryRows } from '../db/sql'
import { AppError } from '../errors'
import { Prisma } from '../generated/prisma/client'

/** How often each replica deletes the counters of windows that have ended. */
const PRUNE_EVERY_MS = 60_000

/**
 * A store for @fastify/rate-limit over the `rate_limit_counters` table: one upsert per request
 * counts it and reads the window's count and time left, atomically, by the database's clock. Its
 * semantics are the memory store's: a window opens at a client's first request and lasts
 * `timeWindow`; the 429s of an exhausted window do not extend it.
 */
/** Says once when counting fails and once when it works again, not on every request between. */
function outageLog (log: FastifyBaseLogger, where: string): { counted: () => void, failed: (error: Error) => void } {
  let failing = false
  return {
    counted: () => {
      if (failing) log.info('the rate limit is counted again')
      failing = false
    },
    failed: (error) => {
      if (!failing) log.warn({ err: error }, `cannot count the rate limit in ${where}: requests go on uncounted until it answers`)
      failing = true
    }
  }
}

function postgresStore (db: PrismaClient, log: FastifyBaseLogger): FastifyRateLimitStoreCtor {
  const { counted, failed } = outageLog(log, 'the database')
  return class PostgresStore implements FastifyRateLimitStore {
    constructor (_options: unknown, private readonly prefix = '') {}

    incr (key: string, callback: (error: Error | null, result?: { current: number, ttl: number }) => void, timeWindow?: number): void {
      queryRows<{ hits: number, ttl: number }>(db, Prisma.sql`
        INSERT INTO rate_limit_counters AS c (key, hits, expires_at) VALUES (${this.prefix + key}, 1, now() + ${timeWindow ?? 60_000}::int * interval '1 millisecond')
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN c.expires_at > now() THEN c.hits + 1 ELSE 1 END,
          expires_at = CASE WHEN c.expires_at > now() THEN c.expires_at ELSE EXCLUDED.expires_at END
        RETURNING hits, greatest(0, ceil(extract(epoch FROM expires_at - now()) * 1000))::int AS ttl`)
        .then(([row]) => { counted(); callback(null, { current: row!.hits, ttl: row!.ttl }) },
          (error: Error) => { failed(error); callback(error) })
    }

    /** A route with a limit of its own counts apart from the rest. */
    child (options: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // Typed as the route's options, but given the limiter's settings with the route as `routeInfo`
      // (as the plugin's own Redis store reads it).
      const route = (options as { routeInfo?: { method?: unknown, url?: unknown } }).routeInfo
      return new PostgresStore(undefined, `${this.prefix}${String(route?.method ?? '')} ${String(route?.url ?? '')} `)
    }
  }
}

/** Deletes ended windows now and then; a failure waits for the next turn (the table only grows by clients). */
function pruneCounters (app: FastifyInstance): void {
  const timer = setInterval(() => {
    app.prisma.$executeRaw`DELETE FROM rate_limit_counters WHERE expires_at <= now()`
      .catch((error: unknown) => app.log.debug({ err: error }, 'could not prune the rate-limit counters'))
  }, PRUNE_EVERY_MS).unref()
  app.addHook('onClose', async () => { clearInterval(timer) })
}

/**
 * A Redis client for the plugin's own Redis store (a Lua script per request: INCR and PEXPIRE in
 * one step, by the server's clock). It fails fast rather than queueing while Redis is away, and is
 * closed with the app.
 */
function redisClient (app: FastifyInstance, url: string): Redis {
  const redis = new Redis(url, { connectionName: 'peninsula-kb rate limit', connectTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false })
  const { counted, failed } = outageLog(app.log, 'Redis')
  // ioredis retries the connection by itself; without a listener its errors would be thrown.
  redis.on('error', failed)
  redis.on('ready', counted)
  app.addHook('onClose', async () => { redis.disconnect() })
  return redis
}

/** Where the plugin counts: its memory store, or a store every replica shares. */
function storeOptions (app: FastifyInstance, config: Config['rateLimit']): Partial<FastifyRateLimitOptions> {
  if (config.store === 'memory') return {}
  if (config.store === 'postgres') pruneCounters(app)
  return {
    ...(config.store === 'redis'
      ? { redis: redisClient(app, config.redisUrl), nameSpace: 'peninsula-kb:rate-limit:' }
      : { store: postgresStore(app.prisma, app.log) }),
    // The store being down must not turn every request into a 500: the request goes on uncounted
    // (and is answered by whatever it needs, which may be the database too).
    skipOnError: true
  }
}

export default fp<{ rateLimit: Config['rateLimit'] }>(async (app, { rateLimit: config }) => {
  await app.register(rateLimit, {
    max: config.max,
    timeWindow: config.timeWindow,
    keyGenerator: (request) => request.caller !== null ? `key:${request.caller.prefix}` : request.ip,
    ...storeOptions(app, config),
    enableDraftSpec: true,
    allowList: (request) => request.url.startsWith('/health/'),
    errorResponseBuilder: (_request, context) => new AppError(429, 'rate-limited', 'Too Many Requests',
      `more than ${context.max} requests in ${context.after === undefined ? 'the window' : 'the current window'}; retry in ${context.after}`, { retryAfter: context.after })
  })
}, { name: 'rate-limit', dependencies: ['prisma', 'auth'] })
