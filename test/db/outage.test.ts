// The database going away: every request that needs it is a 503 problem with Retry-After (GraphQL
// too, with its code), the outage is logged once at warn and its end once at info, the service
// answers again by itself when the database is back, and start-up waits for a database that is late.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import request from 'supertest'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { openDatabase, waitForDatabase } from '../../src/db/database'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres'
import { isDatabaseUnavailable } from '../../src/db/outage'
import { AppError } from '../../src/errors'

jest.setTimeout(90_000)

/** A port nothing listens on. */
async function closedPort (): Promise<number> {
  return await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => { resolve(port) })
    })
  })
}

function logLines (): { lines: Array<Record<string, any>>, stream: { write: (line: string) => void } } {
  const lines: Array<Record<string, any>> = []
  return { lines, stream: { write: (line) => { lines.push(JSON.parse(line)) } } }
}

describe('which failures are an outage', () => {
  it.each([
    ['pg could not connect', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5499'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' })],
    ['pg lost its connection mid-query', new Error('Connection terminated unexpectedly')],
    ['pg waited too long for a connection', new Error('timeout exceeded when trying to connect')],
    ['PostgreSQL shut down by an administrator', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' })],
    ['PostgreSQL starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['Prisma cannot reach the server', Object.assign(new Error("Can't reach database server at 127.0.0.1:5499"), { code: 'P1001' })],
    ['Prisma wrapping an administrator shutdown', Object.assign(new Error('Raw query failed. Code: `57P01`'), { code: 'P2010', meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P01' } } } })],
    ['Prisma wrapping a closed connection', Object.assign(new Error('x'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } })]
  ])('%s is', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it.each([
    ['a syntax error', Object.assign(new Error('syntax error at or near "x"'), { code: '42601', severity: 'ERROR' })],
    ['a bad cast', Object.assign(new Error('invalid input syntax for type integer'), { code: '22P02' })],
    ['a unique violation through Prisma', Object.assign(new Error('Unique constraint failed'), { code: 'P2002', meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } } })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a refusal', new AppError(400, 'invalid-parameter', 'Bad Request', 'no')]
  ])('%s is not', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false)
  })
})

describe('a database that does not answer', () => {
  let app: FastifyInstance
  const log = logLines()
  beforeAll(async () => {
    app = await buildApp({ config: parseConfig({}), databaseUrl: `postgresql://kb:secret@127.0.0.1:${await closedPort()}/kb`, logger: { level: 'info', stream: log.stream } })
    await app.ready()
  })
  afterAll(async () => { await app.close() })

  it('answers every REST request that needs it with 503 unavailable and Retry-After, logged once at warn', async () => {
    for (const url of ['/v1/events', '/v1/events/unsc-resolution-2270-adopted', '/v1/changes', '/v1/search?q=railway', '/v1/timeline', '/v1/document']) {
      const res = await request(app.server).get(url)
      expect({ url, status: res.status, type: res.headers['content-type'], retryAfter: res.headers['retry-after'], body: res.body }).toEqual({
        url,
        status: 503,
        type: 'application/problem+json; charset=utf-8',
        retryAfter: '5',
        body: { type: '/problems/unavailable', title: 'Service Unavailable', status: 503, detail: 'the database is not answering; retry in 5 seconds', instance: url, code: 'unavailable', retryAfter: 5 }
      })
    }
    const write = await request(app.server).post('/v1/events').set('authorization', `Bearer pkb_${'A'.repeat(43)}`).send({ slug: 'x' })
    expect([write.status, write.body.code]).toEqual([503, 'unavailable'])
    await request(app.server).get('/health/live').expect(200)
    expect((await request(app.server).get('/health/ready').expect(503)).body.code).toBe('not-ready')
    const warnings = log.lines.filter((l) => l.level >= 40)
    expect(warnings).toEqual([expect.objectContaining({ level: 40, code: 'ECONNREFUSED', msg: 'the database is not answering: requests that need it get 503 (Retry-After: 5) until it is back' })])
  })

  it('answers GraphQL with 503 and the unavailable code, never internal', async () => {
    const res = await request(app.server).post('/graphql').send({ query: '{ events(first: 1) { totalCount } actor(slug: "russia") { name } }' })
    expect(res.status).toBe(503)
    expect(res.headers['retry-after']).toBe('5')
    expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['unavailable'])
    expect(log.lines.filter((l) => l.level >= 50)).toEqual([])
  })
})

