// GET /v1/changes: the audit trail as a public, keyset-paged feed; GET /v1/changes/stream: the
// same records pushed as Server-Sent Events as they commit, on whichever replica wrote them.
import sse from '@fastify/sse'
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError } from '../../errors'
import { ChangeSchema, listChanges, type Change } from '../../knowledge/changes'
import { MAX_PAGE_SIZE } from '../../knowledge/pagination'
import { TooManyStreamsError } from '../../plugins/live-changes'
import { columnsOf, everyItem, FormatParam, negotiate, sendRecords } from '../formats'
import { ProblemSchema } from '../problems'
import { BomParam, CursorParam, limitParam } from '../query-params'

const SinceParam = z.string().max(40).optional().describe('A change id (changes after it) or an ISO time (changes at or after it)')

/** Whether an Accept header admits text/event-stream (absent, `*∕*` and `text/*` do). */
function acceptsEventStream (accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return ['text/event-stream', 'text/*', '*/*'].includes(type!.trim()) && (q === undefined || Number(q.slice(2)) > 0)
  })
}

async function * messages (changes: AsyncIterable<Change>): AsyncGenerator<{ id: string, event: string, data: Change }> {
  for await (const change of changes) yield { id: change.id, event: 'change', data: change }
}

const changeRoutes: FastifyPluginAsync<{ heartbeatMs: number }> = async (app, { heartbeatMs }) => {
  // A feed to sync from is revalidated every time (its ETag makes that cheap), not cached for a minute.
  app.addHook('onSend', async (_request, reply) => { reply.header('cache-control', 'no-cache') })
  await app.register(sse, { heartbeatInterval: heartbeatMs })

  app.withTypeProvider<ZodTypeProvider>().get('/v1/changes', {
    schema: {
      tags: ['changes'],
      operationId: 'listChanges',
      summary: 'Every write, oldest first: who, when, what, and the record before and after',
      description: 'The audit trail, public so that dashboards and mirrors can sync: since= a change id or an ISO time, then cursor= page.nextCursor (keyset by change id: no change is skipped or repeated). Cache-Control: no-cache, so revalidate with the ETag.',
      querystring: z.strictObject({
        since: SinceParam,
        limit: limitParam('Page size, 1-200 (default 50; CSV and NDJSON without a limit stream every change)'),
        cursor: CursorParam,
        format: FormatParam,
        bom: BomParam
      }),
      response: { 200: z.object({ data: z.array(ChangeSchema), page: z.object({ limit: z.number().int(), nextCursor: z.string().nullable() }) }).meta({ id: 'ChangePage', description: 'A page of changes, oldest first, and the cursor of the next page' }), '4xx': ProblemSchema }
    }
  }, async (request, reply) => {
    const { since, cursor, limit, format, bom } = request.query
    const wanted = negotiate(format, request.headers.accept)
    if (wanted !== 'json') {
      // before and after are whole records: a CSV cell holds each as JSON text.
      const changes = limit === undefined
        ? everyItem(async (at) => await listChanges(app.prisma, { since, cursor: at, limit: MAX_PAGE_SIZE }), cursor)
        : (async function * () { yield * (await listChanges(app.prisma, { since, cursor, limit })).data })()
      return await sendRecords(reply, wanted, 'changes', columnsOf(ChangeSchema), changes, bom === true)
    }
    return await listChanges(app.prisma, { since, cursor, limit: limit ?? 50 })
  })

  app.withTypeProvider<ZodTypeProvider>().get('/v1/changes/stream', {
    // Manual: the handler answers a client that refuses event streams itself, as problem+json.
    sse: 'manual',
    schema: {
      tags: ['changes'],
      operationId: 'streamChanges',
      summary: 'Every write as it commits, as Server-Sent Events, from whichever server made it',
      description: 'Each event is `id: <change id>`, `event: change`, `data: <the Change as GET /v1/changes gives it>`; ' +
        'a comment (`: heartbeat`) every 15 seconds keeps idle connections open. A reconnecting EventSource sends ' +
        '`Last-Event-ID` and gets the changes it missed first; `since` does the same for a first connection. ' +
        'Each server holds MAX_LIVE_STREAMS streams at most (503 `too-many-streams` beyond, with Retry-After).',
      querystring: z.strictObject({ since: SinceParam }),
      headers: z.object({ 'last-event-id': z.string().max(40).optional().describe('The last change id received; wins over `since`') }),
      response: {
        200: {
          description: 'One event per change: `id: 42`, `event: change`, `data: {"id":"42",...}`, then a blank line',
          content: { 'text/event-stream': { schema: z.string() } }
        },
        '4xx': ProblemSchema,
        503: ProblemSchema
      }
    }
  }, async (request, reply) => {
    if (!acceptsEventStream(request.headers.accept)) {
      throw new AppError(406, 'not-acceptable', 'Not Acceptable', `cannot answer with ${request.headers.accept}; this stream is text/event-stream`)
    }
    let changes: AsyncIterableIterator<Change>
    try {
      changes = await app.liveChanges.open(request.headers['last-event-id'] ?? request.query.since)
    } catch (error) {
      if (error instanceof TooManyStreamsError) reply.header('retry-after', String(error.extensions.retryAfter))
      throw error
    }
    reply.sse.onClose(() => { changes.return?.().catch(() => {}) })
    // Headers now (Node holds them back until the first write otherwise), so the client knows it is
    // connected, and listened for, before the first change.
    reply.sse.sendHeaders()
    reply.raw.flushHeaders()
    await reply.sse.send(messages(changes))
  })
}

export default changeRoutes
