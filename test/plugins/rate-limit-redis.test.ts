// The rate limit shared through Redis (REDIS_URL): two app instances are two replicas, and a client
// gets one budget from both. No Redis server runs here, so ioredis is replaced by ioredis-mock
// (in-memory, shared by the clients of one host and port, and running the store's Lua script);
// a URL on port 1, where nothing listens, gets the real ioredis, to see an unreachable Redis.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import RedisMock from 'ioredis-mock'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { testDatabaseUrl } from '../helpers/app'

jest.mock('ioredis', () => {
  const { default: Real } = jest.requireActual<typeof import('ioredis')>('ioredis')
  const Mock = jest.requireActual<typeof import('ioredis-mock')>('ioredis-mock')
  function Redis (url: string, options: object): unknown {
    return new URL(url).port === '1' ? new Real(url, options) : new Mock(url, options)
  }
  return { __esModule: true, default: Redis, Redis }
})

const REDIS_URL = 'redis://cache.test:6379'
const NAMESPACE = 'peninsula-kb:rate-limit:'
const replicas: FastifyInstance[] = []

interface LogLine { level: number, msg: string }

async function replica (env: Record<string, string>, log?: LogLine[]): Promise<FastifyInstance> {
  const app = await buildApp({
    config: parseConfig({ RATE_LIMIT_MAX: '4', ...env }),
    databaseUrl: testDatabaseUrl(),
    logger: log === undefined ? false : { level: 'info', stream: { write: (line: string) => { log.push(JSON.parse(line) as LogLine) } } }
  })
  await app.ready()
  replicas.push(app)
  return app
}

/** An address of the documentation range, new for each call: a client no other test is. */
function newClient (): string {
  const b = randomBytes(2)
  return `203.0.${b[0]}.${b[1]}`
}

afterAll(async () => { await Promise.all(replicas.map(async (app) => await app.close())) })

describe('a rate limit shared through Redis', () => {
  let a: FastifyInstance
  let b: FastifyInstance
  const redis = new RedisMock(REDIS_URL)
  beforeAll(async () => {
    a = await replica({ REDIS_URL })
    b = await replica({ REDIS_URL })
  })

  it('gives a client one budget across two replicas: A and B together answer 429 at the limit', async () => {
    const client = newClient()
    const answers = []
    for (const app of [a, b, a, b, a, b]) answers.push(await app.inject({ url: '/v1/scenarios', remoteAddress: client }))
    expect(answers.map((r) => [r.statusCode, r.headers['ratelimit-remaining']])).toEqual([
      [200, '3'], [200, '2'], [200, '1'], [200, '0'], [429, '0'], [429, '0']
    ])
    expect(answers[4]!.json()).toMatchObject({ status: 429, code: 'rate-limited' })
    expect(answers[4]!.headers['retry-after']).toMatch(/^\d+$/)
    // The count lives in Redis, under the service's namespace, and expires with the window.
    expect(await redis.get(`${NAMESPACE}${client}`)).toBe('6')
    expect(await redis.pttl(`${NAMESPACE}${client}`)).toBeGreaterThan(55_000)
  })

  it('lets exactly the limit through when requests race on both replicas at once', async () => {
    const client = newClient()
    const statuses = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      (await (i % 2 === 0 ? a : b).inject({ url: '/v1/scenarios', remoteAddress: client })).statusCode))
    expect(statuses.filter((s) => s === 200)).toHaveLength(4)
  })

  it('counts clients apart, and opens a new window once the old one has expired', async () => {
    const client = newClient()
    for (let i = 0; i < 4; i++) await a.inject({ url: '/v1/scenarios', remoteAddress: client })
    expect((await b.inject({ url: '/v1/scenarios', remoteAddress: client })).statusCode).toBe(429)
    expect((await b.inject({ url: '/v1/scenarios', remoteAddress: newClient() })).statusCode).toBe(200)
    await redis.del(`${NAMESPACE}${client}`)
    const fresh = await a.inject({ url: '/v1/scenarios', remoteAddress: client })
    expect([fresh.statusCode, fresh.headers['ratelimit-remaining']]).toEqual([200, '3'])
  })

  it('is not shared with a replica that counts in its own memory', async () => {
    const alone = await replica({ REDIS_URL, RATE_LIMIT_STORE: 'memory' })
    const client = newClient()
    for (let i = 0; i < 4; i++) await a.inject({ url: '/v1/scenarios', remoteAddress: client })
    const res = await alone.inject({ url: '/v1/scenarios', remoteAddress: client })
    expect([res.statusCode, res.headers['ratelimit-remaining']]).toEqual([200, '3'])
  })
})

describe('a Redis that does not answer', () => {
  it('lets requests through uncounted rather than answering 500, and says so once', async () => {
    const log: LogLine[] = []
    // Nothing listens on port 1: the real client's connection is refused, again and again.
    const app = await replica({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_MAX: '1' }, log)
    const client = newClient()
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ url: '/openapi.json', remoteAddress: client })
      expect(res.statusCode).toBe(200)
      expect(res.headers['ratelimit-limit']).toBe('1')
    }
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(log.filter((line) => line.level >= 40).map((line) => line.msg)).toEqual([
      'cannot count the rate limit in Redis: requests go on uncounted until it answers'
    ])
  })
})