describe('a database stopped and started again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peninsula-kb-outage-'))
  const silent = pino({ level: 'silent' })
  let postgres: EmbeddedPostgres
  let app: FastifyInstance
  let port: number
  const log = logLines()

  beforeAll(async () => {
    const database = await openDatabase({ ...parseConfig({}), databaseUrl: undefined }, silent, { embeddedDir: dir, seedIfEmpty: false })
    await database.close()
    port = await closedPort()
    postgres = await startEmbeddedPostgres({ dir, database: 'peninsula_kb', log: silent, port })
    app = await buildApp({ config: parseConfig({}), databaseUrl: postgres.url, logger: { level: 'info', stream: log.stream } })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await postgres?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is answered 503 while away and 200 when back, without a restart; the outage logged once each way', async () => {
    await request(app.server).get('/v1/scenarios').expect(200)
    await postgres.stop()
    for (let i = 0; i < 5; i++) {
      const res = await request(app.server).get(`/v1/scenarios?limit=${i + 1}`)
      expect([res.status, res.body.code, res.headers['retry-after']]).toEqual([503, 'unavailable', '5'])
    }
    await request(app.server).get('/health/ready').expect(503)
    postgres = await startEmbeddedPostgres({ dir, database: 'peninsula_kb', log: silent, port })
    await request(app.server).get('/v1/scenarios?limit=7').expect(200)
    await request(app.server).get('/health/ready').expect(200)
    const told = log.lines.filter((l) => /database is (not )?answering/.test(l.msg as string))
    expect(told.map((l) => [l.level, l.msg, l.failedRequests])).toEqual([
      [40, 'the database is not answering: requests that need it get 503 (Retry-After: 5) until it is back', undefined],
      [30, 'the database is answering again', 6]
    ])
    expect(log.lines.filter((l) => l.level >= 50)).toEqual([])
  })

  it('is waited for at start-up, for DATABASE_WAIT_SECONDS', async () => {
    await postgres.stop()
    const lines = logLines()
    const waitLog = pino({ level: 'info' }, lines.stream)
    const late = new Promise<EmbeddedPostgres>((resolve, reject) => setTimeout(() => { startEmbeddedPostgres({ dir, database: 'peninsula_kb', log: silent, port }).then(resolve, reject) }, 1500))
    await waitForDatabase(postgres.url, 30, waitLog)
    postgres = await late
    expect(lines.lines.map((l) => l.msg)).toEqual([
      `waiting up to 30 s (DATABASE_WAIT_SECONDS) for the database at 127.0.0.1:${port}/peninsula_kb (DATABASE_URL)`,
      'the database is answering'
    ])
  })

  it('gives up after DATABASE_WAIT_SECONDS naming the database and the variables, never the password', async () => {
    const url = `postgresql://kb:hunter2@127.0.0.1:${await closedPort()}/kb`
    const started = Date.now()
    await expect(waitForDatabase(url, 1, silent)).rejects.toThrow(/^the database at 127\.0\.0\.1:\d+\/kb \(DATABASE_URL\) did not answer within 1 s \(DATABASE_WAIT_SECONDS\): connect ECONNREFUSED 127\.0\.0\.1:\d+$/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(700)
    // A wrong password is not cured by waiting.
    const wrong = new URL(postgres.url)
    wrong.password = 'hunter2'
    await expect(waitForDatabase(wrong.toString(), 30, silent)).rejects.toThrow(`cannot use the database at 127.0.0.1:${port}/peninsula_kb (DATABASE_URL): password authentication failed for user "postgres"`)
  })
})
