// Live changes on two replicas of one database: a write through either reaches the Server-Sent
// Events streams and GraphQL subscriptions of both, through PostgreSQL's LISTEN/NOTIFY alone.
// It writes, so it runs on its own copy of the knowledge base.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { createClient, type Client as GraphqlWsClient } from 'graphql-ws'
import request from 'supertest'
import WebSocket from 'ws'
import { createKey } from '../../src/auth/api-keys'
import { buildApp, type AppOptions } from '../../src/app'
import { parseConfig } from '../../src/config'
import { openStream, type OpenStream } from '../helpers/event-stream'
import { createSeededScratchDatabase } from '../helpers/seeded-scratch'

let scratch: { url: string, drop: () => Promise<void> }
let a: FastifyInstance
let b: FastifyInstance
let editor: string
const run = randomBytes(3).toString('hex')
const opened: Array<{ close: () => void }> = []

async function replica (env: Record<string, string> = {}, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: parseConfig(env), databaseUrl: scratch.url, ...options })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

function base (app: FastifyInstance): string {
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
}

async function stream (app: FastifyInstance, path = '/v1/changes/stream', headers: Record<string, string> = {}): Promise<OpenStream> {
  const s = await openStream(`${base(app)}${path}`, headers)
  opened.push(s)
  return s
}

async function createActor (app: FastifyInstance, name: string): Promise<string> {
  const slug = `live-${run}-${name}`
  await request(app.server).post('/v1/actors').set('authorization', `Bearer ${editor}`)
    .send({ slug, name: `Live ${name}`, kind: 'government-body' }).expect(201)
  return slug
}

beforeAll(async () => {
  scratch = await createSeededScratchDatabase('live_changes')
  a = await replica()
  b = await replica()
  editor = (await createKey(a.prisma, { name: `live-editor-${run}`, role: 'editor' })).key
}, 60_000)
afterAll(async () => {
  for (const s of opened) s.close()
  await Promise.all([a.close(), b.close()])
  await scratch.drop()
})

describe('GET /v1/changes/stream (Server-Sent Events)', () => {
  it('pushes a write through replica A to streams on A and on B, as the changes feed records it', async () => {
    const onA = await stream(a)
    const onB = await stream(b)
    expect(onB.status).toBe(200)
    expect(onB.headers['content-type']).toMatch(/^text\/event-stream/)
    expect(onB.headers['cache-control']).toBe('no-cache')

    const slug = await createActor(a, 'pushed')
    const feed = await request(a.server).get('/v1/changes?limit=200').expect(200)
    const recorded = feed.body.data.find((c: { slug: string }) => c.slug === slug)
    for (const s of [onA, onB]) {
      const event = await s.nextEvent()
      expect(event).toEqual({ id: recorded.id, event: 'change', data: JSON.stringify(recorded) })
    }
    expect(recorded).toMatchObject({ kind: 'actors', action: 'create', by: `live-editor-${run}`, before: null, after: { slug } })
  })

  it('resumes after Last-Event-ID: the changes since then first, then the live ones, each once', async () => {
    const first = await createActor(b, 'before-resume')
    const { body } = await request(a.server).get('/v1/changes?limit=200').expect(200)
    const lastSeen = body.data.at(-1).id as string
    expect(body.data.at(-1).slug).toBe(first)

    const missed = await createActor(b, 'missed')
    const resumed = await stream(a, '/v1/changes/stream', { 'last-event-id': String(BigInt(lastSeen) - 1n) })
    expect(JSON.parse((await resumed.nextEvent()).data!)).toMatchObject({ id: lastSeen, slug: first })
    expect(JSON.parse((await resumed.nextEvent()).data!)).toMatchObject({ slug: missed })
    const live = await createActor(b, 'live-after-resume')
    expect(JSON.parse((await resumed.nextEvent()).data!)).toMatchObject({ slug: live })
    await expect(resumed.nextEvent(300)).rejects.toThrow('no event within 300 ms')

    // `since` in the query does the same for a first connection (EventSource cannot send headers).
    const fromQuery = await stream(a, `/v1/changes/stream?since=${lastSeen}`)
    expect(JSON.parse((await fromQuery.nextEvent()).data!)).toMatchObject({ slug: missed })
  })

  it('refuses a Last-Event-ID or since that is no change id or time with 400 problem+json', async () => {
    const bad = await request(a.server).get('/v1/changes/stream').set('last-event-id', 'abc').expect(400)
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/)
    const since = await request(a.server).get('/v1/changes/stream?since=yesterday').expect(400)
    expect(since.body).toMatchObject({ status: 400, code: 'invalid-parameter' })
  })

  it('sends heartbeats, holds at most MAX_LIVE_STREAMS streams, and ends them when the app closes', async () => {
    const small = await replica({ MAX_LIVE_STREAMS: '1' }, { sseHeartbeatMs: 100 })
    try {
      const held = await stream(small)
      expect(await held.next(2000)).toEqual({ comment: 'heartbeat' })
      const refused = await request(small.server).get('/v1/changes/stream').expect(503)
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(refused.headers['retry-after']).toBe('5')
      expect(refused.body).toMatchObject({ status: 503, code: 'too-many-streams' })

      held.close()
      await new Promise((resolve) => setTimeout(resolve, 100))
      const next = await stream(small)
      expect(next.status).toBe(200)
      const closing = Date.now()
      await small.close()
      await next.ended
      expect(Date.now() - closing).toBeLessThan(2000)
    } finally {
      await small.close()
    }
  })
})

