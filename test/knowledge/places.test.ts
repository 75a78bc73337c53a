// Places, the kind added to prove that a kind's definition is its one home: read from seed/ with
// verified quotes, listed and looked up over REST and GraphQL, searched, counted, and curated.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { buildApp } from '../../src/app'
import { createKey } from '../../src/auth/api-keys'
import { parseConfig } from '../../src/config'
import { readSeed } from '../../src/seed/read-seed'
import { graphql } from '../graphql/client'
import { useTestApp } from '../helpers/app'
import { createSeededScratchDatabase } from '../helpers/seeded-scratch'

const ctx = useTestApp()
const seeded = readSeed('seed').data.records.places!

describe('places from seed/', () => {
  it('lists every place of seed/places.yaml by name, each with its evidence', async () => {
    const res = await ctx.get('/v1/places?limit=200').expect(200)
    expect(res.body.page.total).toBe(seeded.length)
    expect(res.body.data.map((p: { slug: string }) => p.slug).sort()).toEqual(seeded.map((p) => p.slug).sort())
    expect(res.body.data.map((p: { slug: string }) => p.slug)).toEqual((await ctx.sql.query<{ slug: string }>('SELECT slug FROM places ORDER BY name, id')).rows.map((r) => r.slug))
    for (const place of res.body.data) expect(place.evidence.length).toBeGreaterThan(0)
  })

  it('gives Rajin with its quote, its paragraph and the records the paper ties to it', async () => {
    const rajin = (await ctx.get('/v1/places/rajin').expect(200)).body
    expect(rajin).toMatchObject({ slug: 'rajin', name: 'Rajin', kind: 'port', aliases: [] })
    expect(rajin.evidence[0]).toMatchObject({ quote: expect.stringContaining('North Korean port of Rajin'), passage: { kind: 'body', section: expect.any(String) } })
    expect(rajin.events.map((e: { slug: string }) => e.slug)).toEqual(['khasan-rajin-railway-operational-2013', 'khasan-rajin-coal-shipments-to-pohang'])
    expect(rajin.agreements.map((a: { slug: string }) => a.slug).sort()).toEqual(['rajin-pier-lease', 'rasonkontrans'])
    expect(rajin.channels.map((c: { slug: string }) => c.slug)).toEqual(['investment'])
  })

  it('filters by kind and by the event, agreement and channel a place is tied to, as SQL says', async () => {
    const slugs = async (url: string): Promise<string[]> => (await ctx.get(url).expect(200)).body.data.map((p: { slug: string }) => p.slug).sort()
    const sql = async (query: string, params: unknown[]): Promise<string[]> => (await ctx.sql.query<{ slug: string }>(query, params)).rows.map((r) => r.slug).sort()
    expect(await slugs('/v1/places?kind=port')).toEqual(await sql('SELECT slug FROM places WHERE kind = $1', ['port']))
    expect(await slugs('/v1/places?kind=port')).toEqual(['pohang', 'rajin'])
    expect(await slugs('/v1/places?event=khasan-rajin-railway-operational-2013')).toEqual(['khasan', 'rajin'])
    expect(await slugs('/v1/places?channel=finance')).toEqual(await sql(`SELECT p.slug FROM places p JOIN place_channels l ON l.place_id = p.id
      JOIN leverage_channels c ON c.id = l.channel_id WHERE c.slug = $1`, ['finance']))
    expect(await slugs('/v1/places?footnote=23')).toEqual(['vladivostok'])
    expect(await slugs('/v1/places?q=Tumannaya')).toEqual(['tumangan-river'])
  })

  it('are found by search, counted by stats and served by GraphQL as by REST', async () => {
    const hits = (await ctx.get('/v1/search?q=Pohang&kind=places').expect(200)).body
    expect(hits.data.map((h: { kind: string, key: string }) => `${h.kind}:${h.key}`)).toEqual(['places:pohang'])
    expect(hits.data[0]).toMatchObject({ kind: 'places', key: 'pohang', title: 'Pohang' })
    const stats = (await ctx.get('/v1/stats').expect(200)).body
    expect(stats.counts.places).toBe(seeded.length)
    expect(stats.facets.places.kind.find((v: { value: string }) => v.value === 'region').count).toBe(seeded.filter((p) => p.kind === 'region').length)
    const gql = await graphql(ctx.app, '{ place(slug: "rajin") { name kind events { slug } channels { name } evidence { quote } } places(filter: { kind: [RIVER] }) { totalCount nodes { slug aliases } } search(query: "Khabarovsk", kinds: [PLACES]) { nodes { kind node { __typename ... on Place { slug } } } } }')
    const rest = (await ctx.get('/v1/places/rajin').expect(200)).body
    expect(gql.body).toEqual({
      data: {
        place: { name: 'Rajin', kind: 'PORT', events: rest.events.map((e: { slug: string }) => ({ slug: e.slug })), channels: [{ name: 'Investment' }], evidence: rest.evidence.map((e: { quote: string }) => ({ quote: e.quote })) },
        places: { totalCount: 1, nodes: [{ slug: 'tumangan-river', aliases: ['Tumannaya River'] }] },
        search: { nodes: [{ kind: 'PLACES', node: { __typename: 'Place', slug: 'khabarovsk' } }] }
      }
    })
  })
})

