// Keyset pagination shared by REST and GraphQL: a cursor names the last row's sort value and id, so
// a page costs the same at any depth and rows never repeat or go missing between pages.
import { z } from 'zod'
import { columnOf } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'

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
  /** A number column (its nulls stand in as +/-infinity). */
  numeric?: boolean
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
 * What a sort orders by, as SQL over the table aliased `t`. A nullable date or number sorts its
 * nulls last in either direction by standing in for them with +/-infinity, so that every sort is a
 * plain `(key, id)` pair: the cursor predicate is then one row comparison, which an index on
 * `(key, id)` answers at any depth (prisma/migrations/20261127040000_lists_at_scale). Ties go by id
 * in the sort's direction.
 */
function sortKey (sort: SortSpec & { isDate: boolean }): Prisma.Sql | null {
  const column = Prisma.raw(`t."${columnOf(sort.field)}"`)
  if (!sort.nullable) return column
  const last = sort.direction === 'asc' ? 'infinity' : '-infinity'
  if (sort.isDate) return Prisma.sql`coalesce(${column}, ${Prisma.raw(`'${last}'::date`)})`
  if (sort.numeric === true) return Prisma.sql`coalesce(${column}, ${Prisma.raw(`'${last}'::float8`)})`
  return null
}

function direction (sort: SortSpec): Prisma.Sql {
  return Prisma.raw(sort.direction === 'asc' ? 'ASC' : 'DESC')
}

export function orderBySql (sort: SortSpec & { isDate: boolean }): Prisma.Sql {
  if (sort.field === 'id') return Prisma.sql`ORDER BY t.id ${direction(sort)}`
  const key = sortKey(sort)
  if (key !== null) return Prisma.sql`ORDER BY ${key} ${direction(sort)}, t.id ${direction(sort)}`
  return Prisma.sql`ORDER BY t."${Prisma.raw(columnOf(sort.field))}" ${direction(sort)} NULLS LAST, t.id ${direction(sort)}`
}

/** A cursor's sort value as a typed bind parameter. */
function valueSql (sort: SortSpec & { isDate: boolean }, value: unknown): Prisma.Sql {
  if (sort.isDate) {
    const day = value instanceof Date ? value.toISOString().slice(0, 10) : value === null ? (sort.direction === 'asc' ? 'infinity' : '-infinity') : String(value).slice(0, 10)
    return Prisma.sql`${day}::date`
  }
  if (typeof value === 'number') return Prisma.sql`${value}::float8`
  if (value === null) return Prisma.sql`${sort.direction === 'asc' ? 'Infinity' : '-Infinity'}::float8`
  return Prisma.sql`${String(value)}::text`
}

/** The condition that selects the rows after the cursor's (value, id) in `sort`. */
export function afterCursorSql (sort: SortSpec & { isDate: boolean }, value: unknown, id: number): Prisma.Sql {
  const beyond = Prisma.raw(sort.direction === 'asc' ? '>' : '<')
  if (sort.field === 'id') return Prisma.sql`t.id ${beyond} ${id}::int`
  const key = sortKey(sort)
  if (key !== null) return Prisma.sql`(${key}, t.id) ${beyond} (${valueSql(sort, value)}, ${id}::int)`
  // A nullable text: nulls come last, after every value.
  const column = Prisma.raw(`t."${columnOf(sort.field)}"`)
  if (value === null) return Prisma.sql`(${column} IS NULL AND t.id ${beyond} ${id}::int)`
  return Prisma.sql`((${column}, t.id) ${beyond} (${valueSql(sort, value)}, ${id}::int) OR ${column} IS NULL)`
}
