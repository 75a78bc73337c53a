// Keyset pagination shared by REST and GraphQL: a cursor names the last row's sort value and id, so
// a page costs the same at any depth and rows never repeat or go missing between pages.
import { z } from 'zod'
import { columnOf } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'

export const MAX_PAGE_SIZE = 200

/** The one page-size check of every list, search and feed; `field` names the parameter as the caller sent it (`limit`, GraphQL's `first`). */
export function checkPageSize (size: number, field = 'limit'): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw new InvalidInputError(field, `${field} must be between 1 and ${MAX_PAGE_SIZE}`)
}

/** The page of `limit` rows out of the `limit + 1` a statement fetched, and the cursor after its last row when a next page exists. */
export function pageOf<R> (rows: R[], limit: number, cursorAfter: (last: R) => string): { rows: R[], nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null }
}

/** A record named by its numeric id (1-9 digits) gives the id; a slug, number or ordinal as text gives null. */
export function numericId (idOrKey: string): number | null {
  return /^\d{1,9}$/.test(idOrKey) ? Number(idOrKey) : null
}

export interface Page<T> {
  data: T[]
  page: { limit: number, total: number, nextCursor: string | null }
}

/** The type of the column a sort orders by: what a cursor's sort value must be to mean anything there. */
export type SortType = 'integer' | 'number' | 'date' | 'text'

export interface SortSpec {
  /** The public name of the sort, e.g. `date`; `-date` sorts descending. */
  key: string
  /** The model field sorted on. */
  field: string
  direction: 'asc' | 'desc'
  type: SortType
  /** A date sort's record field holding its `earliest` (default `date`; `published` for sources). */
  dateIn?: string
  /** Nullable fields sort their nulls last (a date's or number's nulls stand in as +/-infinity). */
  nullable: boolean
}

/** PostgreSQL's `integer`: a larger number in a cursor would fail the statement, not match nothing. */
export const Int4Schema = z.number().int().min(-2147483648).max(2147483647)

/** Text PostgreSQL can hold: it has no NUL character. */
const TextSchema = z.string().refine((s) => !s.includes('\u0000'), 'contains a NUL character')

/** A day PostgreSQL's `date` takes (years 1 to 9999), as the ISO time encodeCursor writes, read as a Date. */
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/).transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, 'is not a day')

const SORT_VALUES: Record<SortType, z.ZodType> = { integer: Int4Schema, number: z.number(), date: DaySchema, text: TextSchema }

/**
 * The one cursor codec: a cursor is base64url JSON checked by `schema` (search and the changes feed
 * use it too). A cursor that fails the schema, crafted or garbled, is the caller's error.
 */
