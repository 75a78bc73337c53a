// Hostile input: every kind of bad request we could think of, against a scratch copy of the
// knowledge base. Each must get its 4xx (never a 500), the service must stay up, and the data must
// be exactly as before (row counts and an md5 of every table, audit trail included).
import type { FastifyInstance, InjectOptions } from 'fastify'
import { buildApp } from '../../src/app'
import { createKey } from '../../src/auth/api-keys'
import { parseConfig } from '../../src/config'
import { resources } from '../../src/knowledge'
import { writables } from '../../src/knowledge/writes'
import { dbFingerprint } from '../helpers/db-fingerprint'
import { createSeededScratchDatabase } from '../helpers/seeded-scratch'

interface Case { category: string, request: InjectOptions, status: number | number[] }

let app: FastifyInstance
let scratch: { url: string, drop: () => Promise<void> }
let editor: string
let admin: string

beforeAll(async () => {
  scratch = await createSeededScratchDatabase('hostile')
  app = await buildApp({ config: { ...parseConfig({}), rateLimit: { ...parseConfig({}).rateLimit, max: 100_000 } }, databaseUrl: scratch.url })
  await app.ready()
  editor = (await createKey(app.prisma, { name: 'hostile-editor', role: 'editor' })).key
  admin = (await createKey(app.prisma, { name: 'hostile-admin', role: 'admin' })).key
}, 60_000)
afterAll(async () => {
  await app.close()
  await scratch.drop()
})

const WRITABLE = writables.map((w) => w.def.name)
const INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE events; --', '1) UNION SELECT key_hash FROM api_keys --', '$1', "\\'; SELECT pg_sleep(5); --", '%27%20OR%201%3D1']
const CONFUSABLES = ['ruѕѕia', 'ｒｕｓｓｉａ', 'rus\u200bsia', '\u202eaissur', 'ŗussia', 'Ｄ𝐏𝐑𝐊', 'e\u0301vent']
const TRAVERSALS = ['../../etc/passwd', '..%2f..%2fetc%2fpasswd', '%2e%2e', '%2e%2e%2f%2e%2e%2fapi_keys', '..%5c..%5cwindows', '%252e%252e%252f', '....//....//', '.%00.']

function validEvent (slug: string): Record<string, unknown> {
  return {
    slug,
    title: 't',
    summary: 's',
    category: 'military',
    date: { printed: 'November 2015', value: '2015-11' },
    evidence: [{ quote: 'In November 2015, Moscow and Pyongyang signed an agreement on "preventing dangerous military activity."' }]
  }
}

