// A seeded GraphQL fuzzer driven by the served schema (its introspection): random queries of every root field, with
// selections up to 6 deep and random arguments (hostile strings, boundary and out-of-range numbers,
// unknown enum values, forged cursors), written inline or sent as variables, the variables
// sometimes of the wrong type. Never a 5xx; every error carries a code, and never `internal`.
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import {
  buildClientSchema, getIntrospectionQuery, type IntrospectionQuery, getNamedType, getNullableType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isAbstractType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema
} from 'graphql'
import { resources } from '../../src/knowledge'
import { buildTestApp } from '../helpers/app'

const SEED = Number(process.env.FUZZ_SEED ?? 20261206)
/** Queries per root field: about 1,500 in all. */
const PER_FIELD = 40
const MAX_DEPTH = 6

const sorts = resources.flatMap((def) => Object.keys(def.sorts).flatMap((k) => [k, `-${k}`]))
const cursor = (payload: unknown): string => Buffer.from(JSON.stringify(payload)).toString('base64url')
const HOSTILE_STRINGS = [
  '', ' ', 'russia', 'dprk', 'unsc-resolution-2270-adopted', '27', '0', '-1', '2147483648', '1e308', 'null', "' OR 1=1 --", '"; DROP TABLE events; --',
  'a\u0000b', '\u202eaissur', '𝐃𝐏𝐑𝐊', 'Россия', '😀', '%FF', '..%2F', 'x'.repeat(201), 'y'.repeat(5000), 'the', '"unclosed', 'OR', '-', '2014-13', '2015-02-30', '9999-12-31'
]

/** A random GraphQL value of `type` as a JSON value (for variables) or `undefined` to leave it out. */
function valueOf (type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, depth)
  if (isListType(type)) return fc.oneof(fc.array(valueOf(type.ofType, depth + 1), { maxLength: 4 }), valueOf(type.ofType, depth + 1))
  const named = getNamedType(type)
  const wrong = fc.oneof(fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([1, 'a']))
  if (isEnumType(named)) return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...named.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: fc.constantFrom('NOPE', 'date', '') })
  if (isInputObjectType(named)) {
    if (depth > 3) return fc.constant({})
    const fields = Object.values(named.getFields())
    return fc.tuple(...fields.map((f) => fc.option(valueOf(f.type, depth + 1), { nil: undefined, freq: 3 })))
      .map((values) => Object.fromEntries(fields.flatMap((f, i) => values[i] !== undefined ? [[f.name, values[i]]] : [])))
  }
  switch (named.name) {
    case 'Int': return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -2, max: 250 }) }, { weight: 1, arbitrary: fc.constantFrom(2147483647, -2147483648, 2147483648, 1e300, 1.5) }, { weight: 1, arbitrary: wrong })
    case 'Float': return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), wrong)
    case 'Boolean': return fc.oneof(fc.boolean(), wrong)
    default: return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
      { weight: 2, arbitrary: fc.fullUnicodeString({ maxLength: 30 }) },
      { weight: 2, arbitrary: fc.record({ s: fc.constantFrom(...sorts), v: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), id: fc.oneof(fc.integer(), fc.constant(2 ** 31)) }).map(cursor) },
      { weight: 1, arbitrary: fc.oneof(fc.integer(), wrong) }
    )
  }
}