describe('subscription { changes } (GraphQL over WebSocket)', () => {
  let clients: GraphqlWsClient[] = []
  afterEach(async () => {
    await Promise.all(clients.map(async (c) => { await c.dispose() }))
    clients = []
  })

  function subscribe (app: FastifyInstance, query: string): { next: () => Promise<unknown> } {
    const client = createClient({ url: `${base(app).replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 })
    clients.push(client)
    const results = client.iterate({ query })
    return { next: async () => (await results.next()).value }
  }

  it('pushes a REST write through replica A to a subscriber on replica B', async () => {
    const streams = b.liveChanges.size
    const subscription = subscribe(b, 'subscription { changes { id kind slug action by before after } }')
    // Live once the replica holds it as a stream (the protocol acknowledges no subscription).
    const started = subscription.next()
    while (b.liveChanges.size === streams) await new Promise((resolve) => setTimeout(resolve, 20))
    const slug = await createActor(a, 'subscribed')
    expect(await started).toEqual({
      data: { changes: { id: expect.stringMatching(/^\d+$/), kind: 'actors', slug, action: 'CREATE', by: `live-editor-${run}`, before: null, after: expect.objectContaining({ slug, name: 'Live subscribed' }) } }
    })
  })

  it('replays the changes after `since` first, like the stream', async () => {
    const { body } = await request(a.server).get('/v1/changes?limit=200').expect(200)
    const last = body.data.at(-1)
    const subscription = subscribe(a, `subscription { changes(since: "${BigInt(last.id) - 1n}") { id slug } }`)
    expect(await subscription.next()).toEqual({ data: { changes: { id: last.id, slug: last.slug } } })
  })

  it('refuses a subscription sent over HTTP with a 400 that says where to subscribe', async () => {
    const res = await request(a.server).post('/graphql').send({ query: 'subscription { changes { id } }' }).expect(400)
    expect(res.body).toMatchObject({ data: null, errors: [{ message: expect.stringContaining('subscribe over WebSocket'), extensions: { code: 'validation-failed' } }] })
  })

  it('answers a bad `since` with an error that carries its code', async () => {
    const subscription = subscribe(a, 'subscription { changes(since: "yesterday") { id } }')
    await expect(subscription.next()).rejects.toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'invalid-parameter' }) })])
  })
})
