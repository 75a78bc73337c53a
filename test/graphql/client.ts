// Posts GraphQL to the app as a client would.
import type { FastifyInstance } from 'fastify'
import { isEnumType, isLeafType, isListType, isNonNullType, isObjectType, Kind, parse, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLOutputType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql'
import pg from 'pg'
import request from 'supertest'
import { z } from 'zod'
import { graphqlEnums } from '../../src/graphql/enums'
import { buildGraphQLSchema } from '../../src/graphql/schema'

export interface GraphQLResponse {
  status: number
  body: { data?: Record<string, any> | null, errors?: Array<{ message: string, locations?: unknown, path?: unknown, extensions?: Record<string, unknown> }> }
}

export async function graphql (app: FastifyInstance, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  const res = await request(app.server).post('/graphql').send({ query, ...(variables !== undefined ? { variables } : {}) })
  return { status: res.status, body: res.body }
}

/** `leverage-channels` → `leverageChannels`, `leverage channel` → `LeverageChannel`. */
export function camel (name: string): string {
  return name.replace(/[- ]([a-z])/g, (_, c: string) => c.toUpperCase())
}

export function pascal (name: string): string {
  const c = camel(name)
  return c.charAt(0).toUpperCase() + c.slice(1)
}

/**
 * Counts the SQL statements the app sends (every one goes through pg's Client#query, the Prisma
 * adapter's pool included) while the file's tests run. `during(fn)` gives the statements `fn` sent.
 */
/** The table a statement is about, e.g. "event_actors": the service's records come `FROM "x" t`, Prisma's own statements name "public"."x", the rest `FROM x`. */
export function firstTable (statement: string): string {
  return /FROM "(\w+)" t\b/.exec(statement)?.[1] ?? /FROM "public"\."(\w+)"/.exec(statement)?.[1] ?? /FROM (\w+)/.exec(statement)?.[1] ?? statement
}

export function useSqlCounter (): { during: (fn: () => Promise<void>) => Promise<string[]> } {
  let spy: jest.SpiedFunction<typeof pg.Client.prototype.query> | undefined
  beforeAll(() => { spy = jest.spyOn(pg.Client.prototype, 'query') })
  afterAll(() => { spy?.mockRestore() })
  return {
    during: async (fn) => {
      spy!.mockClear()
      await fn()
      return spy!.mock.calls.map(([statement]) => typeof statement === 'string' ? statement : String((statement as { text?: string }).text))
    }
  }
}

/** The GraphQL enum (src/graphql/enums.ts) holding the same closed set as a zod enum; a message naming the set when none or several do. */
export function graphqlEnumOf (values: readonly string[]): string {
  const key = [...values].sort().join(',')
  const names = Object.entries(graphqlEnums).filter(([, e]) => [...e.options].sort().join(',') === key).map(([name]) => name)
  return names.length === 1 ? names[0]! : `${names.length} GraphQL enums for {${key}}`
}

/** A zod schema without its optional, nullable and default wrappers. */
export function unwrapZod (s: z.ZodType): { inner: z.ZodType, nullable: boolean } {
  let inner = s
  let nullable = false
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    if (inner instanceof z.ZodNullable) nullable = true
    inner = inner.unwrap() as z.ZodType
  }
  return { inner, nullable }
}

/** The GraphQL type a zod schema stands for, as printed in SDL (`[String!]`, `Int`, `EventCategory`, ...). */
export function graphqlTypeOf (s: z.ZodType): string {
  const { inner } = unwrapZod(s)
  if (inner instanceof z.ZodArray) return `[${graphqlTypeOf(inner.element as z.ZodType)}!]`
  if (inner instanceof z.ZodNumber) return inner.isInt ? 'Int' : 'Float'
  if (inner instanceof z.ZodBoolean) return 'Boolean'
  if (inner instanceof z.ZodObject) return 'object'
  if (inner instanceof z.ZodEnum) return graphqlEnumOf(inner.options as string[])
  return 'String'
}

let executable: GraphQLSchema | undefined

/**
 * A GraphQL answer with its enum values in REST's spelling (`NUCLEAR_TEST` → `nuclear-test`), read
 * through the schema's own enum mapping along the query's fields; to compare with REST's JSON.
 */
export function inRestSpelling<T> (query: string, data: T): T {
  const schema = executable ??= buildGraphQLSchema()
  const fragments = new Map<string, FragmentDefinitionNode>()
  const document = parse(query)
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!
  const convert = (type: GraphQLOutputType, selections: SelectionSetNode | undefined, value: unknown): unknown => {
    if (value === null || value === undefined) return value
    if (isNonNullType(type)) return convert(type.ofType, selections, value)
    if (isListType(type)) return (value as unknown[]).map((v) => convert(type.ofType, selections, v))
    if (isEnumType(type)) return type.getValue(value as string)!.value
    if (isLeafType(type) || selections === undefined) return value
    const record = { ...(value as Record<string, unknown>) }
    const typename = record.__typename as string | undefined
    const walk = (set: SelectionSetNode, on: GraphQLCompositeType): void => {
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          const key = s.alias?.value ?? s.name.value
          if (s.name.value === '__typename' || !(key in record) || !isObjectType(on)) continue
          record[key] = convert(on.getFields()[s.name.value]!.type, s.selectionSet, record[key])
        } else {
          const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : fragments.get(s.name.value)!
          const condition = fragment.typeCondition?.name.value
          if (condition === undefined) walk(fragment.selectionSet, on)
          else if (typename === condition || (typename === undefined && condition === on.name)) walk(fragment.selectionSet, schema.getType(condition) as GraphQLCompositeType)
        }
      }
    }
    walk(selections, (typename !== undefined ? schema.getType(typename) : type) as GraphQLCompositeType)
    return record
  }
  const root = schema.getRootType(operation.operation)!
  return convert(root, operation.selectionSet, data) as T
}
