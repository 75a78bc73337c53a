// Live changes: every write, pushed to open streams (SSE at /v1/changes/stream, the GraphQL
// subscription `changes`) on every replica. A trigger on the audit trail NOTIFYs each new change's
// id (migration 20261206010000_changes_notify); one LISTEN connection per replica hears them all,
// reads each change once and hands it to that replica's streams. So a write through replica A
// reaches the clients of replica B, and the database is the only thing the replicas share.
import fp from 'fastify-plugin'
import pg from 'pg'
import type { PrismaClient } from '../db/prisma'
import { AppError } from '../errors'
import { changesByIds, listChanges, parseSince, type Change } from '../knowledge/changes'

declare module 'fastify' {
  interface FastifyInstance {
    liveChanges: LiveChanges
  }
}

export interface LiveChanges {
  /**
   * A stream of changes as they commit: first those after `since` (a change id or an ISO time, as
   * GET /v1/changes takes it), then each new one. Ending it (`return()`) frees its place.
   */
  open: (since?: string) => Promise<AsyncIterableIterator<Change>>
  /** Streams open on this replica now. */
  readonly size: number
}

/** All streams of this replica are taken; another replica, or this one a little later, may have room. */
export class TooManyStreamsError extends AppError {
  constructor (max: number) {
    super(503, 'too-many-streams', 'Service Unavailable', `this server already holds ${max} live streams; retry in a few seconds (or poll GET /v1/changes)`, { retryAfter: 5 })
  }
}

const CHANNEL = 'peninsula_kb_changes'
/** A stream whose client reads slower than this many changes behind is ended; it resumes with Last-Event-ID. */
const MAX_BEHIND = 1000
/** Backlog ids remembered to drop a change that both the backlog and the live feed bring. */
const OVERLAP = 1000

/** One client's queue of live changes, bounded; `end()` wakes a waiting reader. */
class ChangeQueue {
  private readonly items: Change[] = []
  private waiting: ((result: IteratorResult<Change, undefined>) => void) | undefined
  ended = false

  constructor (private readonly onEnd: () => void) {}

  push (change: Change): void {
    if (this.ended) return
    if (this.waiting !== undefined) {
      const wake = this.waiting
      this.waiting = undefined
      wake({ value: change, done: false })
    } else if (this.items.length >= MAX_BEHIND) {
      this.end()
    } else {
      this.items.push(change)
    }
  }

  async next (): Promise<IteratorResult<Change, undefined>> {
    const item = this.items.shift()
    if (item !== undefined) return { value: item, done: false }
    if (this.ended) return { value: undefined, done: true }
    return await new Promise((resolve) => { this.waiting = resolve })
  }

  end (): void {
    if (this.ended) return
    this.ended = true
    this.items.length = 0
    this.waiting?.({ value: undefined, done: true })
    this.waiting = undefined
    this.onEnd()
  }
}

/** The backlog after `since`, page by page, then the live queue without what the backlog already gave. */
async function * replayThenLive (db: PrismaClient, since: string | undefined, live: ChangeQueue): AsyncGenerator<Change, void> {
  const given = new Set<string>()
  if (since !== undefined) {
    let cursor: string | undefined
    do {
      const page = await listChanges(db, { since, cursor, limit: 200 })
      for (const change of page.data) {
        given.add(change.id)
        if (given.size > OVERLAP) given.delete(given.values().next().value!)
        yield change
      }
      cursor = page.page.nextCursor ?? undefined
    } while (cursor !== undefined && !live.ended)
  }
  for (let next = await live.next(); next.done !== true; next = await live.next()) {
    if (!given.has(next.value.id)) yield next.value
  }
}

export interface LiveChangesOptions {
  databaseUrl: string
  /** Streams this replica holds at most (SSE and GraphQL subscriptions together). */
  maxStreams: number
}

