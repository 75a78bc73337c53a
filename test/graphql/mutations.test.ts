// Curation over GraphQL: the same write service as REST, the same keys, versions and audit trail.
// It writes, so it runs on its own copy of the knowledge base.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import request from 'supertest'
import { getNamedType, type GraphQLInputObjectType } from 'graphql'
import { z } from 'zod'
import { createKey } from '../../src/auth/api-keys'
import { buildGraphQLSchema } from '../../src/graphql/schema'
import { patchSchema, writables } from '../../src/knowledge/writes'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'
import { createSeededScratchDatabase } from '../helpers/seeded-scratch'
import { graphqlTypeOf, pascal, unwrapZod } from './client'

let app: FastifyInstance
let scratch: { url: string, drop: () => Promise<void> }
let editor: string
const run = randomBytes(3).toString('hex')
const slug = `gql-curation-${run}`

beforeAll(async () => {
  scratch = await createSeededScratchDatabase('gql_curation')
  app = await buildApp({ config: parseConfig({}), databaseUrl: scratch.url })
  await app.ready()
  editor = (await createKey(app.prisma, { name: `gql-editor-${run}`, role: 'editor' })).key
}, 60_000)
afterAll(async () => {
  await app.close()
  await scratch.drop()
})

async function gql (query: string, variables: Record<string, unknown>, key?: string): Promise<{ status: number, body: any }> {
  const req = request(app.server).post('/graphql')
  if (key !== undefined) req.set('authorization', `Bearer ${key}`)
  const res = await req.send({ query, variables })
  return { status: res.status, body: res.body }
}

const CREATE = 'mutation ($input: EventInput!) { createEvent(input: $input) { version event { slug title date { precision } actors { role actor { slug } } evidence { quote passage { ordinal } } } } }'
const UPDATE = 'mutation ($id: ID!, $version: Int!, $input: EventPatch!) { updateEvent(id: $id, version: $version, input: $input) { version event { title } } }'
const DELETE = 'mutation ($id: ID!, $version: Int!) { deleteEvent(id: $id, version: $version) { kind slug } }'
const input = {
  slug,
  title: 'A curated event',
  summary: 'Restated from the paper.',
  category: 'MILITARY',
  date: { printed: 'November 2015', value: '2015-11' },
  actors: [{ actor: 'russia', role: 'SIGNATORY' }],
  evidence: [{ quote: 'In November 2015, Moscow and Pyongyang signed an agreement on "preventing dangerous military activity."' }]
}

describe('event mutations', () => {
  it('refuse an anonymous caller with extensions.code unauthorized', async () => {
    const res = await gql(CREATE, { input })
    expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'unauthorized' }), path: ['createEvent'] })])
    expect(res.body.data).toBeNull()
  })

  it('create, update under a version, refuse a stale version, and delete', async () => {
    const created = await gql(CREATE, { input }, editor)
    expect(created.body).toEqual({
      data: { createEvent: { version: 1, event: { slug, title: 'A curated event', date: { precision: 'MONTH' }, actors: [{ role: 'SIGNATORY', actor: { slug: 'russia' } }], evidence: [{ quote: input.evidence[0]!.quote, passage: { ordinal: expect.any(Number) } }] } } }
    })
    const updated = await gql(UPDATE, { id: slug, version: 1, input: { title: 'Retitled' } }, editor)
    expect(updated.body).toEqual({ data: { updateEvent: { version: 2, event: { title: 'Retitled' } } } })
    const stale = await gql(UPDATE, { id: slug, version: 1, input: { title: 'Lost' } }, editor)
    expect(stale.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'precondition-failed', currentVersion: 2 }) })])
    const invalid = await gql(UPDATE, { id: slug, version: 2, input: { category: 'coup' } }, editor)
    expect(invalid.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'validation-failed' }) })])
    const deleted = await gql(DELETE, { id: slug, version: 2 }, editor)
    expect(deleted.body).toEqual({ data: { deleteEvent: { kind: 'events', slug } } })
    const feed = await request(app.server).get('/v1/changes?limit=200').expect(200)
    expect(feed.body.data.filter((c: { slug: string }) => c.slug === slug).map((c: { action: string }) => c.action)).toEqual(['create', 'update', 'delete'])
  })
})

describe('the mutation inputs mirror the REST write schemas', () => {
  const schema = buildGraphQLSchema()
  /** Each closed set of a write schema, nested objects included (a date's basis, an actor link's role), with the GraphQL enum it expects and the one the input type has. */
  const closedSets = (input: z.ZodObject, type: GraphQLInputObjectType, path = type.name): string[][] => Object.entries(input.shape as Record<string, z.ZodType>).flatMap(([key, s]) => {
    const field = type.getFields()[key]
    if (field === undefined) return []
    let { inner } = unwrapZod(s)
    if (inner instanceof z.ZodArray) inner = unwrapZod(inner.element as z.ZodType).inner
    if (inner instanceof z.ZodObject) return closedSets(inner, getNamedType(field.type) as GraphQLInputObjectType, `${path}.${key}`)
    return inner instanceof z.ZodEnum ? [[`${path}.${key}`, graphqlTypeOf(inner), getNamedType(field.type).name]] : []
  })

  it.each(writables.map((w) => [w.def.name, w] as const))('%s: create, update and delete, with the same input fields', (_name, w) => {
    const type = pascal(w.def.noun)
    const mutation = schema.getMutationType()!.getFields()
    expect([`create${type}`, `update${type}`, `delete${type}`].filter((f) => mutation[f] === undefined)).toEqual([])
    const fieldsOf = (name: string): string[] => Object.keys((schema.getType(name) as GraphQLInputObjectType).getFields()).sort()
    expect(fieldsOf(`${type}Input`)).toEqual(Object.keys(w.input.shape).sort())
    expect(fieldsOf(`${type}Patch`)).toEqual(Object.keys(patchSchema(w.input).shape).sort())
    // Closed sets are the enums REST validates with, in creates and patches alike.
    for (const [zod, input] of [[w.input, `${type}Input`], [patchSchema(w.input), `${type}Patch`]] as const) {
      const sets = closedSets(zod, schema.getType(input) as GraphQLInputObjectType)
      expect(sets.map(([field, , actual]) => [field, actual])).toEqual(sets.map(([field, expected]) => [field, expected]))
    }
  })
})
