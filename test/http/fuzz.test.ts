// A seeded fuzzer driven by the served OpenAPI document: every GET route, each of its parameters in
// turn with hostile values (huge and negative numbers, unicode, raw and broken %-encodings, long
// strings, wrong types, forged cursors), then random mixes of valid and hostile values for all of
// them. Never a 5xx; every 4xx is problem+json with its status and code; every JSON 2xx body follows
// the document. The seed and counts are fixed, so a failure repeats; FUZZ_SEED tries another.
import Ajv2020 from 'ajv/dist/2020'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { resources } from '../../src/knowledge'
import { buildTestApp } from '../helpers/app'

const SEED = Number(process.env.FUZZ_SEED ?? 20261206)
/** Hostile values per parameter (four times as many forged cursors), and random mixes per route: about 2,500 requests in all. */
const PER_PARAMETER = 10
const MIXES_PER_ROUTE = 25

interface Parameter { name: string, in: 'query' | 'path' | 'header', schema?: { enum?: string[], pattern?: string } }
interface Operation { parameters?: Parameter[], responses: Record<string, { content?: Record<string, unknown> }> }
interface OpenApi { paths: Record<string, Record<string, Operation>> }

function cursor (payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

/** Cursors anyone could write: the right shape with values of the wrong type, or any JSON at all. `sorts` are the route's, its default first. */
function forgedCursor (sorts: string[]): fc.Arbitrary<string> {
  const sort = sorts.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constant(sorts[0]!) }, { weight: 1, arbitrary: fc.constantFrom(...sorts) }) : fc.string()
  const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.constantFrom('2015-13-45', '0000-01-01', 'nul\u0000', '2', '2015-06-01T00:00:00.000Z'))
  const id = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 500 }) }, { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(2 ** 31), fc.string()) })
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ s: sort, v: value, id }).map(cursor) },
    { weight: 1, arbitrary: fc.jsonValue().map(cursor) },
    { weight: 1, arbitrary: fc.record({ f: fc.string(), r: fc.oneof(fc.double(), fc.string()), k: fc.string(), id: fc.oneof(fc.integer(), fc.constant(2 ** 53)) }).map(cursor) },
    { weight: 1, arbitrary: fc.record({ c: fc.oneof(fc.string(), fc.integer(), fc.constant('9'.repeat(19))) }).map(cursor) }
  )
}

/** A list route's sorts, the default first (what a cursor without `sort` is checked against). */
function sortsOf (path: string): string[] {
  const def = resources.find((d) => path === `/v1/${d.name}`)
  if (def === undefined) return []
  return [def.defaultSort, ...Object.keys(def.sorts).flatMap((k) => [k, `-${k}`])]
}

/** Values no parameter should choke on, written into the URL as they are (the router decodes them). */
const RAW = ['%FF', '%E0%A4%A', '%', '%%', '%00', '%2e%2e%2f', '..%2F..%2Fetc%2Fpasswd', '%C0%AF', '%uD800', 'a%20b', '+', '%2B', '&', '=', ';', "'", '"', '\\', '*', '[]', '{}', '()']
/** Values written percent-encoded. */
const HOSTILE = [
  '', ' ', '0', '-1', '1.5', '1e308', '-0', 'NaN', 'Infinity', '2147483647', '2147483648', '-2147483649', '9007199254740993', '99999999999999999999999',
  'null', 'true', 'undefined', "' OR 1=1 --", '"; DROP TABLE events; --', '$1', 'russia', 'dprk', 'unsc-resolution-2270-adopted', 'date', '-date',
  '\u0000', 'a\u0000b', '\u202eaissur', 'ｒｕｓｓｉａ', '𝐃𝐏𝐑𝐊', 'Россия', '북한', '😀', 'e\u0301', '\ufeff', '\t\n', '<script>alert(1)</script>',
  'x'.repeat(201), 'y'.repeat(1001), 'z'.repeat(3000), '2015-02-30', '0000-01-01', '99999-01-01', '2014-13', 'the', '"', 'OR', '-'
]

type Value = { raw: string } | { text: string } | { repeated: string[] }

function hostileValue (sorts: string[]): fc.Arbitrary<Value> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE).map((text) => ({ text })) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW).map((raw) => ({ raw })) },
    { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 40 }).map((text) => ({ text })) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.bigInt(), fc.double()).map((n) => ({ text: String(n) })) },
    { weight: sorts.length > 0 ? 3 : 1, arbitrary: forgedCursor(sorts).map((text) => ({ text })) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE, 'russia', 'economic'), { minLength: 2, maxLength: 25 }).map((repeated) => ({ repeated })) }
  )
}

/** Values the parameter's own schema allows, so that mixes also reach the handlers and the database. */
function validValue (parameter: Parameter): fc.Arbitrary<Value> {
  const { schema } = parameter
  if (schema?.enum !== undefined) return fc.constantFrom(...schema.enum).map((text) => ({ text }))
  if (schema?.pattern === '^\\d{1,4}$') return fc.integer({ min: 1, max: 200 }).map((n) => ({ text: String(n) }))
  if (parameter.name === 'from' || parameter.name === 'to') return fc.constantFrom('2000', '2014-03', '2016-01-06').map((text) => ({ text }))
  return fc.constantFrom('russia', 'dprk', 'railway', 'economic', '1', '27', 'un-security-council').map((text) => ({ text }))
}

