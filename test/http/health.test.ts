import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { readMigrations } from '../../src/db/migrate'
import { buildTestApp } from '../helpers/app'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

describe('health checks', () => {
  it('says the process is live', async () => {
    const res = await request(app.server).get('/health/live').expect(200)
    expect(res.body).toEqual({ status: 'ok' })
  })

  it('says it is ready once the database answers and every migration is applied', async () => {
    const res = await request(app.server).get('/health/ready').expect(200)
    expect(res.body).toEqual({ status: 'ok', database: 'ok', migrations: readMigrations('prisma/migrations').length })
  })
})

describe('request ids and unknown routes', () => {
  it('echoes a request id the client sends', async () => {
    const res = await request(app.server).get('/health/live').set('x-request-id', 'client-chosen-42').expect(200)
    expect(res.headers['x-request-id']).toBe('client-chosen-42')
  })

  it('makes up a request id when the client sends none', async () => {
    const res = await request(app.server).get('/health/live').expect(200)
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await request(app.server).get('/no/such/thing?x=1').expect(404)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.body).toEqual({
      type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'No route GET /no/such/thing', instance: '/no/such/thing?x=1', code: 'not-found'
    })
  })
})
