// What the routes' zod schemas cannot say about the HTTP contract, added to the generated document
// once: the formats a list answers in, the problems each route can answer with (as
// application/problem+json), 304 and the caching and rate-limit headers, who may call, and no
// components that nothing uses. Generators (openapi-typescript) and linters (Redocly, Spectral)
// read the result as it is; test/http/openapi-lint.test.ts runs both.

type Json = Record<string, any>

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }

/** Each status a route can answer with a problem, and when. */
const PROBLEMS: Record<number, string> = {
  400: 'Bad input: an unknown or malformed parameter or body field (`errors[].field` names it)',
  401: 'A key is needed and none was sent, or the key sent is malformed, unknown or revoked (`WWW-Authenticate: Bearer`)',
  403: 'The key\'s role may not do this',
  404: 'No such record',
  406: 'The Accept header asks for a format this route cannot answer in',
  409: 'The slug is taken, or other records refer to this one (`referrers`)',
  412: 'If-Match names an older version of the record (`currentVersion` is the one to read again)',
  413: 'The body is larger than 256 KiB',
  414: 'The URL is longer than 4,096 characters, or a path segment longer than 200',
  415: 'The body is not JSON',
  429: 'More requests than the rate limit allows in its window; retry after `Retry-After` seconds',
  500: 'An internal error, without its details',
  503: 'The service cannot take this now; retry after `Retry-After` seconds'
}

const HEADERS: Record<string, Json> = {
  ETag: { description: 'The body\'s version: send it as If-None-Match to revalidate (304), or, for a record, as If-Match to edit it', schema: { type: 'string' } },
  Location: { description: 'The new record\'s URL', schema: { type: 'string' } },
  'RateLimit-Limit': { description: 'Requests allowed per window (per API key, else per client IP)', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } }
}
const header = (name: string): Json => ({ $ref: `#/components/headers/${name}` })
const RATE_LIMIT = { 'RateLimit-Limit': header('RateLimit-Limit'), 'RateLimit-Remaining': header('RateLimit-Remaining'), 'RateLimit-Reset': header('RateLimit-Reset') }

/** The media types a route with a `format` parameter answers in besides JSON: a text body each. */
const TEXT_FORMATS: Record<string, Json> = {
  csv: { 'text/csv': { schema: { type: 'string', description: 'CSV (RFC 4180), a header row first' } } },
  ndjson: { 'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per line' } } }
}

function problemsOf (method: string, path: string, op: Json): number[] {
  const params: Json[] = op.parameters ?? []
  const writes = method !== 'get'
  const statuses = [400, 401, 414, 429, 500]
  if ((op.security as Json[] | undefined)?.some((s) => 'bearer' in s && Object.keys(s).length === 1) === true) statuses.push(403)
  if (path.includes('{id}')) statuses.push(404)
  if (params.some((p) => p.in === 'query' && p.name === 'format')) statuses.push(406)
  if (writes && path.startsWith('/v1/') && !path.startsWith('/v1/keys') && (method === 'post' || method === 'delete')) statuses.push(409)
  if (params.some((p) => p.in === 'header' && p.name === 'if-match')) statuses.push(412)
  if (op.requestBody !== undefined) statuses.push(413, 415)
  return statuses.sort((a, b) => a - b)
}

/** Every `$ref` to a component, transitively from the paths. */
function usedComponents (doc: Json): Set<string> {
  const used = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(visit); return }
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/') && !used.has(value)) {
        used.add(value)
        const [, , section, name] = value.split('/') as [string, string, string, string]
        visit(doc.components?.[section]?.[name])
      } else {
        visit(value)
      }
    }
  }
  visit(doc.paths)
  return used
}

export function finishContract (doc: Json): Json {
  doc.components ??= {}
  doc.components.headers = HEADERS
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      // Reads are public (any key is checked, though, and READS_REQUIRE_KEY=true requires one).
      op.security ??= [{}, { bearer: [] }]
      const responses: Json = {}
      const formats = (op.parameters as Json[] | undefined)?.find((p) => p.in === 'query' && p.name === 'format')?.schema?.enum as string[] | undefined
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (status === '4XX') continue
        // A problem status the route declares itself (503 for a full stream, say) is problem+json too.
        if (/^[45]\d\d$/.test(status)) {
          responses[status] = { description: response.description === 'Default Response' ? PROBLEMS[Number(status)] ?? response.description : response.description, content: PROBLEM_CONTENT }
          continue
        }
        if (status.startsWith('2')) {
          // A body that is one named schema is described by that schema's description.
          const ref = response.content?.['application/json']?.schema?.$ref as string | undefined
          if (response.description === 'Default Response' && ref !== undefined) response.description = doc.components.schemas?.[ref.split('/').at(-1)!]?.description ?? response.description
          if (status === '201') response.description = `Created: ${lowerFirst(response.description)}`
          if (method === 'patch') response.description = `Changed: ${lowerFirst(response.description)}`
          response.headers = { ...(status !== '204' ? { ETag: header('ETag') } : {}), ...(status === '201' ? { Location: header('Location') } : {}), ...RATE_LIMIT }
          for (const format of formats ?? []) Object.assign(response.content, TEXT_FORMATS[format])
        }
        responses[status] = response
      }
      if (method === 'get') responses['304'] = { description: 'Not Modified: If-None-Match names the current ETag', headers: { ETag: header('ETag') } }
      for (const status of problemsOf(method, path, op)) {
        responses[String(status)] = {
          description: PROBLEMS[status],
          ...(status === 429 ? { headers: { ...RATE_LIMIT, 'Retry-After': header('Retry-After') } } : {}),
          content: PROBLEM_CONTENT
        }
      }
      op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)))
    }
  }
  // zod registers an input twin of every named schema; only those a route reads or writes stay.
  const used = usedComponents(doc)
  for (const section of ['schemas', 'headers'] as const) {
    const components = doc.components[section] as Json | undefined
    if (components === undefined) continue
    for (const name of Object.keys(components)) if (!used.has(`#/components/${section}/${name}`)) delete components[name]
  }
  // A copy without shared objects: YAML would write each one as an anchor and aliases.
  return JSON.parse(JSON.stringify(doc)) as Json
}

function lowerFirst (text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
