// Every error names itself with the code REST would use (extensions.code), bad input is a 4xx, and
// the limits on depth, cost and page size hold while GraphiQL's introspection still works.
import type { FastifyInstance } from 'fastify'
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql'
import pg from 'pg'
import request from 'supertest'
import { readSchema } from '../../src/graphql/schema'
import { MAX_PAGE_SIZE } from '../../src/knowledge/pagination'
import { buildTestApp } from '../helpers/app'
import { graphql } from './client'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

const at = (line: number, column: number): Array<{ line: number, column: number }> => [{ line, column }]

describe('arguments the services refuse', () => {
  it('names an actor no one is called with invalid-parameter, as REST does', async () => {
    expect(await graphql(app, '{ events(filter: { actor: ["nobody-at-all"] }) { totalCount } }')).toEqual({
      status: 400,
      body: {
        data: null,
        errors: [{
          message: 'no actor is called "nobody-at-all"',
          locations: at(1, 3),
          path: ['events'],
          extensions: { code: 'invalid-parameter', errors: [{ field: 'actor', message: 'no actor is called "nobody-at-all"' }] }
        }]
      }
    })
  })

  it('checks filters against the same zod schema as REST and answers validation-failed, field by field', async () => {
    expect(await graphql(app, '{ leverageChannels(filter: { figureCurrency: "usd", footnote: 0 }) { totalCount } }')).toEqual({
      status: 400,
      body: {
        data: null,
        errors: [{
          message: 'filter.figureCurrency: Invalid string: must match pattern /^[A-Z]{3}$/; filter.footnote: Too small: expected number to be >=1',
          locations: at(1, 3),
          path: ['leverageChannels'],
          extensions: {
            code: 'validation-failed',
            errors: [
              { field: 'filter.figureCurrency', message: 'Invalid string: must match pattern /^[A-Z]{3}$/' },
              { field: 'filter.footnote', message: 'Too small: expected number to be >=1' }
            ]
          }
        }]
      }
    })
  })

  it('refuses a value outside a closed set before any resolver runs, and points REST\'s spelling to the enum\'s', async () => {
    expect(await graphql(app, '{ leverageChannels(filter: { kind: [MILITARY] }) { totalCount } }')).toEqual({
      status: 400,
      body: { data: null, errors: [{ message: 'Value "MILITARY" does not exist in "LeverageChannelKind" enum.', locations: at(1, 37), extensions: { code: 'validation-failed' } }] }
    })
    expect(await graphql(app, 'query ($kinds: [LeverageChannelKind!]) { leverageChannels(filter: { kind: $kinds }) { totalCount } }', { kinds: ['economic'] })).toEqual({
      status: 400,
      body: {
        data: null,
        errors: [{
          message: 'Variable "$kinds" got invalid value "economic" at "kinds[0]"; Value "economic" does not exist in "LeverageChannelKind" enum. Did you mean the enum value "ECONOMIC"?',
          locations: at(1, 8),
          extensions: { code: 'validation-failed' }
        }]
      }
    })
  })

  it.each([0, MAX_PAGE_SIZE + 1])('caps first at %i like REST caps limit', async (first) => {
    expect(await graphql(app, `{ claims(first: ${first}) { totalCount } }`)).toEqual({
      status: 400,
      body: {
        data: null,
        errors: [{
          message: `first must be between 1 and ${MAX_PAGE_SIZE}`,
          locations: at(1, 3),
          path: ['claims'],
          extensions: { code: 'invalid-parameter', errors: [{ field: 'first', message: `first must be between 1 and ${MAX_PAGE_SIZE}` }] }
        }]
      }
    })
  })

  it('refuses a cursor from another order', async () => {
    const { body } = await graphql(app, '{ events(first: 1) { pageInfo { endCursor } } }')
    const res = await graphql(app, 'query ($after: String) { events(orderBy: { field: TITLE }, after: $after) { totalCount } }', { after: body.data!.events.pageInfo.endCursor })
    const message = 'after is not a cursor of this list in this order; pass pageInfo.endCursor or an edge\'s cursor from a query with the same orderBy'
    expect(res).toEqual({
      status: 400,
      body: { data: null, errors: [{ message, locations: at(1, 26), path: ['events'], extensions: { code: 'invalid-parameter', errors: [{ field: 'after', message }] } }] }
    })
  })

  it('answers a lookup of nothing with not-found and a null record', async () => {
    expect(await graphql(app, '{ event(slug: "no-such-event") { slug } footnote(number: 999) { number } }')).toEqual({
      status: 200,
      body: {
        data: { event: null, footnote: null },
        errors: [
          { message: 'no event "no-such-event"', locations: at(1, 3), path: ['event'], extensions: { code: 'not-found' } },
          { message: 'no footnote "999"', locations: at(1, 41), path: ['footnote'], extensions: { code: 'not-found' } }
        ]
      }
    })
  })

  it('wants exactly one of id and slug, and an id that is a number', async () => {
    const res = await graphql(app, '{ a: actor(id: 1, slug: "russia") { slug } b: actor { slug } c: actor(id: "russia") { slug } }')
    const both = 'give exactly one of id, slug to look up one actor'
    const word = 'id is a whole number; use slug: "russia" if that is the actor\'s slug'
    expect(res).toEqual({
      status: 200,
      body: {
        data: { a: null, b: null, c: null },
        errors: [
          { message: both, locations: at(1, 3), path: ['a'], extensions: { code: 'invalid-parameter', errors: [{ field: 'id,slug', message: both }] } },
          { message: both, locations: at(1, 44), path: ['b'], extensions: { code: 'invalid-parameter', errors: [{ field: 'id,slug', message: both }] } },
          { message: word, locations: at(1, 62), path: ['c'], extensions: { code: 'invalid-parameter', errors: [{ field: 'id', message: word }] } }
        ]
      }
    })
  })
})

