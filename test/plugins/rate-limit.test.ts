// The rate limit shared through PostgreSQL: two app instances on one database are two replicas,
// and a client gets one budget from both together. Each test is its own client (its own address),
// so the counters of other tests and runs on the shared test database never meet it.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { useTestApp, testDatabaseUrl } from '../helpers/app'

const db = useTestApp()
const replicas: FastifyInstance[] = []

async function replica (max: number, url = testDatabaseUrl()): Promise<FastifyInstance> {
  const app = await buildApp({ config: parseConfig({ RATE_LIMIT_MAX: String(max), RATE_LIMIT_STORE: 'postgres' }), databaseUrl: url })
  await app.ready()
  replicas.push(app)
  return app
}

/** An address of the documentation range, new for each call: a client no other test is. */
function newClient (): string {
  const b = randomBytes(2)
  return `198.51.${b[0]}.${b[1]}`
}

afterAll(async () => { await Promise.all(replicas.map(async (app) => await app.close())) })

describe('a rate limit shared by replicas', () => {
  let a: FastifyInstance
  let b: FastifyInstance
  beforeAll(async () => {
    a = await replica(4)
    b = await replica(4)
  })

  it('gives a client one budget across two replicas: A and B together answer 429 at the limit', async () => {
    const client = newClient()
    const get = (app: FastifyInstance): Promise<{ statusCode: number, headers: Record<string, unknown> }> =>
      app.inject({ url: '/v1/scenarios', remoteAddress: client } satisfies InjectOptions)
    const answers = []
    for (const app of [a, b, a, b, a, b]) answers.push(await get(app))
    expect(answers.map((r) => [r.statusCode, r.headers['ratelimit-remaining']])).toEqual([
      [200, '3'], [200, '2'], [200, '1'], [200, '0'], [429, '0'], [429, '0']
    ])
    expect(answers[4]!.headers['retry-after']).toMatch(/^\d+$/)
    expect(Number(answers[5]!.headers['ratelimit-reset'])).toBeLessThanOrEqual(60)
  })

  it('lets exactly the limit through when requests race on both replicas at once', async () => {
    const client = newClient()
    const statuses = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      (await (i % 2 === 0 ? a : b).inject({ url: '/v1/scenarios', remoteAddress: client })).statusCode))
    expect(statuses.filter((s) => s === 200)).toHaveLength(4)
    expect(statuses.filter((s) => s === 429)).toHaveLength(16)
  })

  it('counts clients apart, and opens a new window once the old one has ended', async () => {
    const client = newClient()
    for (let i = 0; i < 4; i++) await a.inject({ url: '/v1/scenarios', remoteAddress: client })
    expect((await b.inject({ url: '/v1/scenarios', remoteAddress: client })).statusCode).toBe(429)
    expect((await b.inject({ url: '/v1/scenarios', remoteAddress: newClient() })).statusCode).toBe(200)

    // The window ends by the database's clock, which every replica reads.
    await db.sql.query("UPDATE rate_limit_counters SET expires_at = now() - interval '1 second' WHERE key = $1", [client])
    const fresh = await b.inject({ url: '/v1/scenarios', remoteAddress: client })
    expect([fresh.statusCode, fresh.headers['ratelimit-remaining']]).toEqual([200, '3'])
    const { rows } = await db.sql.query('SELECT hits FROM rate_limit_counters WHERE key = $1', [client])
    expect(rows).toEqual([{ hits: 1 }])
  })

  it('never counts health checks, and never empties the response cache (a count is not a data change)', async () => {
    const client = newClient()
    const before = await db.sql.query('SELECT version FROM data_version')
    for (let i = 0; i < 6; i++) expect((await a.inject({ url: '/health/live', remoteAddress: client })).statusCode).toBe(200)
    await a.inject({ url: '/v1/scenarios', remoteAddress: client })
    expect((await db.sql.query('SELECT version FROM data_version')).rows).toEqual(before.rows)
  })
})

describe('a shared rate limit whose database is down', () => {
  it('lets requests through uncounted rather than answering 500', async () => {
    // Nothing listens on port 1: every count fails at once, as during an outage.
    const app = await replica(1, 'postgresql://nobody@127.0.0.1:1/none')
    const client = newClient()
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ url: '/openapi.json', remoteAddress: client })
      expect(res.statusCode).toBe(200)
      expect(res.headers['ratelimit-limit']).toBe('1')
    }
  })
})

describe('a rate limit behind a load balancer', () => {
  async function limited (env: Record<string, string>): Promise<FastifyInstance> {
    const app = await buildApp({ config: parseConfig({ RATE_LIMIT_MAX: '1', ...env }), databaseUrl: testDatabaseUrl() })
    await app.ready()
    replicas.push(app)
    return app
  }
  // Every request arrives from the balancer's address; X-Forwarded-For names the client.
  const through = (app: FastifyInstance, client: string): Promise<{ statusCode: number }> =>
    app.inject({ url: '/v1/scenarios', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': client } })

  it('counts each client apart when TRUST_PROXY names the balancer', async () => {
    const app = await limited({ TRUST_PROXY: '10.0.0.0/8' })
    const [one, two] = [newClient(), newClient()]
    expect([(await through(app, one)).statusCode, (await through(app, two)).statusCode, (await through(app, one)).statusCode]).toEqual([200, 200, 429])
  })

  it('counts every client as the balancer without it', async () => {
    const app = await limited({})
    expect([(await through(app, newClient())).statusCode, (await through(app, newClient())).statusCode]).toEqual([200, 429])
  })
})