describe('curating places', () => {
  let app: FastifyInstance
  let scratch: { url: string, drop: () => Promise<void> }
  let editor: string
  const slug = `place-${randomBytes(3).toString('hex')}`
  const auth = (): string => `Bearer ${editor}`

  beforeAll(async () => {
    scratch = await createSeededScratchDatabase('places')
    app = await buildApp({ config: parseConfig({}), databaseUrl: scratch.url })
    await app.ready()
    editor = (await createKey(app.prisma, { name: `places-${slug}`, role: 'editor' })).key
  }, 60_000)
  afterAll(async () => {
    await app.close()
    await scratch.drop()
  })

  it('creates, changes, protects its links and deletes a place, each quote checked against the paper', async () => {
    const body = {
      slug,
      name: 'Siberia',
      kind: 'region',
      events: ['khasan-rajin-coal-shipments-to-pohang'],
      evidence: [{ quote: 'three successful shipments of Siberian coal via Rajin' }]
    }
    const refused = await request(app.server).post('/v1/places').set('authorization', auth()).send({ ...body, slug: `${slug}-x`, evidence: [{ quote: 'Siberia is not quoted like this' }] }).expect(400)
    expect(refused.body.errors).toEqual([{ field: 'evidence.0.quote', message: expect.stringContaining('not a verbatim quote') }])
    const unknown = await request(app.server).post('/v1/places').set('authorization', auth()).send({ ...body, slug: `${slug}-y`, channels: ['no-such-channel'] }).expect(400)
    expect(unknown.body.errors).toEqual([{ field: 'channels', message: 'no leverage channel "no-such-channel"' }])

    const created = await request(app.server).post('/v1/places').set('authorization', auth()).send(body).expect(201)
    expect(created.body).toMatchObject({ slug, name: 'Siberia', kind: 'region', aliases: [], events: [{ slug: 'khasan-rajin-coal-shipments-to-pohang' }], agreements: [] })
    const changed = await request(app.server).patch(`/v1/places/${slug}`).set('authorization', auth()).set('if-match', created.headers.etag as string)
      .send({ aliases: ['Siberian'], agreements: ['rasonkontrans'] }).expect(200)
    expect(changed.body).toMatchObject({ aliases: ['Siberian'], events: [{ slug: 'khasan-rajin-coal-shipments-to-pohang' }], agreements: [{ slug: 'rasonkontrans' }] })

    // The event the place names cannot go while the place names it, unless the link goes first.
    const event = await request(app.server).get('/v1/events/khasan-rajin-coal-shipments-to-pohang').expect(200)
    const conflict = await request(app.server).delete('/v1/events/khasan-rajin-coal-shipments-to-pohang').set('authorization', auth()).set('if-match', event.headers.etag as string).expect(409)
    expect(conflict.body.referrers).toEqual(expect.arrayContaining([{ kind: 'places', slug, via: 'events' }, { kind: 'places', slug: 'rajin', via: 'events' }]))

    const gql = await request(app.server).post('/graphql').set('authorization', auth())
      .send({ query: 'mutation ($v: Int!) { updatePlace(id: "' + slug + '", version: $v, input: { description: "A region" }) { version place { description } } }', variables: { v: 2 } })
    expect(gql.body).toEqual({ data: { updatePlace: { version: 3, place: { description: 'A region' } } } })
    await request(app.server).delete(`/v1/places/${slug}`).set('authorization', auth()).expect(204)
    await request(app.server).get(`/v1/places/${slug}`).expect(404)
    expect((await request(app.server).get('/v1/changes?limit=200').expect(200)).body.data.filter((c: { slug: string }) => c.slug === slug).map((c: { action: string }) => c.action))
      .toEqual(['create', 'update', 'update', 'delete'])
  })
})