describe('queries GraphQL itself refuses', () => {
  it.each([
    ['an unknown field', '{ events { nodes { slugg } } }', 'Cannot query field "slugg" on type "Event". Did you mean "slug"?', at(1, 20)],
    ['an unknown sort', '{ events(orderBy: { field: NAME }) { totalCount } }', 'Value "NAME" does not exist in "EventOrderField" enum. Did you mean the enum value "DATE"?', at(1, 28)],
    ['a REST parameter where a filter belongs', '{ events(from: "2014") { totalCount } }', 'Unknown argument "from" on field "Query.events".', at(1, 10)],
    ['broken syntax', '{ events {', 'Syntax Error: Expected Name, found <EOF>.', at(1, 11)]
  ])('answers %s with validation-failed and 400', async (_what, query, message, locations) => {
    expect(await graphql(app, query)).toEqual({ status: 400, body: { data: null, errors: [{ message, locations, extensions: { code: 'validation-failed' } }] } })
  })

  it.each([
    ['a word for an Int', 'query ($n: Int) { events(first: $n) { totalCount } }', { n: 'many' }, 'Variable "$n" got invalid value "many"; Int cannot represent non-integer value: "many"'],
    ['an object for an Int', 'query ($n: Int!) { passage(ordinal: $n) { text } }', { n: {} }, 'Variable "$n" got invalid value {}; Int cannot represent non-integer value: {}'],
    ['a number in a filter\'s String', 'query ($f: FootnoteFilter) { footnotes(filter: $f) { totalCount } }', { f: { source: 7 } }, 'Variable "$f" got invalid value 7 at "f.source"; String cannot represent a non string value: 7']
  ])('answers a variable of the wrong type (%s) with validation-failed, not a 500', async (_what, query, variables, message) => {
    expect(await graphql(app, query, variables)).toEqual({
      status: 400,
      body: { data: null, errors: [{ message, locations: at(1, 8), extensions: { code: 'validation-failed' } }] }
    })
  })

  it('answers a query that is not GraphQL at all with validation-failed', async () => {
    const res = await request(app.server).post('/graphql').send({ query: 42 })
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { data: null, errors: [{ message: 'query: is not a GraphQL document', extensions: { code: 'validation-failed', errors: [{ field: 'query', message: 'is not a GraphQL document' }] } }] }
    })
  })

  it('answers a body that is not JSON with malformed-body, as REST does', async () => {
    const res = await request(app.server).post('/graphql').set('content-type', 'application/json').send('{"query": ')
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { data: null, errors: [{ message: 'Body is not valid JSON but content-type is set to \'application/json\'', extensions: { code: 'malformed-body' } }] }
    })
  })

  it('answers anything but a query sent with GET with method-not-allowed', async () => {
    const res = await request(app.server).get('/graphql').query({ query: 'mutation { deleteEvent(id: "russo-japanese-war-1904", version: 1) { slug } }' })
    expect({ status: res.status, body: res.body }).toEqual({
      status: 405,
      body: { data: null, errors: [{ message: 'only queries can be sent with GET; send other operations with POST', extensions: { code: 'method-not-allowed' } }] }
    })
  })
})