export function writeCursor (payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

export function readCursor<T> (cursor: string, schema: z.ZodType<T>): T {
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    json = undefined
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new InvalidInputError('cursor', 'cursor is not valid; use page.nextCursor from a previous response')
  return parsed.data
}

interface CursorPayload { s: string, v: string | number | null, id: number }

const CursorSchema = z.strictObject({ s: z.string(), v: z.union([z.string(), z.number(), z.null()]), id: Int4Schema })

function sortName (sort: SortSpec): string {
  return `${sort.direction === 'desc' ? '-' : ''}${sort.key}`
}

export function encodeCursor (sort: SortSpec, value: unknown, id: number): string {
  const v = value instanceof Date ? value.toISOString() : (value as string | number | null)
  return writeCursor({ s: sortName(sort), v, id } satisfies CursorPayload)
}

/**
 * The cursor that points just past `record` in `sort`. Records carry their own fields under the
 * model's names, except a date sort's value, which they carry as `earliest` of the field `dateIn`
 * (`date.earliest` for events, `published.earliest` for sources).
 */
export function cursorOf (sort: SortSpec, record: Record<string, unknown> & { id: number }): string {
  if (sort.type !== 'date') return encodeCursor(sort, record[sort.field], record.id)
  const earliest = (record[sort.dateIn ?? 'date'] as { earliest: string | null } | undefined)?.earliest ?? null
  return encodeCursor(sort, earliest === null ? null : new Date(earliest), record.id)
}

/** A cursor's sort value and id, each checked against its column's type, so that no cursor can make the statement fail. */
export function decodeCursor (cursor: string, sort: SortSpec): { value: unknown, id: number } {
  const payload = readCursor(cursor, CursorSchema)
  const expected = sortName(sort)
  if (payload.s !== expected) throw new InvalidInputError('cursor', `cursor belongs to sort "${payload.s}", not "${expected}"`)
  const value = (sort.nullable ? SORT_VALUES[sort.type].nullable() : SORT_VALUES[sort.type]).safeParse(payload.v)
  if (!value.success) throw new InvalidInputError('cursor', `cursor is not valid: its ${sort.key} is not ${sort.nullable ? 'null or ' : ''}${sort.type === 'integer' ? 'an integer' : `a ${sort.type === 'date' ? 'day' : sort.type}`}`)
  return { value: value.data, id: payload.id }
}

/**
 * What a sort orders by, as SQL over the table aliased `t`. A nullable date or number sorts its
 * nulls last in either direction by standing in for them with +/-infinity, so that every sort is a
 * plain `(key, id)` pair: the cursor predicate is then one row comparison, which an index on
 * `(key, id)` answers at any depth (prisma/migrations/20261127040000_lists_at_scale). Ties go by id
 * in the sort's direction.
 */
function sortKey (sort: SortSpec): Prisma.Sql | null {
  const column = Prisma.raw(`t."${columnOf(sort.field)}"`)
  if (!sort.nullable) return column
  const last = sort.direction === 'asc' ? 'infinity' : '-infinity'
  if (sort.type === 'date') return Prisma.sql`coalesce(${column}, ${Prisma.raw(`'${last}'::date`)})`
  if (sort.type === 'number') return Prisma.sql`coalesce(${column}, ${Prisma.raw(`'${last}'::float8`)})`
  return null
}

function direction (sort: SortSpec): Prisma.Sql {
  return Prisma.raw(sort.direction === 'asc' ? 'ASC' : 'DESC')
}

export function orderBySql (sort: SortSpec): Prisma.Sql {
  if (sort.field === 'id') return Prisma.sql`ORDER BY t.id ${direction(sort)}`
  const key = sortKey(sort)
  if (key !== null) return Prisma.sql`ORDER BY ${key} ${direction(sort)}, t.id ${direction(sort)}`
  return Prisma.sql`ORDER BY t."${Prisma.raw(columnOf(sort.field))}" ${direction(sort)} NULLS LAST, t.id ${direction(sort)}`
}

/** A cursor's sort value as a typed bind parameter. */
function valueSql (sort: SortSpec, value: unknown): Prisma.Sql {
  const infinity = sort.direction === 'asc' ? 'infinity' : '-infinity'
  switch (sort.type) {
    case 'date': return Prisma.sql`${value === null ? infinity : (value as Date).toISOString().slice(0, 10)}::date`
    case 'number': return Prisma.sql`${value ?? infinity}::float8`
    case 'integer': return Prisma.sql`${value}::int`
    case 'text': return Prisma.sql`${value}::text`
  }
}

/** The condition that selects the rows after the cursor's (value, id) in `sort`. */
export function afterCursorSql (sort: SortSpec, value: unknown, id: number): Prisma.Sql {
  const beyond = Prisma.raw(sort.direction === 'asc' ? '>' : '<')
  if (sort.field === 'id') return Prisma.sql`t.id ${beyond} ${id}::int`
  const key = sortKey(sort)
  if (key !== null) return Prisma.sql`(${key}, t.id) ${beyond} (${valueSql(sort, value)}, ${id}::int)`
  // A nullable text: nulls come last, after every value.
  const column = Prisma.raw(`t."${columnOf(sort.field)}"`)
  if (value === null) return Prisma.sql`(${column} IS NULL AND t.id ${beyond} ${id}::int)`
  return Prisma.sql`((${column}, t.id) ${beyond} (${valueSql(sort, value)}, ${id}::int) OR ${column} IS NULL)`
}
