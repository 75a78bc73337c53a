// The committed openapi.yaml is the contract: it must equal what the code generates, and real
// responses must validate against it.
import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { parse } from 'yaml'
import { openapiDocument } from '../../src/cli/openapi'
import { buildTestApp } from '../helpers/app'

const committed = readFileSync('openapi.yaml', 'utf8')
const doc = parse(committed) as { openapi: string, paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> }

let app: FastifyInstance
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

describe('openapi.yaml', () => {
  it('is exactly what the code generates (run `npm run openapi` after changing a schema)', async () => {
    expect(await openapiDocument()).toBe(committed)
  })

  it('is OpenAPI 3.1 and is served at /openapi.json and /openapi.yaml', async () => {
    expect(doc.openapi).toBe('3.1.0')
    expect((await request(app.server).get('/openapi.yaml').expect(200)).text).toBe(committed)
    expect((await request(app.server).get('/openapi.json').expect(200)).body).toEqual(doc)
  })

  it('serves Swagger UI at /docs', async () => {
    const res = await request(app.server).get('/docs/').expect(200)
    expect(res.text).toContain('swagger-ui')
  })
})

describe('real responses follow the contract', () => {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true })
  ajv.addSchema(doc, 'openapi')
  const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1')
  const pointer = (path: string, status: string, mediaType = 'application/json'): string =>
    `openapi#/paths/${escape(path)}/get/responses/${status}/content/${escape(mediaType)}/schema`

  const cases: Array<[string, string, string]> = [
    ['/v1/document', '/v1/document', '200'],
    ['/v1/events?limit=200&include=actors,agreements,channels,figures', '/v1/events', '200'],
    ['/v1/events/military-activity-agreement-signed-2015', '/v1/events/{id}', '200'],
    ['/v1/agreements?limit=200&include=parties,events,channels,figures', '/v1/agreements', '200'],
    ['/v1/agreements/unsc-resolution-2270', '/v1/agreements/{id}', '200'],
    ['/v1/leverage-channels?include=figures,actors,events,agreements,claims', '/v1/leverage-channels', '200'],
    ['/v1/leverage-channels/trade', '/v1/leverage-channels/{id}', '200'],
    ['/v1/figures?limit=200&include=channel,event,agreement,actor', '/v1/figures', '200'],
    ['/v1/figures/1', '/v1/figures/{id}', '200'],
    ['/v1/actors?limit=200&include=affiliation,members,events,agreements,channels,figures,claims', '/v1/actors', '200'],
    ['/v1/actors/russia', '/v1/actors/{id}', '200'],
    ['/v1/sources?include=footnotes', '/v1/sources', '200'],
    ['/v1/sources/unsc-resolution-2270', '/v1/sources/{id}', '200'],
    ['/v1/footnotes?include=sources,passage', '/v1/footnotes', '200'],
    ['/v1/footnotes/25', '/v1/footnotes/{id}', '200'],
    ['/v1/scenarios?include=claims', '/v1/scenarios', '200'],
    ['/v1/scenarios/scenario-1-russia-obstructs', '/v1/scenarios/{id}', '200'],
    ['/v1/claims?limit=200&include=scenarios,channels,actors', '/v1/claims', '200'],
    ['/v1/passages?limit=200', '/v1/passages', '200'],
    ['/v1/passages/20', '/v1/passages/{id}', '200'],
    ['/v1/search?q=Dalcombank', '/v1/search', '200'],
    ['/v1/timeline?interval=year&split=category', '/v1/timeline', '200'],
    ['/v1/timeline?shape=rows', '/v1/timeline', '200'],
    ['/v1/stats', '/v1/stats', '200'],
    ['/v1/stats?shape=rows', '/v1/stats', '200'],
    ['/v1/actors/russia/network', '/v1/actors/{id}/network', '200'],
    ['/v1/changes?limit=5', '/v1/changes', '200'],
    ['/v1/changes?cursor=nope', '/v1/changes', '400'],
    ['/v1/search?q=', '/v1/search', '400'],
    ['/v1/events?bogus=1', '/v1/events', '400'],
    ['/v1/events/nope', '/v1/events/{id}', '404']
  ]

  it('catches a body that breaks the contract (the check is not vacuous)', () => {
    const validate = ajv.getSchema(pointer('/v1/events', '200'))!
    expect(validate({ data: [{ id: 'one', slug: 'x' }], page: { limit: 1 } })).toBe(false)
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/data/0/id', '/page']))
  })

  it.each(cases)('GET %s matches %s %s', async (url, path, status) => {
    const res = await request(app.server).get(url)
    expect(String(res.status)).toBe(status)
    // The media type served is the one the contract declares for that status (problems: application/problem+json).
    const validate = ajv.getSchema(pointer(path, status, String(res.headers['content-type']).split(';')[0]))
    expect(validate).toBeDefined()
    const valid = validate!(res.body)
    expect(validate!.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })
})
