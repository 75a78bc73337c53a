import { z } from 'zod'
import type { PaperDate } from '../seed/schemas'

/** How precisely a date is known; `range` spans two dates, `approximate` is the paper's "about", "around". */
export const DatePrecisionSchema = z.enum(['day', 'month', 'year', 'range', 'approximate', 'unknown'])
export type DatePrecision = z.infer<typeof DatePrecisionSchema>

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

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// Seasons as months of the year they are printed with (a winter spans two years and is not read).
const SEASONS: Record<string, [number, number]> = { spring: [3, 5], summer: [6, 8], fall: [9, 11], autumn: [9, 11] }
const pad = (n: number): string => String(n).padStart(2, '0')

/**
 * The machine form of a date as a citation prints it ("Jan. 15, 2016", "2 March, 2016",
 * "Sep., 2, 2015", "November 2002", "Summer/Fall 1997", "2012"), or null when it reads none.
 */
export function citationDate (printed: string | null): PaperDate | null {
  if (printed === null) return null
  const text = printed.trim()
  const date = (value: string, approximate = false): PaperDate => ({ printed, value, approximate, basis: 'text' })
  if (/^\d{4}$/.test(text)) return date(text)
  const month = (name: string): number | null => {
    const i = MONTHS.indexOf(name.toLowerCase().slice(0, 3))
    return i >= 0 && (name.length <= 4 || name.toLowerCase().startsWith(MONTHS[i]!)) ? i + 1 : null
  }
  // Month and year, with a day before or after the month: "Jan. 15, 2016", "2 March, 2016", "Feb. 2016".
  const dated = /^(?:(\d{1,2}) )?([A-Za-z]+)\.?,? (?:(\d{1,2}),? )?(\d{4})$/.exec(text)
  if (dated !== null) {
    const [, dayBefore, name, dayAfter, year] = dated
    const m = month(name!)
    const d = dayBefore ?? dayAfter
    if (m !== null && !(dayBefore !== undefined && dayAfter !== undefined)) {
      if (d === undefined) return date(`${year!}-${pad(m)}`)
      if (Number(d) >= 1 && Number(d) <= new Date(Date.UTC(Number(year), m, 0)).getUTCDate()) return date(`${year!}-${pad(m)}-${pad(Number(d))}`)
    }
  }
  // "Summer/Fall 1997": from the first season's first month to the last one's last.
  const seasons = /^([A-Za-z]+)(?:\/([A-Za-z]+))? (\d{4})$/.exec(text)
  if (seasons !== null) {
    const first = SEASONS[seasons[1]!.toLowerCase()]
    const last = SEASONS[(seasons[2] ?? seasons[1]!).toLowerCase()]
    if (first !== undefined && last !== undefined && first[0] <= last[1]) return date(`${seasons[3]!}-${pad(first[0])}/${seasons[3]!}-${pad(last[1])}`, true)
  }
  return null
}

/** The columns a date as the paper gives it is stored in: as printed, and its machine bounds. */
export function dateColumns (date: PaperDate | null): {
  datePrinted: string | null,
  dateValue: string | null,
  datePrecision: string,
  dateApproximate: boolean,
  dateBasis: string,
  dateNote: string | null,
  dateEarliest: Date | null,
  dateLatest: Date | null
} {
  const { precision, earliest, latest } = dateBounds(date)
  return {
    datePrinted: date?.printed ?? null,
    dateValue: date?.value ?? null,
    datePrecision: precision,
    dateApproximate: date?.approximate ?? false,
    dateBasis: date?.basis ?? 'text',
    dateNote: date?.note ?? null,
    dateEarliest: earliest,
    dateLatest: latest
  }
}

/** A source's date columns: its printed date as printed, and the machine form read from it (null when none can be read). */
export function citationDateColumns (printed: string | null): { date: string | null, dateValue: string | null, datePrecision: string, dateApproximate: boolean, dateEarliest: Date | null, dateLatest: Date | null } {
  const { datePrinted, dateValue, datePrecision, dateApproximate, dateEarliest, dateLatest } = dateColumns(citationDate(printed))
  return { date: datePrinted ?? printed, dateValue, datePrecision, dateApproximate, dateEarliest, dateLatest }
}