function cases (): Case[] {
  const auth = { authorization: `Bearer ${editor}` }
  const json = { ...auth, 'content-type': 'application/json' }
  const all: Case[] = []
  const add = (category: string, status: number | number[], request: InjectOptions): void => { all.push({ category, request, status }) }

  for (const body of ['{"slug":', '{', '[1,2', '{"slug": "a",}', "{'slug': 'a'}", '\u0000', '{"a":1}{"b":2}', 'nul', '{"slug":"a"']) {
    for (const kind of WRITABLE) add('malformed JSON', 400, { method: 'POST', url: `/v1/${kind}`, headers: json, payload: body })
    add('malformed JSON', 400, { method: 'PATCH', url: '/v1/events/unsc-resolution-2270-adopted', headers: json, payload: body })
    add('malformed JSON', 400, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: body })
  }

  const wrongTypes: Array<Record<string, unknown>> = [
    { slug: 123 }, { title: ['a'] }, { date: '2015' }, { actors: 'russia' }, { evidence: {} }, { evidence: [{ quote: 42 }] },
    { evidence: [{ quote: 'x', footnotes: ['1'] }] }, { category: 'coup' }, { date: { printed: null, value: '15-11' } }, { actors: [{ actor: 'russia', role: 'emperor' }] }
  ]
  for (const patch of wrongTypes) {
    add('wrong types', 400, { method: 'POST', url: '/v1/events', headers: json, payload: { ...validEvent('hostile-wrong-type'), ...patch } })
    if (!('slug' in patch)) add('wrong types', 400, { method: 'PATCH', url: '/v1/events/unsc-resolution-2270-adopted', headers: json, payload: patch })
  }
  for (const [kind, body] of [['actors', { slug: 'x-y', name: 7, kind: 'state' }], ['figures', { slug: 'x-y', measure: 'm', printed: 'p', value: 'ten', unit: 'u', evidence: [] }], ['sources', { slug: 'x-y', kind: 'book', title: null, language: 'english' }]] as const) {
    add('wrong types', 400, { method: 'POST', url: `/v1/${kind}`, headers: json, payload: body })
  }
  for (const url of ['/v1/events?footnote=abc', '/v1/events?from=yesterday', '/v1/events?category=coup', '/v1/events?sort=password']) add('wrong types', 400, { method: 'GET', url })
  for (const id of ['abc', '-1', '0', '1.5', '99999999999']) add('wrong types', 400, { method: 'DELETE', url: `/v1/keys/${id}`, headers: { authorization: `Bearer ${admin}` } })

  for (const body of [{ ...validEvent('hostile-unknown'), admin: true }, { ...validEvent('hostile-unknown'), evidence: [{ quote: 'abc', passageId: 1 }] }, { ...validEvent('hostile-unknown'), date: { printed: null, value: null, tz: 'UTC' } }, { ...validEvent('hostile-unknown'), id: 1 }, { ...validEvent('hostile-unknown'), version: 99 }]) {
    add('unknown fields', 400, { method: 'POST', url: '/v1/events', headers: json, payload: body })
  }
  for (const body of ['{"slug":"renamed"}', '{"id":5}', '{"__proto__":{"admin":true},"title":"x"}', '{"constructor":{"prototype":{"admin":true}}}']) {
    add('unknown fields', 400, { method: 'PATCH', url: '/v1/events/unsc-resolution-2270-adopted', headers: json, payload: body })
  }
  add('unknown fields', 400, { method: 'GET', url: '/v1/events?password=1' })
  add('unknown fields', 400, { method: 'GET', url: '/v1/changes?evil=1' })

  const huge = 'x'.repeat(300 * 1024)
  add('oversized bodies', 413, { method: 'POST', url: '/v1/events', headers: json, payload: JSON.stringify({ ...validEvent('hostile-huge'), summary: huge }) })
  add('oversized bodies', 413, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: `{ events { totalCount } } #${huge}` }) })
  add('oversized bodies', 413, { method: 'PATCH', url: '/v1/actors/russia', headers: json, payload: JSON.stringify({ aliases: Array.from({ length: 40_000 }, () => 'Moscow') }) })
  add('oversized strings', 400, { method: 'POST', url: '/v1/events', headers: json, payload: { ...validEvent('hostile-long'), title: 'x'.repeat(25_000) } })
  add('oversized strings', 400, { method: 'PATCH', url: '/v1/events/unsc-resolution-2270-adopted', headers: json, payload: { summary: 'y'.repeat(100_000) } })
  add('oversized strings', [400, 414], { method: 'GET', url: `/v1/events?q=${'z'.repeat(3000)}` })
  add('oversized strings', 414, { method: 'GET', url: `/v1/events?q=${'z'.repeat(5000)}` })
  // Fastify's router refuses an overlong path segment and a malformed percent-encoding itself.
  add('oversized strings', 414, { method: 'GET', url: `/v1/events/${'a'.repeat(300)}` })
  for (const path of ['/v1/events/%FF', '/v1/actors/%E0%A4%A', '/v1/%C0%AF', '/graphql/%FF']) add('malformed URLs', 400, { method: 'GET', url: path })
  add('oversized strings', 400, { method: 'POST', url: '/v1/events', headers: json, payload: { ...validEvent('hostile-deep'), note: JSON.parse('['.repeat(40) + ']'.repeat(40)) } })

  for (const limit of ['1000000', '201', '0', '-1', '1e3', 'abc', '99999999999999999999', '1.5', '']) {
    add('huge limits', 400, { method: 'GET', url: `/v1/events?limit=${limit}` })
    add('huge limits', 400, { method: 'GET', url: `/v1/changes?limit=${limit}` })
  }
  add('huge limits', 400, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: '{ events(first: 1000000) { totalCount } }' } })

  const otherSort = Buffer.from(JSON.stringify({ s: 'title', v: 'x', id: 1 })).toString('base64url')
  for (const cursor of ['garbage', 'eyJ9', otherSort, Buffer.from('{"s":"date","v":"DROP TABLE","id":"1; --"}').toString('base64url'), Buffer.from('null').toString('base64url'), 'A'.repeat(1001), '%FF%FE']) {
    add('invalid cursors', 400, { method: 'GET', url: `/v1/events?cursor=${cursor}` })
    add('invalid cursors', 400, { method: 'GET', url: `/v1/changes?cursor=${cursor}` })
  }
  add('invalid cursors', 400, { method: 'GET', url: '/v1/changes?since=yesterday' })
  add('invalid cursors', 400, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: '{ events(after: "garbage") { totalCount } }' } })

  // Every string filter of every list, and every path key, with SQL and confusable strings: a 200 with whatever honestly matches, or a 400/404, never a 500.
  for (const def of resources) {
    const stringFilters = Object.keys(def.filter.shape)
    for (const value of [...INJECTIONS, ...CONFUSABLES]) {
      for (const filter of stringFilters) add('SQL injection and confusables in filters', [200, 400], { method: 'GET', url: `/v1/${def.name}?${filter}=${encodeURIComponent(value)}` })
      add('SQL injection and confusables in keys', [400, 404], { method: 'GET', url: `/v1/${def.name}/${encodeURIComponent(value)}` })
    }
  }
  for (const value of [...INJECTIONS, ...CONFUSABLES]) {
    add('SQL injection and confusables in fields', 400, { method: 'POST', url: '/v1/events', headers: json, payload: { ...validEvent(value), actors: [{ actor: value }] } })
    add('SQL injection and confusables in fields', 400, { method: 'POST', url: '/v1/events', headers: json, payload: { ...validEvent('hostile-sqli'), actors: [{ actor: value }] } })
    add('SQL injection and confusables in fields', 400, { method: 'POST', url: '/v1/events', headers: json, payload: { ...validEvent('hostile-sqli'), agreements: [value] } })
    add('SQL injection and confusables in fields', 400, { method: 'POST', url: '/v1/figures', headers: json, payload: { slug: 'hostile-sqli', measure: value, printed: value, value: 1, unit: value, event: value, evidence: [{ quote: value }] } })
    add('SQL injection and confusables in fields', 400, { method: 'POST', url: '/v1/actors', headers: json, payload: { slug: 'hostile-sqli', name: value, kind: 'state', affiliation: value } })
    add('SQL injection and confusables in fields', 400, { method: 'POST', url: '/v1/events', headers: json, payload: { ...validEvent('hostile-sqli'), evidence: [{ quote: value }] } })
    add('SQL injection and confusables in fields', 404, { method: 'PATCH', url: `/v1/events/${encodeURIComponent(value)}`, headers: json, payload: { title: value } })
    add('SQL injection and confusables in fields', 400, { method: 'GET', url: `/v1/changes?since=${encodeURIComponent(value)}` })
    add('SQL injection and confusables in fields', [200, 400], { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: 'query ($a: String) { events(filter: { agreement: $a, q: $a }) { totalCount } }', variables: { a: value } } })
  }
  add('SQL injection and confusables in fields', 400, { method: 'POST', url: '/v1/events', headers: json, payload: { ...validEvent('hostile-nul'), title: 'a\u0000b' } })
  add('SQL injection and confusables in fields', 400, { method: 'GET', url: '/v1/events?q=a%00b' })
  add('SQL injection and confusables in fields', 400, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: '{ events(filter: { q: "a\\u0000b" }) { totalCount } }' } })

  for (const slug of TRAVERSALS) {
    for (const kind of ['events', 'actors', 'footnotes', 'passages']) add('path traversal in slugs', [400, 404], { method: 'GET', url: `/v1/${kind}/${slug}` })
    add('path traversal in slugs', [400, 404], { method: 'PATCH', url: `/v1/events/${slug}`, headers: json, payload: { title: 'x' } })
    add('path traversal in slugs', [400, 404], { method: 'DELETE', url: `/v1/actors/${slug}`, headers: auth })
    add('path traversal in slugs', 400, { method: 'POST', url: '/v1/events', headers: json, payload: validEvent(slug) })
  }

  const deep = (n: number): string => n === 0 ? 'name' : `members { ${deep(n - 1)} }`
  add('deep and aliased GraphQL', 400, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: `{ actor(slug: "russia") { ${deep(30)} } }` } })
  add('deep and aliased GraphQL', 400, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: events(first: 200) { nodes { actors { actor { name } } } }`).join(' ')} }` } })
  add('deep and aliased GraphQL', 400, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: 'fragment A on Actor { members { ...A } } { actor(slug: "russia") { ...A } }' } })
  add('deep and aliased GraphQL', 400, { method: 'POST', url: '/graphql', headers: { ...json }, payload: { query: `mutation { ${Array.from({ length: 11 }, (_, i) => `d${i}: deleteActor(id: "russia", version: 1) { slug }`).join(' ')} }` } })
  add('deep and aliased GraphQL', 400, { method: 'POST', url: '/graphql', headers: { ...json }, payload: { query: `mutation { createEvent(input: { slug: "hostile-gql", title: "t", summary: "s", category: "coup", date: { value: "2015" }, evidence: [{ quote: "not in the paper at all" }] }) { event { actors { actor { ${deep(12)} } } } } }` } })
  add('deep and aliased GraphQL', 400, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '42' })

  add('missing or wrong credentials', 401, { method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload: validEvent('hostile-anon') })
  add('missing or wrong credentials', 401, { method: 'DELETE', url: '/v1/events/unsc-resolution-2270-adopted' })
  add('missing or wrong credentials', 401, { method: 'PATCH', url: '/v1/events/unsc-resolution-2270-adopted', headers: { authorization: 'Bearer pkb_' + 'A'.repeat(43), 'content-type': 'application/json' }, payload: { title: 'x' } })
  add('missing or wrong credentials', 401, { method: 'PATCH', url: '/v1/events/unsc-resolution-2270-adopted', headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'content-type': 'application/json' }, payload: { title: 'x' } })
  add('missing or wrong credentials', 401, { method: 'POST', url: '/v1/keys', headers: { authorization: `Bearer ${editor.slice(0, -1)}x`, 'content-type': 'application/json' }, payload: { name: 'me', role: 'admin' } })
  add('missing or wrong credentials', 403, { method: 'POST', url: '/v1/keys', headers: json, payload: { name: 'me', role: 'admin' } })
  add('missing or wrong credentials', 403, { method: 'DELETE', url: '/v1/keys/1', headers: auth })
  add('missing or wrong credentials', 401, { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: 'mutation { deleteEvent(id: "unsc-resolution-2270-adopted", version: 1) { slug } }' } })
  add('missing or wrong credentials', 400, { method: 'POST', url: '/v1/keys', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, payload: { name: 'x', role: 'root' } })

  for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/javascript']) {
    add('wrong content types', 415, { method: 'POST', url: '/v1/events', headers: { ...auth, 'content-type': type }, payload: 'slug=a' })
    add('wrong content types', 415, { method: 'PATCH', url: '/v1/events/unsc-resolution-2270-adopted', headers: { ...auth, 'content-type': type }, payload: 'title=a' })
  }

  add('duplicate slugs', 409, { method: 'POST', url: '/v1/events', headers: json, payload: validEvent('unsc-resolution-2270-adopted') })
  add('duplicate slugs', 409, { method: 'POST', url: '/v1/actors', headers: json, payload: { slug: 'russia', name: 'Russia again', kind: 'state' } })
  add('duplicate slugs', 409, { method: 'POST', url: '/v1/sources', headers: json, payload: { slug: 'crs-2016-north-korea', kind: 'report', title: 'again', language: 'en' } })
  add('stale versions', 412, { method: 'PATCH', url: '/v1/events/unsc-resolution-2270-adopted', headers: { ...json, 'if-match': '"v999-abc"' }, payload: { title: 'x' } })
  add('stale versions', 412, { method: 'DELETE', url: '/v1/figures/1', headers: { ...auth, 'if-match': 'garbage' } })
  add('referenced records', 409, { method: 'DELETE', url: '/v1/actors/russia', headers: auth })
  add('referenced records', 409, { method: 'DELETE', url: '/v1/sources/crs-2016-north-korea?cascade=true', headers: auth })
  add('methods', 405, { method: 'PUT', url: '/v1/events/unsc-resolution-2270-adopted', headers: json, payload: {} })
  add('methods', [404, 405], { method: 'POST', url: '/v1/footnotes', headers: json, payload: {} })
  add('methods', [404, 405], { method: 'DELETE', url: '/v1/passages/1', headers: auth })
  return all
}