/** A GraphQL literal for a JSON value; strings and numbers through JSON, objects as input objects, enum names bare. */
function literal (value: unknown, type: GraphQLInputType): string {
  const inner = getNullableType(type)
  if (value === null) return 'null'
  if (isListType(inner)) return Array.isArray(value) ? `[${value.map((v) => literal(v, inner.ofType)).join(', ')}]` : literal(value, inner.ofType)
  if (isEnumType(inner) && typeof value === 'string' && /^[_A-Za-z]\w*$/.test(value)) return value
  if (isInputObjectType(inner) && typeof value === 'object' && !Array.isArray(value)) {
    const fields = inner.getFields()
    return `{ ${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${literal(v, fields[k]!.type)}`).join(', ')} }`
  }
  if (typeof value === 'object') return JSON.stringify(JSON.stringify(value))
  return JSON.stringify(value)
}

interface Built { text: string, variables: Record<string, unknown>, declarations: string[] }

/** Arguments of a field, each left out, written inline, or passed as a variable of its declared type. */
function argumentsOf (args: readonly GraphQLArgument[], built: Built): fc.Arbitrary<string> {
  if (args.length === 0) return fc.constant('')
  return fc.tuple(...args.map((a) => fc.tuple(fc.option(valueOf(a.type), { nil: undefined, freq: 2 }), fc.boolean()))).map((chosen) => {
    const written = args.flatMap((a, i) => {
      const [value, asVariable] = chosen[i]!
      if (value === undefined) return []
      if (!asVariable) return [`${a.name}: ${literal(value, a.type)}`]
      const name = `v${built.declarations.length}`
      built.declarations.push(`$${name}: ${String(a.type)}`)
      built.variables[name] = value
      return [`${a.name}: $${name}`]
    })
    return written.length > 0 ? `(${written.join(', ')})` : ''
  })
}

function selectionOf (type: GraphQLNamedType, depth: number, built: Built): fc.Arbitrary<string> {
  if (isLeafType(type)) return fc.constant('')
  if (isAbstractType(type)) {
    return fc.constant(type).chain((t) => {
      const possible = (built as Built & { schema: GraphQLSchema }).schema.getPossibleTypes(t)
      return fc.constantFrom(...possible).chain((p) => selectionOf(p, depth, built).map((s) => `{ __typename ... on ${p.name} ${s} }`))
    })
  }
  const fields = Object.values((type as GraphQLObjectType).getFields())
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)))
  const branches = depth < MAX_DEPTH ? fields.filter((f) => !isLeafType(getNamedType(f.type))) : []
  if (leaves.length === 0 && branches.length === 0) return fc.constant('{ __typename }')
  return fc.tuple(
    fc.subarray(leaves, { minLength: leaves.length > 0 ? 1 : 0, maxLength: Math.min(4, leaves.length) }),
    fc.subarray(branches, { minLength: leaves.length > 0 ? 0 : 1, maxLength: Math.min(2, branches.length) })
  ).chain(([someLeaves, someBranches]) => {
    const chosen: Array<GraphQLField<unknown, unknown>> = [...someLeaves, ...someBranches]
    return fc.tuple(...chosen.map((f) => fieldOf(f, depth + 1, built))).map((parts) => `{ ${parts.join(' ')} }`)
  })
}

function fieldOf (field: GraphQLField<unknown, unknown>, depth: number, built: Built): fc.Arbitrary<string> {
  return fc.tuple(argumentsOf(field.args, built), selectionOf(getNamedType(field.type), depth, built)).map(([args, sub]) => `${field.name}${args} ${sub}`)
}

/** One whole query on `field` of Query; the variables and their declarations are gathered as it is built. */
function queryOn (schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): fc.Arbitrary<{ query: string, variables: Record<string, unknown> }> {
  return fc.constant(null).chain(() => {
    const built = { text: '', variables: {}, declarations: [], schema } as Built & { schema: GraphQLSchema }
    return fieldOf(field, 1, built).map((body) => ({
      query: `query${built.declarations.length > 0 ? ` (${built.declarations.join(', ')})` : ''} { ${body} }`,
      variables: built.variables
    }))
  })
}

let app: FastifyInstance
beforeAll(async () => { app = await buildTestApp({ rateLimit: { max: 1_000_000, timeWindow: '1 minute', store: 'memory' } }) })
afterAll(async () => { await app.close() })

describe('the GraphQL fuzzer', () => {
  it('gets no 5xx and a code on every error, never internal, for random queries of every root field', async () => {
    const started = Date.now()
    // The schema as a client sees it: from the served endpoint's introspection.
    const introspection = await app.inject({ method: 'POST', url: '/graphql', payload: { query: getIntrospectionQuery() } })
    const schema = buildClientSchema((JSON.parse(introspection.body) as { data: IntrospectionQuery }).data)
    const roots = Object.values(schema.getQueryType()!.getFields()).filter((f) => !f.name.startsWith('__'))
    expect(roots.length).toBeGreaterThanOrEqual(20)
    const cases = roots.flatMap((field, i) => fc.sample(queryOn(schema, field), { seed: SEED + i, numRuns: PER_FIELD }))
    const failures: string[] = []
    const statuses: Record<number, number> = {}
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(cases.slice(i, i + 4).map(async ({ query, variables }) => {
        const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } })
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
        const body = JSON.parse(res.body) as { errors?: Array<{ message: string, extensions?: { code?: unknown } }> }
        const uncoded = (body.errors ?? []).filter((e) => typeof e.extensions?.code !== 'string' || e.extensions.code === 'internal')
        if (res.statusCode >= 500 || uncoded.length > 0) failures.push(`${res.statusCode} ${query} ${JSON.stringify(variables).slice(0, 300)} → ${res.body.slice(0, 300)}`)
      }))
    }
    process.stdout.write(`GraphQL fuzzer: ${cases.length} queries in ${Date.now() - started} ms (seed ${SEED}), by status ${JSON.stringify(statuses)}\n`)
    expect(failures).toEqual([])
    // Many random queries are answered, not only refused.
    expect(statuses[200]).toBeGreaterThan(cases.length / 5)
  }, 120_000)
})
