import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { getNamedType, GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, GraphQLUnionType, isEnumType, isListType, isNonNullType, type GraphQLInputType, type GraphQLOutputType } from 'graphql'
import request from 'supertest'
import { z } from 'zod'
import { enumName, graphqlEnums } from '../../src/graphql/enums'
import { mutationResolvers } from '../../src/graphql/mutations'
import { relationResolvers, resolvers } from '../../src/graphql/resolvers'
import { buildGraphQLSchema } from '../../src/graphql/schema'
import { resources } from '../../src/knowledge'
import { SEARCH_KINDS } from '../../src/knowledge/search'
import { buildTestApp } from '../helpers/app'
import { camel, graphqlEnumOf, graphqlTypeOf, pascal, unwrapZod as unwrap } from './client'

const schema = buildGraphQLSchema()

function printed (type: GraphQLInputType | GraphQLOutputType): string {
  const named = getNamedType(type)
  return named instanceof GraphQLObjectType ? String(type).replace(named.name, 'object') : String(type)
}

describe('the SDL mirrors the resource definitions in src/knowledge', () => {
  const query = schema.getQueryType()!.getFields()

  describe.each(resources.map((def) => [def.name, def] as const))('%s', (_name, def) => {
    const typeName = pascal(def.noun)
    const type = schema.getType(typeName) as GraphQLObjectType
    const fields = type.getFields()

    it('has a type with the record\'s fields, of the same types and nullability', () => {
      const expected = Object.fromEntries(Object.entries(def.schema.shape).map(([key, s]) => {
        if (key === 'id') return [key, 'ID!']
        return [key, `${graphqlTypeOf(s as z.ZodType)}${unwrap(s as z.ZodType).nullable ? '' : '!'}`]
      }))
      const actual = Object.fromEntries(Object.keys(def.schema.shape).map((key) => [key, fields[key] !== undefined ? printed(fields[key].type) : 'missing']))
      expect(actual).toEqual(expected)
    })

    it('has every relation, with evidence, each behind a batched resolver', () => {
      const relations = Object.entries(def.relations).map(([name, r]) => {
        const field = fields[name]
        return [name, field === undefined ? 'missing' : isListType(isNonNullType(field.type) ? field.type.ofType : field.type) === r.many ? 'matches' : 'wrong cardinality']
      })
      expect(Object.fromEntries(relations)).toEqual(Object.fromEntries(Object.keys(def.relations).map((name) => [name, 'matches'])))
      expect(fields.evidence !== undefined).toBe(def.evidence !== null)
      const relationFields = [...Object.keys(def.relations), ...(def.evidence !== null ? ['evidence'] : [])]
      expect(Object.keys(relationResolvers[typeName] ?? {}).sort()).toEqual(relationFields.sort())
      // Nothing else on the type is left to a default resolver that would find no data.
      expect(Object.keys(fields).sort()).toEqual([...Object.keys(def.schema.shape), ...relationFields].sort())
    })

    it('gives each relation\'s closed sets (an actor\'s role in an event, ...) the same enums as REST', () => {
      const enumFields = Object.entries(def.relations).flatMap(([name, r]) => {
        const item = getNamedType(fields[name]!.type) as GraphQLObjectType
        const shape = ((r.schema instanceof z.ZodArray ? r.schema.element : r.schema) as z.ZodObject).shape as Record<string, z.ZodType>
        return Object.entries(shape).filter(([key, s]) => unwrap(s).inner instanceof z.ZodEnum && key in item.getFields())
          .map(([key, s]) => [`${item.name}.${key}`, graphqlTypeOf(s), getNamedType(item.getFields()[key]!.type).name])
      })
      expect(enumFields.map(([field, , actual]) => [field, actual])).toEqual(enumFields.map(([field, expected]) => [field, expected]))
    })

    it('has a list field taking the REST filters and sorts', () => {
      const list = query[camel(def.name)]!
      const filterShape = def.filter.shape as Record<string, z.ZodType>
      const filterNames = Object.keys(filterShape)
      expect(list.args.map((a) => a.name)).toEqual([...(filterNames.length > 0 ? ['filter'] : []), 'orderBy', 'first', 'after'])
      expect(String(list.type)).toBe(`${typeName}Connection!`)
      if (filterNames.length > 0) {
        const filter = schema.getType(`${typeName}Filter`) as GraphQLInputObjectType
        expect(Object.fromEntries(Object.entries(filter.getFields()).map(([k, f]) => [k, String(f.type)])))
          .toEqual(Object.fromEntries(Object.entries(filterShape).map(([k, s]) => [k, graphqlTypeOf(s)])))
      }
      const order = schema.getType(`${typeName}OrderField`) as GraphQLEnumType
      expect(order.getValues().map((v) => v.name).sort()).toEqual(Object.keys(def.sorts).map((k) => k.toUpperCase()).sort())
    })

    it('has a lookup by id or by its key', () => {
      const one = query[camel(def.noun)]!
      expect(one.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(def.key.field === 'slug' ? ['id: ID', 'slug: String'] : [`${def.key.field}: Int!`])
      expect(String(one.type)).toBe(typeName)
    })
  })
})

describe('the search schema mirrors the searched kinds', () => {
  it('has a SearchKind value and a SearchHitNode member for each', () => {
    const searched = resources.filter((def) => SEARCH_KINDS.includes(def.name))
    expect((schema.getType('SearchKind') as GraphQLEnumType).getValues().map((v) => v.name).sort())
      .toEqual(searched.map((def) => enumName(def.name)).sort())
    expect((schema.getType('SearchHitNode') as GraphQLUnionType).getTypes().map((t) => t.name).sort())
      .toEqual(searched.map((def) => pascal(def.noun)).sort())
  })
})

describe('root fields', () => {
  it('every Query and Mutation field has its resolver, and every resolver its field', () => {
    expect(Object.keys(resolvers.Query as object).sort()).toEqual(Object.keys(schema.getQueryType()!.getFields()).sort())
    expect(Object.keys(mutationResolvers.Mutation as object).sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort())
  })
})

describe('closed sets are GraphQL enums over the zod enums REST validates with', () => {
  const sdlEnums = Object.values(schema.getTypeMap()).filter((t): t is GraphQLEnumType => isEnumType(t) && !t.name.startsWith('__'))
  // Sort fields and directions are no closed sets of the data: they mirror each kind's sorts (above).
  const closedSets = sdlEnums.filter((t) => !t.name.endsWith('OrderField') && t.name !== 'OrderDirection')

  it('every enum of the SDL is one of them, and each is documented', () => {
    expect(closedSets.map((t) => t.name).sort()).toEqual(Object.keys(graphqlEnums).sort())
    expect(closedSets.filter((t) => (t.description ?? '') === '').map((t) => t.name)).toEqual([])
  })

  it.each(Object.entries(graphqlEnums))('%s has the zod enum\'s values, in capitals, and maps them both ways', (name, zodEnum) => {
    const type = schema.getType(name) as GraphQLEnumType
    expect(type.getValues().map((v) => v.name)).toEqual(zodEnum.options.map(enumName))
    // What resolvers and filters see is REST's spelling; what clients see is the enum's name.
    expect(zodEnum.options.map((value) => type.serialize(value))).toEqual(zodEnum.options.map(enumName))
    expect(zodEnum.options.map((value) => type.parseValue(enumName(value)))).toEqual(zodEnum.options)
    expect(() => type.serialize('no-such-value')).toThrow()
    // Another zod enum with the same values would make the mirror ambiguous.
    expect(graphqlEnumOf(zodEnum.options)).toBe(name)
  })
})

describe('generated resolver types', () => {
  it('are up to date with the SDL', () => {
    // Run out of process: prettier, which the generator formats with, loads itself as ESM.
    const run = spawnSync(join('node_modules', '.bin', 'tsx'), ['scripts/graphql-codegen.ts', '--check'], { encoding: 'utf8' })
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' })
  })
})

describe('GraphiQL', () => {
  let app: FastifyInstance
  beforeAll(async () => { app = await buildTestApp() })
  afterAll(async () => { await app.close() })

  it('is served at /graphiql from this origin, not mercurius\'s CDN page', async () => {
    const page = await request(app.server).get('/graphiql').expect(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.text).toContain('<script src="/graphiql/graphiql-page.js"></script>')
    await request(app.server).get('/graphiql/config.js').expect(404)
  })

  it('is not part of the REST OpenAPI document', async () => {
    const doc = await request(app.server).get('/openapi.json').expect(200)
    expect(Object.keys(doc.body.paths as object).filter((p) => p.includes('graph'))).toEqual([])
  })
})
