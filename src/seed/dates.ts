import type { PaperDate } from './schemas'

export type DatePrecision = 'day' | 'month' | 'year' | 'range' | 'approximate' | 'unknown'

export interface DateBounds {
  precision: DatePrecision
  earliest: Date | null
  latest: Date | null
}

function lastDayOfMonth (year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The first and last day a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` value can mean. */
export function bounds (part: string): [Date, Date] {
  const [y, m, d] = part.split('-').map(Number) as [number, number | undefined, number | undefined]
  if (m === undefined) return [new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y, 11, 31))]
  if (d === undefined) return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m - 1, lastDayOfMonth(y, m)))]
  return [new Date(Date.UTC(y, m - 1, d)), new Date(Date.UTC(y, m - 1, d))]
}

/**
 * The earliest and latest day a paper date can mean, so that date-range queries can test overlap:
 * "2014" covers 2014-01-01..2014-12-31, "1993/1994" covers 1993-01-01..1994-12-31.
 */
export function dateBounds (date: PaperDate | null): DateBounds {
  if (date === null || date.value === null) return { precision: 'unknown', earliest: null, latest: null }
  const [start, end] = date.value.split('/') as [string, string | undefined]
  const [earliest] = bounds(start)
  const [, latest] = bounds(end ?? start)
  if (latest < earliest) throw new RangeError(`date range ${date.value} ends before it starts`)
  const precision: DatePrecision = date.approximate
    ? 'approximate'
    : end !== undefined ? 'range' : (['year', 'month', 'day'] as const)[start.split('-').length - 1]!
  return { precision, earliest, latest }
}
