// Curating the knowledge base over REST: keys and roles, writes with evidence, versions, the audit
// trail and deletes that others depend on. It writes, so it runs on its own copy of the knowledge base.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { createKey } from '../../src/auth/api-keys'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { createSeededScratchDatabase } from '../helpers/seeded-scratch'

let app: FastifyInstance
let scratch: { url: string, drop: () => Promise<void> }
let editor: string
let admin: string
const run = randomBytes(3).toString('hex')
const slug = (name: string): string => `curation-${run}-${name}`

beforeAll(async () => {
  scratch = await createSeededScratchDatabase('curation')
  app = await buildApp({ config: parseConfig({}), databaseUrl: scratch.url })
  await app.ready()
  editor = (await createKey(app.prisma, { name: `curation-editor-${run}`, role: 'editor' })).key
  admin = (await createKey(app.prisma, { name: `curation-admin-${run}`, role: 'admin' })).key
}, 60_000)
afterAll(async () => {
  await app.close()
  await scratch.drop()
})

const QUOTE = 'In November 2015, Moscow and Pyongyang signed an agreement on "preventing dangerous military activity."'

function newEvent (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug: slug(name),
    title: 'Moscow and Pyongyang sign a military-activity agreement (restated)',
    summary: 'A curated restatement of a fact the paper gives.',
    category: 'military',
    date: { printed: 'November 2015', value: '2015-11' },
    actors: [{ actor: 'russia', role: 'signatory' }, { actor: 'dprk', role: 'signatory' }],
    evidence: [{ quote: QUOTE }],
    ...extra
  }
}

const bearer = (key: string): string => `Bearer ${key}`

describe('API keys and roles', () => {
  it('refuses a write without a key (401), with an unknown key (401) and answers with problem+json', async () => {
    const none = await request(app.server).post('/v1/events').send(newEvent('nokey')).expect(401)
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(none.body).toMatchObject({ status: 401, code: 'unauthorized' })
    expect(none.headers['www-authenticate']).toBe('Bearer')
    const bad = await request(app.server).post('/v1/events').set('authorization', bearer(`pkb_${'x'.repeat(43)}`)).send(newEvent('badkey')).expect(401)
    expect(bad.body).toMatchObject({ status: 401, code: 'unauthorized' })
  })

  it('keeps reads public, but refuses them with a bad key rather than ignoring it', async () => {
    await request(app.server).get('/v1/events/military-activity-agreement-signed-2015').expect(200)
    await request(app.server).get('/v1/events').set('authorization', 'Bearer nonsense').expect(401)
  })

  it('lets only admins manage keys (403 for an editor), shows a new key once and revokes it', async () => {
    const forbidden = await request(app.server).get('/v1/keys').set('authorization', bearer(editor)).expect(403)
    expect(forbidden.body).toMatchObject({ status: 403, code: 'forbidden' })
    const created = await request(app.server).post('/v1/keys').set('authorization', bearer(admin)).send({ name: `temp-${run}`, role: 'editor' }).expect(201)
    expect(created.body).toEqual({ id: expect.any(Number), name: `temp-${run}`, role: 'editor', prefix: created.body.key.slice(0, 12), createdAt: expect.any(String), revokedAt: null, key: expect.stringMatching(/^pkb_[A-Za-z0-9_-]{43}$/) })
    const list = await request(app.server).get('/v1/keys').set('authorization', bearer(admin)).expect(200)
    const listed = list.body.data.find((k: { id: number }) => k.id === created.body.id)
    expect(listed).toEqual({ id: created.body.id, name: `temp-${run}`, role: 'editor', prefix: created.body.prefix, createdAt: created.body.createdAt, revokedAt: null })
    expect(JSON.stringify(list.body)).not.toContain(created.body.key)
    const revoked = await request(app.server).delete(`/v1/keys/${created.body.id as number}`).set('authorization', bearer(admin)).expect(200)
    expect(revoked.body.revokedAt).toEqual(expect.any(String))
    await request(app.server).post('/v1/events').set('authorization', bearer(created.body.key)).send(newEvent('revoked')).expect(401)
  })
})

