// REST and GraphQL are two surfaces over the same services: asked the same question, they answer
// with the same records in the same order.
import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { resources } from '../../src/knowledge'
import { buildTestApp } from '../helpers/app'
import { camel, graphql, inRestSpelling } from './client'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

async function rest (path: string): Promise<{ data: Array<Record<string, any>>, page: { total: number, nextCursor: string | null } }> {
  const res = await request(app.server).get(path)
  expect(res.status).toBe(200)
  return res.body
}

async function nodes (query: string): Promise<{ nodes: Array<Record<string, any>>, totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null } }> {
  const { status, body } = await graphql(app, query)
  expect(body.errors).toBeUndefined()
  expect(status).toBe(200)
  // Enum values (category NUCLEAR_TEST) compared in REST's spelling (nuclear-test).
  return Object.values(inRestSpelling(query, body.data!))[0]
}

const slugs = (records: Array<Record<string, any>>): string[] => records.map((r) => r.slug as string)

describe('the same questions through REST and GraphQL', () => {
  it('events between 2014 and 2016 involving both Russia and North Korea: the same records, fields and evidence', async () => {
    const viaRest = await rest('/v1/events?from=2014&to=2016&actor=russia,dprk&limit=200')
    const viaGraphQL = await nodes(`{
      events(filter: { from: "2014", to: "2016", actor: ["russia", "north-korea"] }, first: 200) {
        totalCount
        nodes {
          id slug title summary category
          date { printed value precision approximate basis note earliest latest }
          evidence { quote note passage { id ordinal kind section paragraph } footnotes { number sources { slug title url } } }
        }
      }
    }`)
    expect(viaRest.data.length).toBeGreaterThan(10)
    expect(viaGraphQL.totalCount).toBe(viaRest.page.total)
    // GraphQL serializes IDs as strings; otherwise the records are REST's, field for field.
    const asRest = viaGraphQL.nodes.map((e) => ({
      ...e,
      id: Number(e.id),
      evidence: e.evidence.map((ev: any) => ({ ...ev, passage: { ...ev.passage, id: Number(ev.passage.id) } }))
    }))
    expect(asRest).toEqual(viaRest.data)
  })

  it('undated events and agreements kept beside a date range, or alone', async () => {
    for (const undated of ['include', 'only']) {
      const events = await nodes(`{ events(filter: { from: "2014", to: "2016", actor: ["russia", "dprk"], undated: ${undated.toUpperCase()} }, first: 200) { totalCount nodes { slug } } }`)
      const viaRest = await rest(`/v1/events?from=2014&to=2016&actor=russia,dprk&undated=${undated}&limit=200`)
      expect(slugs(events.nodes)).toEqual(slugs(viaRest.data))
      const agreements = await nodes(`{ agreements(filter: { from: "2014", undated: ${undated.toUpperCase()} }, first: 200) { nodes { slug } } }`)
      expect(slugs(agreements.nodes)).toEqual(slugs((await rest(`/v1/agreements?from=2014&undated=${undated}&limit=200`)).data))
    }
    const { body } = await graphql(app, '{ events(filter: { undated: NEVER }) { totalCount } }')
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'validation-failed' })
  })

  it('sources and footnotes of 2016, by date', async () => {
    const sources = await nodes('{ sources(filter: { from: "2016", to: "2016" }, orderBy: { field: DATE, direction: DESC }, first: 200) { nodes { slug date published { value precision earliest latest } } } }')
    const viaRest = await rest('/v1/sources?from=2016&to=2016&sort=-date&limit=200')
    expect(sources.nodes).toEqual(viaRest.data.map((s) => ({ slug: s.slug, date: s.date, published: s.published })))
    const footnotes = await nodes('{ footnotes(filter: { from: "2016" }, orderBy: { field: DATE }, first: 2) { nodes { number published { earliest latest } } pageInfo { endCursor } } }')
    const next = await nodes(`{ footnotes(filter: { from: "2016" }, orderBy: { field: DATE }, first: 200, after: "${footnotes.pageInfo.endCursor!}") { nodes { number } } }`)
    const all = await rest('/v1/footnotes?from=2016&sort=date&limit=200')
    expect([...footnotes.nodes.map((f) => f.number), ...next.nodes.map((f) => f.number)]).toEqual(all.data.map((f) => f.number))
  })

  it('agreements with Russia and the DPRK as parties, and bilateral ones; events with an actor in a role', async () => {
    for (const [filter, query] of [
      ['actor: ["russia", "north-korea"], role: [SIGNATORY, PARTY]', 'actor=russia,north-korea&role=signatory,party'],
      ['actor: ["russia:signatory", "dprk:signatory"]', 'actor=russia:signatory,dprk:signatory'],
      ['actor: ["russia", "dprk"], onlyActors: true', 'actor=russia,dprk&onlyActors=true']
    ]) {
      const viaGraphQL = await nodes(`{ agreements(filter: { ${filter} }, first: 200) { nodes { slug } } }`)
      const viaRest = await rest(`/v1/agreements?${query}&limit=200`)
      expect(viaRest.data.length).toBeGreaterThan(0)
      expect(slugs(viaGraphQL.nodes)).toEqual(slugs(viaRest.data))
    }
    const visits = await nodes('{ events(filter: { actor: ["kim-jong-il:visitor"] }) { nodes { slug } } }')
    expect(slugs(visits.nodes)).toEqual(slugs((await rest('/v1/events?actor=kim-jong-il:visitor')).data))
  })

  it('leverage channels with a figure in US dollars', async () => {
    const viaRest = await rest('/v1/leverage-channels?figureCurrency=USD')
    const viaGraphQL = await nodes('{ leverageChannels(filter: { figureCurrency: "USD" }) { totalCount nodes { slug } } }')
    expect(slugs(viaGraphQL.nodes)).toEqual(['trade', 'investment', 'finance'])
    expect(slugs(viaGraphQL.nodes)).toEqual(slugs(viaRest.data))
  })

  it('the sources cited for the Rasonkontrans agreement', async () => {
    const viaRest = await rest('/v1/sources?agreement=rasonkontrans')
    const viaGraphQL = await nodes('{ sources(filter: { agreement: "rasonkontrans" }) { nodes { slug } } }')
    expect(slugs(viaGraphQL.nodes)).toEqual(['unsc-resolution-2270'])
    expect(slugs(viaGraphQL.nodes)).toEqual(slugs(viaRest.data))
  })

  it('agreements by title, descending', async () => {
    const viaRest = await rest('/v1/agreements?sort=-title&limit=200')
    const viaGraphQL = await nodes('{ agreements(orderBy: { field: TITLE, direction: DESC }, first: 200) { nodes { slug title } } }')
    expect(viaGraphQL.nodes.length).toBeGreaterThan(10)
    expect(viaGraphQL.nodes).toEqual(viaRest.data.map(({ slug, title }) => ({ slug, title })))
  })

  it('events matching a full-text search', async () => {
    const viaRest = await rest('/v1/events?q=coal&limit=200')
    const viaGraphQL = await nodes('{ events(filter: { q: "coal" }, first: 200) { nodes { slug } } }')
    expect(viaGraphQL.nodes.length).toBeGreaterThan(0)
    expect(slugs(viaGraphQL.nodes)).toEqual(slugs(viaRest.data))
  })

  it('figures by value, descending, read four at a time: the same pages and the same cursors', async () => {
    const restPages: string[][] = []
    const restCursors: Array<string | null> = []
    let cursor: string | null = null
    do {
      const page = await rest(`/v1/figures?sort=-value&limit=4${cursor !== null ? `&cursor=${cursor}` : ''}`)
      restPages.push(slugs(page.data as never))
      cursor = page.page.nextCursor
      restCursors.push(cursor)
    } while (cursor !== null)

    const graphqlPages: string[][] = []
    const graphqlCursors: Array<string | null> = []
    let after: string | null = null
    for (;;) {
      const { body } = await graphql(app, 'query ($after: String) { figures(orderBy: { field: VALUE, direction: DESC }, first: 4, after: $after) { nodes { slug } pageInfo { hasNextPage endCursor } } }', { after })
      const page = body.data!.figures
      graphqlPages.push(slugs(page.nodes))
      graphqlCursors.push(page.pageInfo.hasNextPage === true ? page.pageInfo.endCursor : null)
      if (page.pageInfo.hasNextPage !== true) break
      after = page.pageInfo.endCursor
    }

    expect(restPages.length).toBeGreaterThan(5)
    expect(graphqlPages).toEqual(restPages)
    expect(graphqlCursors).toEqual(restCursors)
  })

  it.each(resources.map((def) => [def.name, def] as const))('every %s, in the default order', async (name, def) => {
    const viaRest = await rest(`/v1/${name}?limit=200`)
    const viaGraphQL = await nodes(`{ ${camel(name)}(first: 200) { totalCount nodes { id ${def.key.field} } } }`)
    expect(viaGraphQL.nodes.length).toBe(viaRest.data.length)
    expect(viaGraphQL.totalCount).toBe(viaRest.page.total)
    expect(viaGraphQL.nodes.map((r) => [Number(r.id), r[def.key.field]])).toEqual(viaRest.data.map((r) => [r.id, r[def.key.field]]))
  })
})
