// Errors the shared app routes cannot provoke on demand: an internal failure and rate limiting.
import request from 'supertest'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { testDatabaseUrl } from '../helpers/app'

describe('an unexpected failure', () => {
  it('is a 500 problem without internals, logged with the request id', async () => {
    const lines: string[] = []
    const app = await buildApp({
      config: parseConfig({}),
      databaseUrl: testDatabaseUrl(),
      logger: { level: 'error', stream: { write: (line: string) => { lines.push(line) } } }
    })
    app.get('/boom', async () => { throw new Error('secret connection string postgres://admin:hunter2@db') })
    await app.ready()
    try {
      const res = await request(app.server).get('/boom').set('x-request-id', 'req-500').expect(500)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.body).toEqual({
        type: '/problems/internal',
        title: 'Internal Server Error',
        status: 500,
        instance: '/boom',
        code: 'internal',
        requestId: 'req-500',
        detail: 'An unexpected error occurred; the request id identifies it in the logs.'
      })
      expect(JSON.stringify(res.body)).not.toContain('hunter2')
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.reqId === 'req-500' && l.level === 50)
      expect(logged.err.message).toContain('secret connection string')
    } finally {
      await app.close()
    }
  })
})

describe('rate limiting', () => {
  it('answers past the limit with 429 problem+json and RateLimit headers, and spares health checks', async () => {
    const app = await buildApp({ config: parseConfig({ RATE_LIMIT_MAX: '3' }), databaseUrl: testDatabaseUrl() })
    await app.ready()
    try {
      for (let i = 0; i < 3; i++) {
        const ok = await request(app.server).get('/v1/scenarios').expect(200)
        expect(ok.headers['ratelimit-limit']).toBe('3')
        expect(ok.headers['ratelimit-remaining']).toBe(String(2 - i))
      }
      const res = await request(app.server).get('/v1/scenarios').expect(429)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.headers['retry-after']).toMatch(/^\d+$/)
      expect(res.body).toMatchObject({ type: '/problems/rate-limited', status: 429, code: 'rate-limited' })
      await request(app.server).get('/health/live').expect(200)
    } finally {
      await app.close()
    }
  })
})
