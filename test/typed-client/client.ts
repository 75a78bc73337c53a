// A client as a TypeScript user writes it: types generated from the served OpenAPI document by
// openapi-typescript (into ./generated, by test/typed-client.test.ts), calls made with
// openapi-fetch. It must type-check under strict tsc (./tsconfig.json) before it runs.
import createClient from 'openapi-fetch'
import type { paths } from './generated/api'

export async function exercise (baseUrl: string): Promise<{ pages: number, slugs: string[], total: number, title: string, hits: string[], csv: string }> {
  // Lists also answer as CSV and NDJSON (text); this client reads JSON bodies and problem+json errors.
  const client = createClient<paths, 'application/json' | 'application/problem+json'>({ baseUrl })

  // A filtered list, five at a time, following nextCursor to the end.
  const slugs: string[] = []
  let pages = 0
  let total = 0
  let cursor: string | undefined
  do {
    const { data, error } = await client.GET('/v1/events', { params: { query: { from: '2014', to: '2016', actor: ['russia', 'dprk'], sort: 'date', limit: 5, cursor } } })
    if (error !== undefined) throw new Error(`${error.status} ${error.code}`)
    slugs.push(...data.data.map((event) => event.slug))
    total = data.page.total
    cursor = data.page.nextCursor ?? undefined
    pages++
  } while (cursor !== undefined)

  // One record by slug.
  const one = await client.GET('/v1/events/{id}', { params: { path: { id: slugs[0]! } } })
  if (one.error !== undefined) throw new Error(one.error.detail)

  // Search.
  const search = await client.GET('/v1/search', { params: { query: { q: 'Dalcombank', kind: ['events', 'actors'], limit: 3 } } })
  if (search.error !== undefined) throw new Error(search.error.detail)

  // CSV, read as text.
  const csv = await client.GET('/v1/events', { params: { query: { format: 'csv', limit: 5 } }, parseAs: 'text' })
  if (csv.error !== undefined) throw new Error(String(csv.error))

  return { pages, slugs, total, title: one.data.title, hits: search.data.data.map((hit) => `${hit.kind}/${hit.key}`), csv: csv.data }
}
