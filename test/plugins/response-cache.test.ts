// The response cache on a database of its own (it writes, which the shared test database must not see).
import type { FastifyInstance, InjectOptions } from 'fastify'
import pg from 'pg'
import pino from 'pino'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { migrate } from '../../src/db/migrate'
import { testDatabaseUrl } from '../helpers/app'
import { createScratchDatabase } from '../helpers/scratch-database'

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>
let app: FastifyInstance
let db: pg.Client
let sql: jest.SpiedFunction<typeof pg.Client.prototype.query>

beforeAll(async () => {
  scratch = await createScratchDatabase(testDatabaseUrl(), 'response_cache')
  await migrate(scratch.url, 'prisma/migrations', pino({ level: 'silent' }))
  db = new pg.Client({ connectionString: scratch.url })
  await db.connect()
  await db.query(`INSERT INTO events (slug, title, summary, category, date_precision, date_basis)
    VALUES ('cached-event', 'First title', 'An event to cache – the DPRK’s “북한”.', 'other', 'unknown', 'text')`)
  app = await buildApp({ config: parseConfig({}), databaseUrl: scratch.url })
  await app.ready()
  sql = jest.spyOn(pg.Client.prototype, 'query')
}, 60_000)
afterAll(async () => {
  sql.mockRestore()
  await app.close()
  await db.end()
  await scratch.drop()
})

/** The response and the number of SQL statements it took. */
async function counted (options: InjectOptions): Promise<{ statements: number, status: number, body: string, etag: unknown, length: unknown }> {
  sql.mockClear()
  const res = await app.inject(options)
  return { statements: sql.mock.calls.length, status: res.statusCode, body: res.body, etag: res.headers.etag, length: Number(res.headers['content-length']) }
}

const graphqlTitle: InjectOptions = { method: 'POST', url: '/graphql', payload: { query: '{ event(slug: "cached-event") { title } }' } }

describe('the response cache', () => {
  it('answers a repeated read with one statement (the data version) and the same body and ETag, until a write', async () => {
    const first = await counted({ url: '/v1/events/cached-event' })
    const again = await counted({ url: '/v1/events/cached-event' })
    expect(first.status).toBe(200)
    expect(JSON.parse(first.body)).toMatchObject({ slug: 'cached-event', title: 'First title', summary: 'An event to cache – the DPRK’s “북한”.' })
    expect(first.statements).toBeGreaterThan(1)
    // Kept as bytes: text outside ASCII comes back the same, with the same length.
    expect(again).toEqual({ ...first, statements: 1 })
    expect(first.length).toBe(Buffer.byteLength(first.body))
    expect(again.length).toBe(Buffer.byteLength(first.body))

    // A write from outside the app (here psql-like, straight to the database) moves the version on.
    await db.query('UPDATE events SET title = \'Second title\' WHERE slug = \'cached-event\'')
    const after = await counted({ url: '/v1/events/cached-event' })
    expect(JSON.parse(after.body)).toMatchObject({ title: 'Second title' })
    expect(after.statements).toBeGreaterThan(1)
    expect(after.etag).not.toBe(first.etag)
  })

  it('answers 304 to If-None-Match from a cached response', async () => {
    const { etag } = await counted({ url: '/v1/events/cached-event' })
    const res = await app.inject({ url: '/v1/events/cached-event', headers: { 'if-none-match': String(etag) } })
    expect(res.statusCode).toBe(304)
  })

  it('keeps GraphQL queries too', async () => {
    const first = await counted(graphqlTitle)
    const again = await counted(graphqlTitle)
    expect(JSON.parse(again.body)).toEqual({ data: { event: { title: 'Second title' } } })
    expect(again).toEqual({ ...first, statements: 1 })
  })

  it('does not keep responses that are not 200', async () => {
    const first = await counted({ url: '/v1/events/no-such-event' })
    const again = await counted({ url: '/v1/events/no-such-event' })
    expect(first.status).toBe(404)
    expect(again.statements).toBe(first.statements)
  })

  it('does not keep a GraphQL answer that carries errors (GraphQL answers them with 200)', async () => {
    const failing: InjectOptions = { method: 'POST', url: '/graphql', payload: { query: '{ event(slug: "cached-event") { title } missing: event(slug: "no-such-event") { title } }' } }
    const first = await counted(failing)
    const again = await counted(failing)
    expect(first.status).toBe(200)
    expect(JSON.parse(first.body).errors).toHaveLength(1)
    expect(again.statements).toBe(first.statements)
    expect(again.statements).toBeGreaterThan(1)
  })

  it('holds at most maxBytes of bodies, letting the least recently used go first', async () => {
    // Three queries with the same answer (they differ in spacing only), so the same body size.
    const spaced = (spaces: number): InjectOptions => ({ ...graphqlTitle, payload: { query: `{${' '.repeat(spaces)}event(slug: "cached-event") { title } }` } })
    const a = spaced(1)
    const b = spaced(2)
    const c = spaced(3)
    const size = (await app.inject(a)).rawPayload.length
    // Room for two bodies of this size, not three.
    const small = await buildApp({ config: parseConfig({}), databaseUrl: scratch.url, responseCache: { maxBytes: Math.floor(2.5 * size) } })
    try {
      const statementsOf = async (query: InjectOptions): Promise<number> => {
        sql.mockClear()
        expect((await small.inject(query)).statusCode).toBe(200)
        return sql.mock.calls.length
      }
      // `a` is read again before `c` arrives, so `b` is the least recently used when `c` needs room.
      for (const query of [a, b]) expect(await statementsOf(query)).toBeGreaterThan(1)
      expect(await statementsOf(a)).toBe(1)
      expect(await statementsOf(c)).toBeGreaterThan(1)
      expect(await statementsOf(a)).toBe(1)
      expect(await statementsOf(c)).toBe(1)
      expect(await statementsOf(b)).toBeGreaterThan(1)
    } finally {
      await small.close()
    }
  })
})