describe('writing an event', () => {
  it('creates it with its actors and verified evidence, serves it with a versioned ETag, edits it under If-Match and records every step', async () => {
    const created = await request(app.server).post('/v1/events').set('authorization', bearer(editor)).send(newEvent('story')).expect(201)
    expect(created.headers.location).toBe(`/v1/events/${slug('story')}`)
    expect(created.headers.etag).toMatch(/^"v1-/)
    expect(created.body).toMatchObject({
      slug: slug('story'),
      category: 'military',
      date: { printed: 'November 2015', value: '2015-11', precision: 'month', earliest: '2015-11-01', latest: '2015-11-30' },
      actors: [expect.objectContaining({ slug: 'russia', role: 'signatory' }), expect.objectContaining({ slug: 'dprk', role: 'signatory' })],
      evidence: [{ quote: QUOTE, note: null, passage: expect.objectContaining({ section: expect.any(String) }), footnotes: [] }]
    })

    const read = await request(app.server).get(`/v1/events/${slug('story')}`).expect(200)
    expect(read.body).toEqual(created.body)
    expect(read.headers.etag).toBe(created.headers.etag)
    await request(app.server).get(`/v1/events/${slug('story')}`).set('if-none-match', read.headers.etag as string).expect(304)

    const patched = await request(app.server).patch(`/v1/events/${slug('story')}`).set('authorization', bearer(editor))
      .set('if-match', read.headers.etag as string).send({ title: 'Retitled', agreements: ['military-activity-agreement-2015'] }).expect(200)
    expect(patched.headers.etag).toMatch(/^"v2-/)
    expect(patched.body).toMatchObject({ title: 'Retitled', summary: created.body.summary, actors: created.body.actors, agreements: [expect.objectContaining({ slug: 'military-activity-agreement-2015' })] })

    const stale = await request(app.server).patch(`/v1/events/${slug('story')}`).set('authorization', bearer(editor))
      .set('if-match', read.headers.etag as string).send({ title: 'Lost update' }).expect(412)
    expect(stale.body).toMatchObject({ status: 412, code: 'precondition-failed', currentVersion: 2 })

    await request(app.server).delete(`/v1/events/${slug('story')}`).set('authorization', bearer(editor)).set('if-match', patched.headers.etag as string).expect(204)
    await request(app.server).get(`/v1/events/${slug('story')}`).expect(404)

    const feed = await request(app.server).get('/v1/changes?limit=200').expect(200)
    const mine = feed.body.data.filter((c: { slug: string }) => c.slug === slug('story'))
    expect(mine.map((c: { action: string, by: string }) => [c.action, c.by])).toEqual([['create', `curation-editor-${run}`], ['update', `curation-editor-${run}`], ['delete', `curation-editor-${run}`]])
    expect(mine[0].before).toBeNull()
    expect(mine[1].before.title).toBe(created.body.title)
    expect(mine[1].after.title).toBe('Retitled')
    expect(mine[2].after).toBeNull()
    const since = await request(app.server).get(`/v1/changes?since=${mine[1].id as string}&limit=200`).expect(200)
    // Other test files write concurrently: only this record's changes are compared.
    expect(since.body.data.filter((c: { slug: string }) => c.slug === slug('story'))).toEqual([mine[2]])
  })

  it('refuses a quote the paper does not contain, unless it names a source', async () => {
    const invented = await request(app.server).post('/v1/events').set('authorization', bearer(editor))
      .send(newEvent('invented', { evidence: [{ quote: 'Moscow and Pyongyang agreed to merge their navies.' }] })).expect(400)
    expect(invented.body.errors).toEqual([{ field: 'evidence.0.quote', message: expect.stringContaining('not a verbatim quote') }])
    const sourced = await request(app.server).post('/v1/events').set('authorization', bearer(editor))
      .send(newEvent('sourced', { evidence: [{ quote: 'A quote from a report the paper cites.', source: 'crs-2016-north-korea' }] })).expect(201)
    expect(sourced.body.evidence).toEqual([{ quote: 'A quote from a report the paper cites.', note: null, passage: null, source: expect.objectContaining({ slug: 'crs-2016-north-korea' }), footnotes: [] }])
    await request(app.server).delete(`/v1/events/${slug('sourced')}`).set('authorization', bearer(editor)).expect(204)
  })

  it('refuses a slug that is taken (409), a changed slug and unknown fields (400)', async () => {
    const dup = await request(app.server).post('/v1/events').set('authorization', bearer(editor))
      .send(newEvent('dup', { slug: 'military-activity-agreement-signed-2015' })).expect(409)
    expect(dup.body).toMatchObject({ status: 409, code: 'conflict' })
    await request(app.server).patch('/v1/events/military-activity-agreement-signed-2015').set('authorization', bearer(editor)).send({ slug: 'renamed' }).expect(400)
    await request(app.server).post('/v1/events').set('authorization', bearer(editor)).send(newEvent('unknown', { colour: 'red' })).expect(400)
  })
})

describe('deleting what others refer to', () => {
  it('is refused with the referrers (409), and cascade=true unlinks them first', async () => {
    const actor = { slug: slug('actor'), name: 'A curated actor', kind: 'person' }
    await request(app.server).post('/v1/actors').set('authorization', bearer(editor)).send(actor).expect(201)
    await request(app.server).post('/v1/events').set('authorization', bearer(editor))
      .send(newEvent('uses-actor', { actors: [{ actor: slug('actor'), role: 'participant' }] })).expect(201)

    const refused = await request(app.server).delete(`/v1/actors/${slug('actor')}`).set('authorization', bearer(editor)).expect(409)
    expect(refused.body).toMatchObject({ status: 409, code: 'conflict', referrers: [{ kind: 'events', slug: slug('uses-actor'), via: 'actors' }] })

    await request(app.server).delete(`/v1/actors/${slug('actor')}?cascade=true`).set('authorization', bearer(editor)).expect(204)
    const event = await request(app.server).get(`/v1/events/${slug('uses-actor')}`).expect(200)
    expect(event.body.actors).toEqual([])
    await request(app.server).delete(`/v1/events/${slug('uses-actor')}`).set('authorization', bearer(editor)).expect(204)
  })
})

describe('with READS_REQUIRE_KEY=true', () => {
  let closed: FastifyInstance
  beforeAll(async () => {
    closed = await buildApp({ config: { ...parseConfig({ READS_REQUIRE_KEY: 'true' }) }, databaseUrl: scratch.url })
    await closed.ready()
  })
  afterAll(async () => { await closed.close() })

  it('refuses anonymous reads over REST and GraphQL, but keeps health and the docs open', async () => {
    const rest = await request(closed.server).get('/v1/events?limit=1').expect(401)
    expect(rest.body).toMatchObject({ status: 401, code: 'unauthorized' })
    const gql = await request(closed.server).post('/graphql').send({ query: '{ events(first: 1) { totalCount } }' }).expect(401)
    expect(gql.body).toMatchObject({ errors: [expect.objectContaining({ extensions: { code: 'unauthorized' } })] })
    await request(closed.server).get('/health/ready').expect(200)
    await request(closed.server).get('/docs/').expect(200)
    await request(closed.server).get('/v1/events?limit=1').set('authorization', bearer(editor)).expect(200)
  })
})

describe('rate limits', () => {
  let limited: FastifyInstance
  beforeAll(async () => {
    limited = await buildApp({ config: { ...parseConfig({}), rateLimit: { ...parseConfig({}).rateLimit, max: 2 } }, databaseUrl: scratch.url })
    await limited.ready()
  })
  afterAll(async () => { await limited.close() })

  it('counts each key apart from the others and from anonymous callers, and answers 429 as problem+json', async () => {
    const statuses = async (key?: string): Promise<number[]> => await Promise.all([1, 2, 3].map(async () => {
      const req = request(limited.server).get('/v1/scenarios')
      return (await (key !== undefined ? req.set('authorization', bearer(key)) : req)).status
    }))
    expect((await statuses(editor)).sort()).toEqual([200, 200, 429])
    expect((await statuses(admin)).sort()).toEqual([200, 200, 429])
    const anonymous = await request(limited.server).get('/v1/scenarios').expect(200)
    expect(anonymous.headers['ratelimit-limit']).toBe('2')
    await request(limited.server).get('/v1/scenarios')
    const refused = await request(limited.server).get('/v1/scenarios').expect(429)
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(refused.body).toMatchObject({ status: 429, code: 'rate-limited' })
  })
})

describe('every writable kind', () => {
  const evidence = [{ quote: QUOTE }]
  const bodies: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
    // kind, create body, what GET then shows, a PATCH
    ['agreements', { title: 'A curated agreement', kind: 'other', status: 'unknown', date: null, parties: [{ actor: 'russia', role: 'party' }], channels: ['trade'], evidence },
      { title: 'A curated agreement', parties: [expect.objectContaining({ slug: 'russia', role: 'party' })], channels: [expect.objectContaining({ slug: 'trade' })] }, { status: 'signed' }],
    ['leverage-channels', { name: 'A curated channel', kind: 'economic', ordinal: 99, description: 'd', actors: ['russia'], evidence },
      { name: 'A curated channel', ordinal: 99, actors: [expect.objectContaining({ slug: 'russia' })] }, { ordinal: 98 }],
    ['figures', { measure: 'm', printed: '$1', value: 1, unit: 'USD', currency: 'USD', channel: 'trade', actor: 'russia', evidence },
      { printed: '$1', value: 1, channel: expect.objectContaining({ slug: 'trade' }), actor: expect.objectContaining({ slug: 'russia' }), event: null }, { value: 2, channel: null }],
    ['actors', { name: 'A curated person', kind: 'person', aliases: ['Curated'], affiliation: 'russia' },
      { name: 'A curated person', aliases: ['Curated'], affiliation: expect.objectContaining({ slug: 'russia' }), evidence: [] }, { role: 'analyst' }],
    ['sources', { kind: 'report', title: 'A curated report', language: 'en' },
      { title: 'A curated report', kind: 'report', url: null }, { url: 'https://example.org/report' }],
    ['scenarios', { number: 100 + Math.floor(Math.random() * 1_000_000), title: 'A curated scenario', summary: 's', conditions: ['c'], expectedBehaviour: ['e'], evidence },
      { title: 'A curated scenario', conditions: ['c'] }, { conditions: ['c', 'd'] }],
    ['claims', { section: 'Conclusions', text: 'A curated claim', scenarios: ['scenario-1-russia-obstructs'], channels: ['trade'], actors: ['russia'], evidence },
      { text: 'A curated claim', scenarios: [expect.objectContaining({ slug: 'scenario-1-russia-obstructs' })], actors: [expect.objectContaining({ slug: 'russia' })] }, { text: 'A curated claim, restated' }]
  ]

  it.each(bodies)('%s: create, read, change and delete', async (kind, body, shown, patch) => {
    const key = slug(`kind-${kind}`)
    const created = await request(app.server).post(`/v1/${kind}`).set('authorization', bearer(editor)).send({ slug: key, ...body })
    expect({ status: created.status, problem: created.status === 201 ? undefined : created.body }).toEqual({ status: 201, problem: undefined })
    const read = await request(app.server).get(`/v1/${kind}/${key}`).expect(200)
    expect(read.body).toMatchObject({ slug: key, ...shown })
    const changed = await request(app.server).patch(`/v1/${kind}/${key}`).set('authorization', bearer(editor)).set('if-match', read.headers.etag as string).send(patch).expect(200)
    expect(changed.body).toMatchObject(patch)
    expect(changed.headers.etag).toMatch(/^"v2-/)
    await request(app.server).delete(`/v1/${kind}/${key}`).set('authorization', bearer(editor)).set('if-match', changed.headers.etag as string).expect(204)
    await request(app.server).get(`/v1/${kind}/${key}`).expect(404)
  })
})
