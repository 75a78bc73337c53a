// Query-string forms shared by every REST route: lists as `a,b` or repeated keys, whole numbers
// arriving as text, page sizes, and the page metadata every paged response carries.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { MAX_PAGE_SIZE } from '../knowledge/pagination'

/**
 * Every /v1 route rejects query parameters it does not know (a typo is a 400 naming it, never
 * silently ignored): a route that declares none takes an empty strict query schema.
 */
export function rejectUnknownQueryParameters (app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/v1/') && route.schema?.querystring === undefined) route.schema = { ...route.schema, querystring: z.strictObject({}) }
  })
}

/** A service-level filter schema as a query-string parameter. */
export function queryParam (schema: z.ZodType): z.ZodType {
  let inner = schema
  while (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType
  const description = inner.description ?? schema.description ?? ''
  if (inner instanceof z.ZodArray) {
    return z.union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
      .pipe(inner as z.ZodType<unknown, string[]>).optional().describe(description)
  }
  if (inner instanceof z.ZodBoolean) {
    return z.enum(['true', 'false']).transform((v) => v === 'true').pipe(inner).optional().describe(description)
  }
  if (inner instanceof z.ZodNumber) return wholeNumber(inner).optional().describe(description)
  return schema
}

/**
 * A whole number in a query string: the text of one ("5") is read as the number, so the document
 * declares `integer` with its bounds (a typed client sends `{ limit: 5 }`) while the URL stays text.
 */
function wholeNumber (schema: z.ZodNumber): z.ZodType<number> {
  const asNumber = (v: unknown): unknown => typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v
  return z.preprocess(asNumber, schema.int({ error: (issue) => issue.code === 'invalid_type' ? 'expected a whole number' : undefined }))
}

/** `true` or `false` in a query string, declared as a boolean. */
export function booleanParam (description: string): z.ZodType<boolean | undefined> {
  return z.preprocess((v) => v === 'true' ? true : v === 'false' ? false : v, z.boolean({ error: 'use true or false' })).optional().describe(description)
}

export const BomParam = booleanParam('true: CSV starts with a UTF-8 byte-order mark, so that Excel reads curly quotes and accents right')

export function limitParam (description: string): z.ZodType<number | undefined> {
  return wholeNumber(z.number().min(1).max(MAX_PAGE_SIZE)).optional().describe(description)
}

export const CursorParam = z.string().max(1000).optional().describe('page.nextCursor of the previous page')

export const PageMetaSchema = z.object({
  limit: z.number().int(),
  total: z.number().int().describe('Matches on all pages'),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page')
}).meta({ id: 'PageMeta' })
