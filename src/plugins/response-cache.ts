// Whole responses of anonymous reads (GET /v1/..., GraphQL queries), kept until the data changes.
// The key starts with the data version (prisma/migrations/20261127030000_data_version): triggers
// move it on with every write, whoever makes it, so a cached body is never older than the data.
// One cheap statement per request reads the version; a hit skips the handler and its queries.
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { LRUCache } from 'lru-cache'
import { Prisma } from '../generated/prisma/client'
import { queryRows } from '../db/sql'

export interface ResponseCacheOptions {
  /** Total bytes of cached bodies; the least recently used go first. */
  maxBytes?: number
  /** Larger bodies are not cached. */
  maxEntryBytes?: number
}

interface Entry { body: Buffer, headers: Record<string, string> }

/**
 * Headers a cached response replays; the rest (request id, CORS, rate limit) are computed anew. The
 * ETag is added once the first response has it, so @fastify/etag does not hash the body again.
 */
const KEPT_HEADERS = ['content-type', 'content-disposition']

/** GraphQL operations other than queries change things, and are never answered from the cache. */
const NOT_A_QUERY = /\b(mutation|subscription)\b/

function keyOf (request: FastifyRequest): string | undefined {
  // Whoever sends a credential may be answered differently; only anonymous reads are shared.
  if (request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined) return undefined
  const accept = request.headers.accept ?? ''
  if (request.method === 'GET' && request.url.startsWith('/v1/')) return `GET ${request.url}\n${accept}`
  if (request.method === 'POST' && request.routeOptions.url === '/graphql') {
    const body = request.body as { query?: unknown, variables?: unknown, operationName?: unknown } | undefined
    if (typeof body?.query !== 'string' || NOT_A_QUERY.test(body.query)) return undefined
    return `POST /graphql\n${accept}\n${JSON.stringify([body.query, body.variables ?? null, body.operationName ?? null])}`
  }
  return undefined
}

export default fp<ResponseCacheOptions>(async (app, { maxBytes = 64 * 1024 * 1024, maxEntryBytes = 4 * 1024 * 1024 }) => {
  // Bounded by the bytes of the bodies it holds; the least recently used go first.
  const entries = new LRUCache<string, Entry>({ maxSize: maxBytes, maxEntrySize: Math.min(maxEntryBytes, maxBytes), sizeCalculation: (entry) => entry.body.length })
  const pending = new WeakMap<FastifyRequest, string>()
  const stored = new WeakMap<FastifyRequest, Entry>()
  let version: bigint | undefined

  async function currentVersion (): Promise<bigint> {
    const [row] = await queryRows<{ version: bigint }>(app.prisma, Prisma.sql`SELECT version FROM data_version WHERE id = 1`)
    const now = row?.version ?? -1n
    // Entries of an older version can never be asked for again.
    if (now !== version) {
      entries.clear()
      version = now
    }
    return now
  }

  app.addHook('preHandler', async (request, reply) => {
    const key = keyOf(request)
    if (key === undefined) return
    const full = `${await currentVersion()}\n${key}`
    const hit = entries.get(full)
    if (hit === undefined) {
      pending.set(request, full)
      return
    }
    reply.headers(hit.headers)
    return await reply.send(hit.body)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const key = pending.get(request)
    if (key === undefined || reply.statusCode !== 200) return payload
    // Bodies are bytes by now (src/app.ts encodes them in the first onSend hook), kept as they are
    // for a hit to write; streams (CSV and NDJSON of a whole list) pass through uncached.
    if (!Buffer.isBuffer(payload)) return payload
    const body = payload
    if (body.length > maxEntryBytes) return body
    // GraphQL reports resolver failures with status 200; a failure is not kept.
    if (request.method === 'POST' && body.includes('"errors":')) return body
    const headers: Record<string, string> = {}
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name)
      if (value !== undefined) headers[name] = String(value)
    }
    const entry = { body, headers }
    entries.set(key, entry)
    stored.set(request, entry)
    return body
  })

  app.addHook('onResponse', async (request, reply) => {
    const entry = stored.get(request)
    const etag = reply.getHeader('etag')
    if (entry !== undefined && etag !== undefined) entry.headers.etag = String(etag)
  })
}, { name: 'response-cache', dependencies: ['prisma'] })