describe('hostile input', () => {
  it('gets a 4xx for every bad request, never a 500, and leaves the data exactly as it was', async () => {
    const before = await dbFingerprint(scratch.url)
    const all = cases()
    const failures: string[] = []
    const tally: Record<string, number> = {}
    // A few at a time, as a client hammering the service would.
    for (let i = 0; i < all.length; i += 8) {
      await Promise.all(all.slice(i, i + 8).map(async ({ category, request, status }) => {
        tally[category] = (tally[category] ?? 0) + 1
        const res = await app.inject(request)
        const allowed = Array.isArray(status) ? status : [status]
        if (!allowed.includes(res.statusCode)) failures.push(`${category}: ${request.method as string} ${request.url as string} → ${res.statusCode} (wanted ${allowed.join('|')}) ${res.body.slice(0, 200)}`)
        const errorType = String(request.url).startsWith('/graphql?') || request.url === '/graphql' ? /^application\/(json|graphql-response\+json)/ : /^application\/problem\+json/
        if (res.statusCode >= 400 && !errorType.test(String(res.headers['content-type']))) failures.push(`${category}: ${request.url as string} answered ${String(res.headers['content-type'])}`)
      }))
    }
    expect(failures).toEqual([])
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200)
    expect(await dbFingerprint(scratch.url)).toEqual(before)
    if (process.env.HOSTILE_TALLY !== undefined) process.stdout.write(`${JSON.stringify({ total: all.length, ...tally }, null, 1)}\n`)
    expect(all.length).toBeGreaterThan(500)
  }, 120_000)

  it('lets one of two edits made from the same version through and refuses the other with 412', async () => {
    const created = await app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${editor}` }, payload: validEvent('hostile-race') })
    expect(created.statusCode).toBe(201)
    const etag = created.headers.etag as string
    const edits = await Promise.all(['first', 'second'].map(async (title) => await app.inject({ method: 'PATCH', url: '/v1/events/hostile-race', headers: { authorization: `Bearer ${editor}`, 'if-match': etag }, payload: { title } })))
    expect(edits.map((r) => r.statusCode).sort()).toEqual([200, 412])
    const loser = edits.find((r) => r.statusCode === 412)!
    expect(loser.json()).toMatchObject({ code: 'precondition-failed', currentVersion: 2 })
    const winner = edits.find((r) => r.statusCode === 200)!
    const read = await app.inject({ method: 'GET', url: '/v1/events/hostile-race' })
    expect(read.json().title).toBe(winner.json().title)
    expect((await app.inject({ method: 'DELETE', url: '/v1/events/hostile-race', headers: { authorization: `Bearer ${editor}`, 'if-match': read.headers.etag as string } })).statusCode).toBe(204)
  })

  it('stores SQL and confusable text given as data verbatim, as data', async () => {
    const title = "'; DROP TABLE events; -- ruѕѕia \u202e"
    const created = await app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${editor}` }, payload: { ...validEvent('hostile-data'), title } })
    expect(created.statusCode).toBe(201)
    expect(created.json().title).toBe(title)
    expect((await app.inject({ method: 'GET', url: '/v1/events?limit=1' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'DELETE', url: '/v1/events/hostile-data', headers: { authorization: `Bearer ${editor}` } })).statusCode).toBe(204)
  })
})
