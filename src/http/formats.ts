// Lists come as JSON, CSV or NDJSON (by `format=` or the Accept header). CSV and NDJSON are
// streamed page by page, with columns in a fixed order derived from the record schema.
import { pipeline, Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import Negotiator from 'negotiator'
import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import { AppError } from '../errors'

export const FORMATS = { json: 'application/json', csv: 'text/csv', ndjson: 'application/x-ndjson' } as const
export type Format = keyof typeof FORMATS

export class NotAcceptableError extends AppError {
  constructor (accept: string) {
    super(406, 'not-acceptable', 'Not Acceptable', `cannot answer with ${accept}; this list is available as ${Object.values(FORMATS).join(', ')}`)
  }
}

/** What each acceptable media type is answered with; problem+json and the wildcards mean JSON. */
const MEDIA: Record<string, Format> = { 'application/json': 'json', 'application/problem+json': 'json', 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' }

/** `format=` wins; otherwise the Accept header's best match (by q, then specificity), JSON first on ties. */
export function negotiate (format: Format | undefined, accept: string | undefined, allowed: readonly Format[] = ['json', 'csv', 'ndjson']): Format {
  if (format !== undefined) return format
  if (accept === undefined || accept.trim() === '') return 'json'
  const available = Object.keys(MEDIA).filter((type) => allowed.includes(MEDIA[type]!))
  const best = new Negotiator({ headers: { accept } }).mediaType(available)
  if (best === undefined) throw new NotAcceptableError(accept)
  return MEDIA[best]!
}

export const FormatParam = z.enum(['json', 'csv', 'ndjson']).optional().describe('Response format; overrides the Accept header')

/** Column names for a record schema: nested objects become `a.b`, lists are joined into one cell. */
export function columnsOf (schema: z.ZodObject): string[] {
  return Object.entries(schema.shape).flatMap(([key, field]) => {
    let inner = field as z.ZodType
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType
    if (inner instanceof z.ZodObject) return Object.keys(inner.shape).map((k) => `${key}.${k}`)
    return [key]
  })
}

/**
 * One CSV cell. A list is JSON array text (`["russia","dprk"]`, each related record by its slug,
 * number or quote): the paper's quotes contain `;` and `,`, so no separator could be split back,
 * while JSON.parse gives the list again. An object is JSON text.
 */
function cell (value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) {
    return JSON.stringify(value.map((v) => {
      if (typeof v !== 'object' || v === null) return v
      const r = v as Record<string, unknown>
      return r.slug ?? r.number ?? r.quote ?? v
    }))
  }
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function valueAt (record: Record<string, unknown>, column: string): unknown {
  const [head, tail] = column.split('.') as [string, string | undefined]
  return tail === undefined ? record[head] : (record[head] as Record<string, unknown> | null | undefined)?.[tail]
}

/** RFC 4180 CSV (CRLF line ends, quoted only where needed), optionally after a byte-order mark. */
export function csvStream (columns: string[], records: AsyncIterable<Record<string, unknown>>, bom = false): Readable {
  const rows = Readable.from((async function * () {
    for await (const r of records) yield columns.map((c) => cell(valueAt(r, c)))
  })())
  const csv = stringify({ header: true, columns, bom, record_delimiter: 'windows' })
  // pipeline, not pipe: a failure while reading records ends the download with that error.
  return pipeline(rows, csv, () => {}) as Readable
}

export function ndjsonStream (records: AsyncIterable<Record<string, unknown>>): Readable {
  return Readable.from((async function * () {
    for await (const r of records) yield JSON.stringify(r) + '\n'
  })())
}

/** Every item of a paged answer, from `cursor` (or the start) to the last page. */
export async function * everyItem<T> (pageAt: (cursor: string | undefined) => Promise<{ data: T[], page: { nextCursor: string | null } }>, cursor?: string): AsyncGenerator<T> {
  do {
    const page = await pageAt(cursor)
    yield * page.data
    cursor = page.page.nextCursor ?? undefined
  } while (cursor !== undefined)
}

/**
 * Streams records as CSV or NDJSON. The first record is read before the headers go out, so a bad
 * query is still a 400 and not a broken download.
 */
export async function sendRecords (reply: FastifyReply, format: Exclude<Format, 'json'>, name: string, columns: string[], records: AsyncIterator<Record<string, unknown>>, bom = false): Promise<FastifyReply> {
  const first = await records.next()
  const all = (async function * () { if (first.done !== true) { yield first.value; yield * { [Symbol.asyncIterator]: () => records } } })()
  reply.header('content-type', `${FORMATS[format]}; charset=utf-8`)
  if (format === 'csv') reply.header('content-disposition', `inline; filename="${name}.csv"`)
  // Streams bypass the JSON serializer.
  return reply.send((format === 'csv' ? csvStream(columns, all, bom) : ndjsonStream(all)) as never)
}
