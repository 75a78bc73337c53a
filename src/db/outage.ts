// Which failures mean "the database is not answering" (an outage: answered 503 with Retry-After,
// logged once) rather than a fault in a request or in the code (a 500, logged every time). Errors
// arrive from pg directly (the read paths) or wrapped by Prisma's driver adapter (writes, keys).
import type { FastifyBaseLogger } from 'fastify'
import { AppError } from '../errors'

/** How long a client is told to wait before retrying while the database is away. */
export const RETRY_AFTER_SECONDS = 5

/** Sockets that could not be opened or were cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
/** PostgreSQL's own: admin/crash shutdown, "the database system is starting up / shutting down", too many connections. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])
/** Prisma's: can't reach, timed out, server closed the connection, no connection from the pool in time. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
/** The Prisma driver adapter's error kinds. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
/** pg's errors without a code: a connection that ended under a query, a pool that could not connect in time. */
const MESSAGES = /^(Connection terminated|Connection ended unexpectedly|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/

type Inspectable = { code?: unknown, kind?: unknown, message?: unknown, cause?: unknown, meta?: { driverAdapterError?: unknown }, originalError?: unknown } | null | undefined

export function isDatabaseUnavailable (error: unknown, depth = 0): boolean {
  const e = error as Inspectable
  if (e === null || e === undefined || typeof e !== 'object' || depth > 5) return false
  const code = typeof e.code === 'string' ? e.code : undefined
  if (code !== undefined && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08') || PRISMA_CODES.has(code))) return true
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true
  return [e.meta?.driverAdapterError, e.cause, e.originalError].some((inner) => inner !== undefined && isDatabaseUnavailable(inner, depth + 1))
}

export class DatabaseUnavailableError extends AppError {
  constructor () {
    super(503, 'unavailable', 'Service Unavailable', `the database is not answering; retry in ${RETRY_AFTER_SECONDS} seconds`, { retryAfter: RETRY_AFTER_SECONDS })
  }
}

/**
 * Logs an outage once, at warn, when its first request fails, and once more when a connection
 * succeeds again (with how long it lasted and how many requests it failed), instead of an error
 * line per request.
 */
export class OutageLog {
  private since: number | null = null
  private failures = 0

  constructor (private readonly log: FastifyBaseLogger) {}

  get ongoing (): boolean { return this.since !== null }

  /** A request failed for want of the database. */
  failed (error: unknown, log: FastifyBaseLogger = this.log): void {
    this.failures++
    this.begins(error, log)
  }

  /** An idle connection was lost (no request failed, but the database may be going away). */
  lost (error: unknown): void {
    this.begins(error, this.log)
  }

  private begins (error: unknown, log: FastifyBaseLogger): void {
    if (this.since !== null) return
    this.since = Date.now()
    const { code, message } = (error ?? {}) as { code?: unknown, message?: unknown }
    log.warn({ code, reason: typeof message === 'string' ? message.split('\n').filter(Boolean).at(-1) : undefined },
      `the database is not answering: requests that need it get 503 (Retry-After: ${RETRY_AFTER_SECONDS}) until it is back`)
  }

  reconnected (): void {
    if (this.since === null) return
    this.log.info({ outageMs: Date.now() - this.since, failedRequests: this.failures }, 'the database is answering again')
    this.since = null
    this.failures = 0
  }
}
