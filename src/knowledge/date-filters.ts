// Dates as the API reads and shows them: `from`/`to` bounds (calendar dates of any precision, or
// Grafana's instants), overlap with a record's date range, and the date shapes of records.
import { z } from 'zod'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'
import { bounds, DatePrecisionSchema } from './paper-dates'
import { DateBasisSchema } from '../seed/schemas'

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/

const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i

// Five digits or more: four are a year. Grafana's ${__from} before 1970 is negative.
const EPOCH_MS = /^-?\d{5,15}$/

const DATE_BOUND_FORMS = 'use YYYY, YYYY-MM, YYYY-MM-DD, an RFC 3339 date-time or epoch milliseconds'

/** The instant a date-time or epoch-milliseconds bound names, or undefined for a calendar form (YYYY, YYYY-MM, YYYY-MM-DD). */
function instantOf (value: string): Date | undefined {
  if (EPOCH_MS.test(value)) return new Date(Number(value))
  if (DATE_TIME.test(value)) return new Date(value)
  return undefined
}

/**
 * `from`/`to`: a calendar date of any precision, or an instant as Grafana's time macros send it
 * (`${__from}` epoch milliseconds, `${__from:date:iso}` RFC 3339), which names the UTC day it falls in.
 */
export const DateBoundSchema = z.string().max(40)
  .refine((v) => PARTIAL_DATE.test(v) || (instantOf(v) !== undefined && dayBoundsValid(instantOf(v)!)), DATE_BOUND_FORMS)
  .describe('YYYY, YYYY-MM, YYYY-MM-DD, an RFC 3339 date-time (its UTC day) or epoch milliseconds (as Grafana\'s time macros send them)')

function dayBoundsValid (instant: Date): boolean {
  const year = instant.getUTCFullYear()
  return !Number.isNaN(instant.getTime()) && year >= 1 && year <= 9999
}

/** The first and last day a `from`/`to` value can mean: the whole year, month or day, or an instant's UTC day. */
export function dayBounds (value: string): [Date, Date] {
  const instant = instantOf(value)
  if (instant === undefined) return bounds(value)
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))
  return [day, day]
}

export const UndatedSchema = z.enum(['exclude', 'include', 'only'])
  .describe('Records the paper does not date: `exclude` leaves them out, `include` keeps them beside the dated ones that match, `only` lists them alone. Default: excluded when `from` or `to` is given (they have no date to compare), included otherwise')

/**
 * A record dated "2014" covers 2014-01-01..2014-12-31 and matches any range it overlaps:
 * `from=2014-06` finds it, `to=2013` does not. Undated records match no range; `undated` says
 * whether they are left out (the default with a range), kept beside the matches, or the only answer.
 */
export function dateFilter (from: string | undefined, to: string | undefined, undated?: z.infer<typeof UndatedSchema>): Prisma.Sql[] {
  assertWindow(from, to)
  if (undated === 'only') return [Prisma.sql`t.date_earliest IS NULL`]
  const overlap: Prisma.Sql[] = []
  if (from !== undefined) overlap.push(Prisma.sql`t.date_latest >= ${isoDate(dayBounds(from)[0])}::date`)
  if (to !== undefined) overlap.push(Prisma.sql`t.date_earliest <= ${isoDate(dayBounds(to)[1])}::date`)
  if (undated === 'include') return overlap.length === 0 ? [] : [Prisma.sql`(${Prisma.join(overlap, ' AND ')} OR t.date_earliest IS NULL)`]
  if (undated === 'exclude') return [...overlap, Prisma.sql`t.date_earliest IS NOT NULL`]
  return overlap
}

/** A 400 when `from` begins after `to` ends. */
export function assertWindow (from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && dayBounds(from)[0] > dayBounds(to)[1]) {
    throw new InvalidInputError('from', `from (${from}) is after to (${to})`)
  }
}

export function isoDate (d: Date | null): string | null {
  return d === null ? null : d.toISOString().slice(0, 10)
}

export const PaperDateSchema = z.object({
  printed: z.string().nullable().describe('The date exactly as the paper prints it'),
  value: z.string().nullable().describe('Machine form: YYYY, YYYY-MM, YYYY-MM-DD or start/end'),
  precision: DatePrecisionSchema,
  approximate: z.boolean(),
  basis: DateBasisSchema.describe('Where the date comes from: the body text, only a footnote, or the context'),
  note: z.string().nullable(),
  earliest: z.string().nullable().describe('First day the date can mean (ISO)'),
  latest: z.string().nullable().describe('Last day the date can mean (ISO)')
}).meta({ id: 'PaperDate' })

/** A citation's date in machine form, beside the printed one: read from it, never sharpened. */
export const CitationDateSchema = z.object({
  value: z.string().nullable().describe('Machine form: YYYY, YYYY-MM, YYYY-MM-DD or start/end; null when the printed date reads as none'),
  precision: DatePrecisionSchema,
  earliest: z.string().nullable().describe('First day the date can mean (ISO)'),
  latest: z.string().nullable().describe('Last day the date can mean (ISO)')
}).meta({ id: 'CitationDate' })

export function citationDateOf (r: Pick<DatedRow, 'dateValue' | 'datePrecision' | 'dateEarliest' | 'dateLatest'>): z.infer<typeof CitationDateSchema> {
  return { value: r.dateValue, precision: r.datePrecision as z.infer<typeof CitationDateSchema>['precision'], earliest: isoDate(r.dateEarliest), latest: isoDate(r.dateLatest) }
}

/** The PaperDate of the row aliased `alias`, as JSON built by PostgreSQL (what `paperDate` makes of the row in JavaScript). */
export function paperDateJson (alias: string): Prisma.Sql {
  return Prisma.raw(`json_build_object('printed', ${alias}.date_printed, 'value', ${alias}.date_value, 'precision', ${alias}.date_precision,
    'approximate', ${alias}.date_approximate, 'basis', ${alias}.date_basis, 'note', ${alias}.date_note,
    'earliest', to_char(${alias}.date_earliest, 'YYYY-MM-DD'), 'latest', to_char(${alias}.date_latest, 'YYYY-MM-DD'))`)
}

export interface DatedRow {
  datePrinted: string | null
  dateValue: string | null
  datePrecision: string
  dateApproximate: boolean
  dateBasis: string
  dateNote: string | null
  dateEarliest: Date | null
  dateLatest: Date | null
}

export function paperDate (r: DatedRow): z.infer<typeof PaperDateSchema> {
  return {
    printed: r.datePrinted,
    value: r.dateValue,
    precision: r.datePrecision as z.infer<typeof PaperDateSchema>['precision'],
    approximate: r.dateApproximate,
    basis: r.dateBasis as z.infer<typeof PaperDateSchema>['basis'],
    note: r.dateNote,
    earliest: isoDate(r.dateEarliest),
    latest: isoDate(r.dateLatest)
  }
}
