// Keyset pagination shared by REST and GraphQL: a cursor names the last row's sort value and id, so
// a page costs the same at any depth and rows never repeat or go missing between pages.
import { z } from 'zod'
import { InvalidInputError } from '../errors'

export const MAX_PAGE_SIZE = 200

export interface Page<T> {
  data: T[]
  page: { limit: number, total: number, nextCursor: string | null }
}

export interface SortSpec {
  /** The public name of the sort, e.g. `date`; `-date` sorts descending. */
  key: string
  /** The model field sorted on. */
  field: string
  direction: 'asc' | 'desc'
  /** Nullable fields sort their nulls last. */
  nullable: boolean
}

interface CursorPayload { s: string, v: string | number | null, id: number }

const CursorSchema = z.strictObject({ s: z.string(), v: z.union([z.string(), z.number(), z.null()]), id: z.number().int() })

export function encodeCursor (sort: SortSpec, value: unknown, id: number): string {
  const v = value instanceof Date ? value.toISOString() : (value as string | number | null)
  return Buffer.from(JSON.stringify({ s: `${sort.direction === 'desc' ? '-' : ''}${sort.key}`, v, id } satisfies CursorPayload)).toString('base64url')
}

/**
 * The cursor that points just past `record` in `sort`. Records carry their own fields under the
 * model's names, except a date sort's value, which they carry as `date.earliest`.
 */
export function cursorOf (sort: SortSpec & { isDate: boolean }, record: Record<string, unknown> & { id: number }): string {
  if (!sort.isDate) return encodeCursor(sort, record[sort.field], record.id)
  const earliest = (record.date as { earliest: string | null } | undefined)?.earliest ?? null
  return encodeCursor(sort, earliest === null ? null : new Date(earliest), record.id)
}

export function decodeCursor (cursor: string, sort: SortSpec, isDate: boolean): { value: unknown, id: number } {
  let payload: CursorPayload
  try {
    payload = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw new InvalidInputError('cursor', 'cursor is not valid; use page.nextCursor from a previous response')
  }
  const expected = `${sort.direction === 'desc' ? '-' : ''}${sort.key}`
  if (payload.s !== expected) throw new InvalidInputError('cursor', `cursor belongs to sort "${payload.s}", not "${expected}"`)
  const value = isDate && typeof payload.v === 'string' ? new Date(payload.v) : payload.v
  if (value instanceof Date && Number.isNaN(value.getTime())) throw new InvalidInputError('cursor', 'cursor is not valid')
  return { value, id: payload.id }
}

/**
 * The where-clause that selects rows after the cursor for `ORDER BY field dir NULLS LAST, id ASC`.
 */
export function afterCursor (sort: SortSpec, value: unknown, id: number): Record<string, unknown> {
  if (sort.field === 'id') return { id: { [sort.direction === 'asc' ? 'gt' : 'lt']: id } }
  if (value === null) return { [sort.field]: null, id: { gt: id } }
  const beyond = sort.direction === 'asc' ? 'gt' : 'lt'
  return {
    OR: [
      { [sort.field]: { [beyond]: value } },
      { [sort.field]: value, id: { gt: id } },
      ...(sort.nullable ? [{ [sort.field]: null }] : [])
    ]
  }
}

export function orderBy (sort: SortSpec): Array<Record<string, unknown>> {
  if (sort.field === 'id') return [{ id: sort.direction }]
  return [{ [sort.field]: sort.nullable ? { sort: sort.direction, nulls: 'last' } : sort.direction }, { id: 'asc' }]
}
