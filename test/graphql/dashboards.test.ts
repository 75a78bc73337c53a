// timeline, stats and actorNetwork are GET /v1/timeline, /v1/stats and /v1/actors/{id}/network:
// the same numbers, with REST's maps written as lists.
import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { buildTestApp } from '../helpers/app'
import { graphql, inRestSpelling } from './client'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

async function rest (path: string): Promise<any> {
  const res = await request(app.server).get(path)
  expect(res.status).toBe(200)
  return res.body
}

async function data (query: string): Promise<Record<string, any>> {
  const { status, body } = await graphql(app, query)
  expect(body.errors).toBeUndefined()
  expect(status).toBe(200)
  // Enum values (interval YEAR, actor kind STATE) compared in REST's spelling (year, state).
  return inRestSpelling(query, body.data!)
}

type Series = Array<{ series: string, count: number }> | null
const asMap = (series: Series): Record<string, number> | undefined => series === null ? undefined : Object.fromEntries(series.map((s) => [s.series, s.count]))

/** A GraphQL timeline in REST's JSON: series lists as maps. */
function asRest (t: Record<string, any>): Record<string, unknown> {
  const bucket = ({ series, ...b }: Record<string, any>): Record<string, unknown> => ({ ...b, ...(series !== null ? { series: asMap(series) } : {}) })
  return {
    interval: t.interval,
    split: t.split,
    total: t.total,
    buckets: t.buckets.map(bucket),
    outside: t.outside,
    undated: bucket(t.undated)
  }
}

const TIMELINE_FIELDS = 'interval split total buckets { time label count series { series count } } outside { before after } undated { count series { series count } } rows { time series value }'

describe('timeline through REST and GraphQL', () => {
  it('counts events per year between 2014 and 2016 as REST does, in both shapes', async () => {
    const viaRest = await rest('/v1/timeline?from=2014&to=2016&interval=year')
    const rows = await rest('/v1/timeline?from=2014&to=2016&interval=year&shape=rows')
    const { timeline } = await data(`{ timeline(filter: { from: "2014", to: "2016" }, interval: YEAR) { ${TIMELINE_FIELDS} } }`)
    expect(viaRest.buckets.map((b: { label: string }) => b.label)).toEqual(expect.arrayContaining(['2014', '2015', '2016']))
    expect(asRest(timeline)).toEqual(viaRest)
    expect(timeline.rows).toEqual(rows)
  })

  it('splits by category and by actor, by quarter, with the events list\'s filters, as REST does', async () => {
    for (const [split, rest_] of [['CATEGORY', 'category'], ['ACTOR', 'actor']]) {
      const path = `/v1/timeline?actor=russia&category=visit,diplomatic&interval=quarter&split=${rest_!}`
      const { timeline } = await data(`{ timeline(filter: { actor: ["russia"], category: [VISIT, DIPLOMATIC] }, interval: QUARTER, split: ${split!}) { ${TIMELINE_FIELDS} } }`)
      expect(timeline.total).toBeGreaterThan(0)
      expect(asRest(timeline)).toEqual(await rest(path))
      expect(timeline.rows).toEqual(await rest(`${path}&shape=rows`))
    }
  })

  it('adds up to the events list\'s totalCount', async () => {
    const { timeline, events } = await data('{ timeline(filter: { q: "sanctions" }) { total } events(filter: { q: "sanctions" }) { totalCount } }')
    expect(timeline.total).toBe(events.totalCount)
  })

  it('refuses the filters the events list refuses, with the same codes', async () => {
    const res = await graphql(app, '{ timeline(filter: { actor: ["nobody-at-all"], from: "2014" }) { total } }')
    expect(res.status).toBe(400)
    expect(res.body.errors!.map((e) => e.extensions)).toEqual([{ code: 'invalid-parameter', errors: [{ field: 'actor', message: 'no actor is called "nobody-at-all"' }] }])
    const bad = await graphql(app, '{ timeline(filter: { from: "last spring" }) { total } }')
    expect(bad.status).toBe(400)
    expect(bad.body.errors![0]!.extensions!.code).toBe('validation-failed')
  })
})

describe('stats through REST and GraphQL', () => {
  it('counts every kind and facet as REST does, in both shapes', async () => {
    const { stats } = await data('{ stats { kinds { kind count facets { facet values { value count } } } rows { time series value } } }')
    const viaRest = await rest('/v1/stats')
    expect({
      counts: Object.fromEntries(stats.kinds.map((k: any) => [k.kind, k.count])),
      facets: Object.fromEntries(stats.kinds.map((k: any) => [k.kind, Object.fromEntries(k.facets.map((f: any) => [f.facet, f.values]))]))
    }).toEqual(viaRest)
    expect(stats.kinds.map((k: any) => k.kind)).toEqual(Object.keys(viaRest.counts))
    expect(stats.rows).toEqual(await rest('/v1/stats?shape=rows'))
  })
})

describe('actorNetwork through REST and GraphQL', () => {
  it('links Russia to the same actors with the same weights, and the actors are whole records', async () => {
    const viaRest = await rest('/v1/actors/russia/network')
    const { byId, bySlug } = await data(`{
      bySlug: actorNetwork(slug: "russia") { actor { id slug name kind } links { actor { id slug name kind } weight events agreements } nodes { id title subTitle mainStat } edges { id source target mainStat events agreements } }
      byId: actorNetwork(id: ${viaRest.actor.id as number}) { actor { slug aliases events { event { slug } } } }
    }`)
    const actor = (a: Record<string, any>): Record<string, unknown> => ({ ...a, id: Number(a.id) })
    expect(viaRest.links.length).toBeGreaterThan(3)
    expect({ ...bySlug, actor: actor(bySlug.actor), links: bySlug.links.map((l: any) => ({ ...l, actor: actor(l.actor) })) }).toEqual(viaRest)
    expect(byId.actor.slug).toBe('russia')
    expect(byId.actor.events.length).toBeGreaterThan(10)
  })

  it('wants exactly one of id and slug, and answers an unknown actor with not-found', async () => {
    const res = await graphql(app, '{ a: actorNetwork { actor { slug } } b: actorNetwork(slug: "atlantis") { actor { slug } } }')
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual({ a: null, b: null })
    expect(res.body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['a'], 'invalid-parameter'], [['b'], 'not-found']])
  })
})
