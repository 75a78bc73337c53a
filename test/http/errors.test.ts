// Errors the shared app routes cannot provoke on demand (an internal failure, rate limiting) and the
// router's own refusals, which come before any route or hook.
import request from 'supertest'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { testDatabaseUrl, useTestApp } from '../helpers/app'

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

describe('the router', () => {
  const ctx = useTestApp()

  it('answers a malformed percent-encoding in the path with 400 problem+json', async () => {
    const res = await ctx.get('/v1/events/%FF').expect(400)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.headers['x-request-id']).toMatch(/^[\da-f-]{36}$/)
    expect(res.body).toEqual({
      type: '/problems/malformed-url',
      title: 'Bad Request',
      status: 400,
      detail: 'the path has a malformed percent-encoding (%XX that is not UTF-8)',
      instance: '/v1/events/%FF',
      code: 'malformed-url'
    })
  })

  it('answers a path segment over 200 characters with 414 problem+json', async () => {
    const path = `/v1/events/${'a'.repeat(201)}`
    const res = await ctx.get(path).expect(414)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.body).toEqual({ type: '/problems/uri-too-long', title: 'URI Too Long', status: 414, detail: 'a path segment is longer than 200 characters', instance: path, code: 'uri-too-long' })
    // 200 characters is still a lookup (of nothing).
    await ctx.get(`/v1/events/${'a'.repeat(200)}`).expect(404)
  })
})