export default fp<LiveChangesOptions>(async (app, { databaseUrl, maxStreams }) => {
  const queues = new Set<ChangeQueue>()
  let listener: pg.Client | undefined
  let listening: Promise<void> | undefined
  let retry: NodeJS.Timeout | undefined
  let closing = false
  let failures = 0
  // The highest change id this replica has heard of: after a lost connection, the changes past it
  // are read back, as their notifications went to a connection that was no longer there.
  let heard: bigint | undefined
  // Changes are read and handed on one batch at a time, in the order their notifications came.
  const pending: bigint[] = []
  let delivering: Promise<void> = Promise.resolve()
  const recent = new Set<string>()

  function deliver (changes: Change[]): void {
    for (const change of changes) {
      if (recent.has(change.id)) continue
      recent.add(change.id)
      if (recent.size > OVERLAP) recent.delete(recent.values().next().value!)
      for (const queue of queues) queue.push(change)
    }
  }

  function drain (): void {
    delivering = delivering.then(async () => {
      const ids = pending.splice(0)
      if (ids.length === 0 || queues.size === 0) return
      deliver(await changesByIds(app.prisma, ids))
    }).catch((error: unknown) => app.log.warn({ err: error }, 'could not read changes for live streams'))
  }

  function reconnectLater (): void {
    if (closing || retry !== undefined) return
    listener = undefined
    listening = undefined
    const wait = Math.min(30_000, 500 * 2 ** Math.min(failures++, 6))
    retry = setTimeout(() => {
      retry = undefined
      if (queues.size > 0) listen().catch(() => {})
    }, wait).unref()
  }

  async function connect (): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl })
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || message.payload === undefined || !/^\d+$/.test(message.payload)) return
      const id = BigInt(message.payload)
      if (heard === undefined || id > heard) heard = id
      pending.push(id)
      drain()
    })
    let gone = false
    const lost = (error?: Error): void => {
      if (gone) return
      gone = true
      client.end().catch(() => {})
      if (closing) return
      if (listener === client) app.log.warn({ err: error }, 'live changes: lost the LISTEN connection; reconnecting')
      reconnectLater()
    }
    client.on('error', lost)
    client.on('end', () => lost())
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANNEL}`)
    } catch (error) {
      lost(error as Error)
      throw error
    }
    listener = client
    if (failures > 0) app.log.info('live changes: listening again')
    failures = 0
    // What was written while this replica was not listening.
    const missed = heard
    const [row] = await app.prisma.$queryRaw<Array<{ max: bigint | null }>>`SELECT max(id) AS max FROM changes`
    const max = row?.max ?? 0n
    if (heard === undefined || max > heard) heard = max
    if (missed !== undefined) {
      delivering = delivering.then(async () => {
        let cursor: string | undefined
        do {
          const page = await listChanges(app.prisma, { since: missed.toString(), cursor, limit: 200 })
          deliver(page.data)
          cursor = page.page.nextCursor ?? undefined
        } while (cursor !== undefined)
      }).catch((error: unknown) => app.log.warn({ err: error }, 'could not read missed changes for live streams'))
    }
  }

  /** Connects on first use: an app that never opens a stream holds no extra connection. */
  async function listen (): Promise<void> {
    listening ??= connect()
    await listening
  }

  app.decorate('liveChanges', {
    async open (since?: string): Promise<AsyncIterableIterator<Change>> {
      if (since !== undefined) parseSince(since)
      if (queues.size >= maxStreams) throw new TooManyStreamsError(maxStreams)
      // Listening before the stream counts as open, so no change committed after this call is missed.
      await listen()
      const live = new ChangeQueue(() => queues.delete(live))
      queues.add(live)
      const changes = replayThenLive(app.prisma, since, live)
      const stream: AsyncIterableIterator<Change> = {
        [Symbol.asyncIterator]: () => stream,
        next: async () => await changes.next(),
        // Ending the queue first wakes a reader waiting on it, so the generator can return at once.
        return: async () => {
          live.end()
          return await changes.return(undefined)
        }
      }
      return stream
    },
    get size () { return queues.size }
  } satisfies LiveChanges)

  // Before the server stops accepting: ending every stream lets their responses finish, so
  // closing does not wait for clients that would never hang up.
  app.addHook('preClose', async () => {
    closing = true
    for (const queue of [...queues]) queue.end()
  })
  app.addHook('onClose', async () => {
    clearTimeout(retry)
    await delivering
    await listener?.end()
  })
}, { name: 'live-changes', dependencies: ['prisma'] })
