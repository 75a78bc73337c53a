// search(query:) is GET /v1/search as a connection: the same hits in the same order, each with its
// record, which costs one query per kind found however many hits there are.
import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { enumName } from '../../src/graphql/enums'
import { resources } from '../../src/knowledge'
import { graphqlNames } from '../../src/knowledge/resource'
import { SEARCH_KINDS } from '../../src/knowledge/search'
import { buildTestApp } from '../helpers/app'
import { firstTable, graphql, useSqlCounter } from './client'

let app: FastifyInstance
const sql = useSqlCounter()
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

interface RestHit { kind: string, id: number, key: string, title: string, snippet: string, rank: number }

async function rest (path: string): Promise<{ data: RestHit[], page: { total: number, nextCursor: string | null } }> {
  const res = await request(app.server).get(path)
  expect(res.status).toBe(200)
  return res.body
}

const SEARCH = `query ($query: String!, $kinds: [SearchKind!], $first: Int, $after: String) {
  search(query: $query, kinds: $kinds, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor }
    nodes {
      kind id key title snippet rank
      node {
        __typename
        ${resources.filter((def) => SEARCH_KINDS.includes(def.name)).map((def) => `... on ${graphqlNames(def).type} { ${def.key.field} }`).join('\n        ')}
      }
    }
  }
}`

/** The GraphQL hit in REST's spelling (kind `leverage-channels`, numeric id), without its record. */
function asRest ({ kind, id, node, ...hit }: Record<string, any>): RestHit {
  return { kind: (kind as string).toLowerCase().replaceAll('_', '-'), id: Number(id), ...hit } as RestHit
}

async function search (variables: Record<string, unknown>): Promise<Record<string, any>> {
  const { status, body } = await graphql(app, SEARCH, variables)
  expect(body.errors).toBeUndefined()
  expect(status).toBe(200)
  return body.data!.search
}

describe('search through REST and GraphQL', () => {
  it.each([
    ['a word', 'Dalcombank', ''],
    ['an acronym', 'THAAD', ''],
    ['a phrase', '"nuclear test"', ''],
    ['a negation', 'Dalcombank -Macao', ''],
    ['either word, in two kinds', 'THAAD OR Dalcombank', '&kind=events,claims']
  ])('finds the same hits in the same order for %s (%s)', async (_what, q, kinds) => {
    const viaRest = await rest(`/v1/search?q=${encodeURIComponent(q)}&limit=200${kinds}`)
    const viaGraphQL = await search({ query: q, first: 200, ...(kinds !== '' ? { kinds: ['EVENTS', 'CLAIMS'] } : {}) })
    expect(viaRest.data.length).toBeGreaterThan(0)
    expect(viaGraphQL.totalCount).toBe(viaRest.page.total)
    expect(viaGraphQL.nodes.map(asRest)).toEqual(viaRest.data)
  })

  it('gives every hit its own record, of the union member its kind names', async () => {
    const { nodes } = await search({ query: 'Dalcombank', first: 200 })
    const typeOf = Object.fromEntries(resources.map((def) => [enumName(def.name), graphqlNames(def).type]))
    expect(nodes.map((h: Record<string, any>) => [h.kind, h.key])).toEqual(expect.arrayContaining([['LEVERAGE_CHANNELS', 'finance'], ['EVENTS', 'dalcombank-transfer-2007'], ['PASSAGES', '44']]))
    expect(nodes.map((h: Record<string, any>) => [typeOf[h.kind], String(h.node.slug ?? h.node.ordinal)])).toEqual(nodes.map((h: Record<string, any>) => [h.node.__typename, h.key]))
  })

  it('pages as REST pages: the same hits three at a time, and each edge continues after its hit', async () => {
    const all = await search({ query: 'THAAD', kinds: ['EVENTS', 'CLAIMS'] })
    const first = await search({ query: 'THAAD', kinds: ['EVENTS', 'CLAIMS'], first: 3 })
    const second = await search({ query: 'THAAD', kinds: ['EVENTS', 'CLAIMS'], first: 3, after: first.pageInfo.endCursor })
    const fromEdge = await search({ query: 'THAAD', kinds: ['EVENTS', 'CLAIMS'], first: 1, after: first.edges[0].cursor })
    const restFirst = await rest('/v1/search?q=THAAD&kind=events,claims&limit=3')
    expect(all.nodes).toHaveLength(4)
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: restFirst.page.nextCursor })
    expect(first.nodes).toEqual(all.nodes.slice(0, 3))
    expect(second.nodes).toEqual(all.nodes.slice(3))
    expect(second.pageInfo.hasNextPage).toBe(false)
    expect(fromEdge.nodes).toEqual(all.nodes.slice(1, 2))
  })
})

describe('search arguments the service refuses', () => {
  it.each([
    ['only stop words', { query: 'the' }, 'query', '"the" has no words to search for (only stop words or punctuation)'],
    ['nothing at all', { query: '  ' }, 'query', 'q must not be empty'],
    ['a page too large', { query: 'THAAD', first: 201 }, 'first', 'limit must be between 1 and 200'],
    ['a cursor of another search', { query: 'THAAD', after: 'eyJmIjoieCIsInIiOjEsImsiOiJldmVudHMiLCJpZCI6MX0' }, 'after', 'after is not a cursor of this search; pass pageInfo.endCursor or an edge\'s cursor from the same query and kinds']
  ])('answers %s with invalid-parameter, naming the GraphQL argument', async (_what, variables, field, message) => {
    expect(await graphql(app, 'query ($query: String!, $first: Int, $after: String) { search(query: $query, first: $first, after: $after) { totalCount } }', variables)).toEqual({
      status: 400,
      body: {
        data: null,
        errors: [{ message, locations: [{ line: 1, column: 56 }], path: ['search'], extensions: { code: 'invalid-parameter', errors: [{ field, message }] } }]
      }
    })
  })
})

describe('the limits', () => {
  it('count what a hit\'s record asks for: the union costs as its costliest member', async () => {
    const nested = (first: number): string => `{ search(query: "Russia", first: ${first}) { nodes { node { ... on Passage { ordinal } ... on Event { actors { actor { events { event { actors { actor { slug } } } } } } } } } } }`
    const res = await graphql(app, nested(200))
    expect(res.status).toBe(400)
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['query-too-complex'])
    expect((await graphql(app, nested(5))).status).toBe(200)
  })
})

describe('the number of SQL statements of a search does not grow with its hits', () => {
  async function statements (first: number): Promise<{ tables: string[], hits: number }> {
    let found!: Awaited<ReturnType<typeof search>>
    const texts = await sql.during(async () => { found = await search({ query: 'Russia', kinds: ['EVENTS', 'PASSAGES'], first }) })
    const kinds = new Set(found.nodes.map((h: { kind: string }) => h.kind))
    expect(kinds).toEqual(new Set(['EVENTS', 'PASSAGES']))
    // The table each statement reads first; the search itself reads them all in one.
    const tables = texts.map((text) => /^\s*WITH query AS MATERIALIZED/.test(text) ? 'search' : firstTable(text))
    return { tables: tables.sort(), hits: found.nodes.length }
  }

  it('is the same for 10 and 100 hits with their records: the search, then one query per kind', async () => {
    const ten = await statements(10)
    const hundred = await statements(100)
    expect({ ten: ten.hits, hundred: hundred.hits }).toEqual({ ten: 10, hundred: 100 })
    expect(ten.tables).toEqual(hundred.tables)
    // The data version, the search, then each kind's records (a passage with its footnote's number); nothing per hit.
    expect([...ten.tables].sort()).toEqual(['data_version', 'events', 'passages', 'search'])
  })
})