describe('limits', () => {
  it('refuses a query nested more than 10 fields deep', async () => {
    const res = await graphql(app, 'query Deep { events { nodes { actors { actor { events { event { agreements { parties { actor { members { slug } } } } } } } } } } }')
    expect(res).toEqual({
      status: 400,
      body: { data: null, errors: [{ message: 'Deep is 11 fields deep; the limit is 10', locations: at(1, 1), extensions: { code: 'query-too-deep', depth: 11, limit: 10 } }] }
    })
  })

  it('counts fragments into the depth', async () => {
    const res = await graphql(app, `
      query Deep { events { nodes { ...E } } }
      fragment E on Event { actors { actor { events { event { agreements { parties { actor { members { slug } } } } } } } } }
    `)
    expect(res.body.errors).toEqual([{ message: 'Deep is 11 fields deep; the limit is 10', locations: at(2, 7), extensions: { code: 'query-too-deep', depth: 11, limit: 10 } }])
  })

  it('refuses a query that would assemble too many records, counting first from variables', async () => {
    const query = 'query ($n: Int) { events(first: $n) { nodes { actors { actor { events { event { actors { actor { slug } } } } } } } } }'
    // Per event: 5 actors x (1 + the actor (1 + 5 events x (1 + the event (1 + 5 actors x (1 + the actor))))).
    expect(await graphql(app, query, { n: 200 })).toEqual({
      status: 400,
      body: { data: null, errors: [{ message: 'query costs 62201; the limit is 50000. Ask for fewer records (first) or fewer nested lists.', extensions: { code: 'query-too-complex', cost: 62201, limit: 50000 } }] }
    })
    const fewer = await graphql(app, query, { n: 10 })
    expect(fewer.status).toBe(200)
    expect(fewer.body.data!.events.nodes).toHaveLength(10)
    // The cost is kept per document and variables: the same text asking for more is refused again.
    expect((await graphql(app, query, { n: 200 })).status).toBe(400)
  })

  it('lets through the largest page of events with their actors, agreements, evidence and sources', async () => {
    const res = await graphql(app, `{ events(first: ${MAX_PAGE_SIZE}) { totalCount nodes { slug actors { role actor { slug } } agreements { slug } evidence { quote passage { ordinal } footnotes { number sources { slug } } } } } }`)
    expect(res.status).toBe(200)
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data!.events.nodes).toHaveLength(Math.min(res.body.data!.events.totalCount, MAX_PAGE_SIZE))
  })

  it('costs only the operation that runs', async () => {
    const res = await request(app.server).post('/graphql').send({
      query: 'query Small { document { year } } query Big { events(first: 200) { nodes { actors { actor { events { event { actors { actor { slug } } } } } } } } }',
      operationName: 'Small'
    })
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { data: { document: { year: 2016 } } } })
  })

  it('answers an operation name the query does not hold with validation-failed, not a 500 (GraphiQL sends the last one after an edit)', async () => {
    const stale = await request(app.server).post('/graphql').send({ query: '{ document { year } }', operationName: 'Gone' })
    const several = await request(app.server).post('/graphql').send({ query: 'query A { document { year } } query B { document { title } }' })
    expect([stale, several].map((res) => ({ status: res.status, body: res.body }))).toEqual([
      { status: 400, body: { data: null, errors: [{ message: 'operationName: names no operation in the query: "Gone"', extensions: { code: 'validation-failed', errors: [{ field: 'operationName', message: 'names no operation in the query: "Gone"' }] } }] } },
      { status: 400, body: { data: null, errors: [{ message: 'operationName: is needed: the query holds several operations', extensions: { code: 'validation-failed', errors: [{ field: 'operationName', message: 'is needed: the query holds several operations' }] } }] } }
    ])
  })

  it('lets GraphiQL\'s introspection query through, however deep', async () => {
    const res = await graphql(app, getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }))
    expect(res.status).toBe(200)
    expect(res.body.errors).toBeUndefined()
    // What GraphiQL learns is the whole schema, as written in src/graphql/schema/.
    expect(printSchema(buildClientSchema(res.body.data as IntrospectionQuery))).toBe(printSchema(buildSchema(readSchema())))
  })
})

describe('failures of the service itself', () => {
  it('hide their details behind internal and the request id', async () => {
    // The list's own statement fails (the one that reads the total), as a lost connection would.
    const query = pg.Pool.prototype.query
    const spy = jest.spyOn(pg.Pool.prototype, 'query').mockImplementation(function (this: pg.Pool, config: unknown, ...rest: unknown[]) {
      const text = typeof config === 'string' ? config : (config as { text?: string }).text ?? ''
      return text.includes('row_counts') ? Promise.reject(new Error('connection to 10.0.0.7:5432 refused')) : (query as (...a: unknown[]) => unknown).call(this, config, ...rest)
    } as never)
    const res = await request(app.server).post('/graphql').send({ query: '{ events { totalCount } }' })
    spy.mockRestore()
    expect({ status: res.status, body: res.body }).toEqual({
      status: 500,
      body: {
        data: null,
        errors: [{
          message: 'An unexpected error occurred; the request id identifies it in the logs.',
          locations: at(1, 3),
          path: ['events'],
          extensions: { code: 'internal', requestId: res.headers['x-request-id'] }
        }]
      }
    })
  })
})