function encode (value: Value): string[] {
  if ('raw' in value) return [value.raw]
  const texts = 'text' in value ? [value.text] : value.repeated
  // A lone surrogate has no UTF-8 form; it travels as the replacement character would.
  return texts.map((t) => encodeURIComponent(t.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')))
}

function url (path: string, values: Map<Parameter, Value>): string {
  let concrete = path
  const query: string[] = []
  for (const [parameter, value] of values) {
    const encoded = encode(value)
    if (parameter.in === 'path') concrete = concrete.replace(`{${parameter.name}}`, encoded[0] === '' ? '%20' : encoded[0]!)
    else if (parameter.in === 'query') for (const e of encoded) query.push(`${parameter.name}=${e}`)
  }
  concrete = concrete.replace(/\{\w+\}/g, 'russia')
  return query.length > 0 ? `${concrete}?${query.join('&')}` : concrete
}

let app: FastifyInstance
let doc: OpenApi
const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true })

beforeAll(async () => {
  app = await buildTestApp({ rateLimit: { max: 1_000_000, timeWindow: '1 minute', store: 'memory' } })
  doc = app.swagger() as unknown as OpenApi
  ajv.addSchema(doc, 'openapi')
})
afterAll(async () => { await app.close() })

const statuses: Record<number, number> = {}

/** What is wrong with the answer to `target`, if anything. */
async function check (path: string, target: string): Promise<string | null> {
  const res = await app.inject({ method: 'GET', url: target })
  statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
  const type = String(res.headers['content-type'])
  if (res.statusCode >= 500) return `${target} → ${res.statusCode} ${res.body.slice(0, 300)}`
  if (res.statusCode >= 400) {
    if (!type.startsWith('application/problem+json')) return `${target} → ${res.statusCode} as ${type}`
    const body = JSON.parse(res.body) as { status?: unknown, code?: unknown, type?: unknown }
    if (body.status !== res.statusCode || typeof body.code !== 'string' || body.type !== `/problems/${body.code}`) return `${target} → ${res.statusCode} with ${res.body.slice(0, 300)}`
    return null
  }
  if (!type.startsWith('application/json')) return null
  const schema = `openapi#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/get/responses/${res.statusCode}/content/application~1json/schema`
  const validate = ajv.getSchema(schema)
  if (validate === undefined) return `${target} → ${res.statusCode}, which the document does not describe`
  if (!validate(JSON.parse(res.body))) return `${target} → ${res.statusCode} not as documented: ${ajv.errorsText(validate.errors).slice(0, 300)}`
  return null
}

describe('the REST fuzzer', () => {
  it('gets no 5xx, problem+json for every 4xx and documented bodies for every 2xx, on every GET route', async () => {
    const started = Date.now()
    // Streams (Server-Sent Events) never end, so they are not fuzzed here.
    const streams = (operation: Operation): boolean => Object.keys(operation.responses['200']?.content ?? {}).includes('text/event-stream')
    const routes = Object.entries(doc.paths).filter(([path, operations]) => path.startsWith('/v1/') && operations.get !== undefined && !streams(operations.get))
      .map(([path, operations]) => ({ path, parameters: (operations.get!.parameters ?? []).filter((p) => p.in !== 'header') }))
    expect(routes.length).toBeGreaterThanOrEqual(25)
    const targets: Array<{ path: string, target: string }> = []
    routes.forEach(({ path, parameters }, r) => {
      const hostile = hostileValue(sortsOf(path))
      // One parameter at a time, the others absent: each hostile value meets the parameter's own check.
      parameters.forEach((parameter, p) => {
        // A cursor is where forging pays: it gets mostly forged cursors, and more of them.
        const values = parameter.name === 'cursor' ? forgedCursor(sortsOf(path)).map((text): Value => ({ text })) : hostile
        for (const value of fc.sample(values, { seed: SEED + r * 100 + p, numRuns: parameter.name === 'cursor' ? 4 * PER_PARAMETER : PER_PARAMETER })) targets.push({ path, target: url(path, new Map([[parameter, value]])) })
      })
      // Mixes: each parameter absent, valid or hostile.
      const mix = fc.tuple(...parameters.map((parameter) => fc.option(fc.oneof(validValue(parameter), hostile), { nil: undefined })))
      for (const values of fc.sample(mix, { seed: SEED + r, numRuns: MIXES_PER_ROUTE })) {
        targets.push({ path, target: url(path, new Map(parameters.flatMap((parameter, i) => values[i] !== undefined ? [[parameter, values[i]]] : []))) })
      }
    })
    const failures: string[] = []
    // A few at a time, as several clients would send them.
    for (let i = 0; i < targets.length; i += 4) {
      const found = await Promise.all(targets.slice(i, i + 4).map(async ({ path, target }) => await check(path, target)))
      failures.push(...found.filter((f): f is string => f !== null))
    }
    expect(failures).toEqual([])
    process.stdout.write(`REST fuzzer: ${targets.length} requests in ${Date.now() - started} ms (seed ${SEED}), by status ${JSON.stringify(statuses)}\n`)
    expect(targets.length).toBeGreaterThan(2000)
    // The mixes reach the handlers: a tenth or more of the answers are real pages and records.
    expect(statuses[200]).toBeGreaterThan(targets.length / 10)
  }, 120_000)
})
