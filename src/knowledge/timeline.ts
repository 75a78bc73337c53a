// Events over time, for dashboards (REST and GraphQL): counts per year, quarter or month, split
// by category or actor, with the events outside the window and the undated ones reported apart.
import { z } from 'zod'
import { assertWindow, dayBounds } from './date-filters'
import type { PrismaClient } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { events } from './events'
import { Prisma } from '../generated/prisma/client'
import { explainEmpty, whereSql } from './resource'
import type { Row } from './rows'

export const IntervalSchema = z.enum(['year', 'quarter', 'month'])

export const SplitSchema = z.enum(['category', 'actor'])

export type Interval = z.infer<typeof IntervalSchema>

const SeriesCountsSchema = z.record(z.string(), z.number().int()).describe('Count per category or actor slug (only with split; only non-zero series)')

export const TimelineSchema = z.object({
  interval: IntervalSchema,
  split: SplitSchema.nullable(),
  total: z.number().int().describe('Events matching the filters other than from and to, dated or not: buckets + outside + undated'),
  buckets: z.array(z.object({
    time: z.string().describe('First day of the bucket, ISO 8601'),
    label: z.string().describe('2014, 2014-Q2 or 2014-05'),
    count: z.number().int(),
    series: SeriesCountsSchema.optional()
  })).describe('Every bucket from `from` (else the first dated event) to `to` (else the last), empty ones included'),
  outside: z.object({
    before: z.number().int().describe('Dated events whose bucket comes before the first bucket returned'),
    after: z.number().int().describe('Dated events whose bucket comes after the last bucket returned')
  }).describe('Events the window leaves out: from and to choose buckets, never how an event is counted'),
  undated: z.object({ count: z.number().int(), series: SeriesCountsSchema.optional() }).describe('Events the paper does not date; in no bucket')
}).meta({ id: 'Timeline' })

export type Timeline = z.infer<typeof TimelineSchema>

export interface TimelineQuery {
  /** The same filters as the events list (actor, category, q, ...); from and to choose the buckets returned. */
  filter: Record<string, unknown>
  interval: Interval
  split?: z.infer<typeof SplitSchema>
}

/** First day of the bucket that holds `day`, as `YYYY-MM-DD`, and its label. */
function bucketOf (day: Date, interval: Interval): { start: string, label: string } {
  const year = day.getUTCFullYear()
  const month = day.getUTCMonth()
  const pad = (n: number): string => String(n).padStart(2, '0')
  if (interval === 'year') return { start: `${year}-01-01`, label: String(year) }
  if (interval === 'quarter') {
    const quarter = Math.floor(month / 3)
    return { start: `${year}-${pad(quarter * 3 + 1)}-01`, label: `${year}-Q${quarter + 1}` }
  }
  return { start: `${year}-${pad(month + 1)}-01`, label: `${year}-${pad(month + 1)}` }
}

/** More than this many buckets is a window too wide for its interval (a century by month is 1,200). */
const MAX_BUCKETS = 5000

/** Every bucket from `first` to `last` inclusive. */
function bucketsBetween (first: Date, last: Date, interval: Interval): Array<{ start: string, label: string }> {
  const step = interval === 'year' ? 12 : interval === 'quarter' ? 3 : 1
  const out = []
  const [y, m] = bucketOf(first, interval).start.split('-').map(Number) as [number, number]
  const end = (last.getUTCFullYear() * 12) + last.getUTCMonth()
  if ((end - (y * 12) - m + 1) / step >= MAX_BUCKETS) throw new InvalidInputError('interval', `more than ${MAX_BUCKETS} ${interval}s between from and to; use a larger interval or a narrower window`)
  for (let month = (y * 12) + m - 1; month <= end; month += step) {
    out.push(bucketOf(new Date(Date.UTC(Math.floor(month / 12), month % 12, 1)), interval))
  }
  return out
}

/** One count of the timeline's query: of a bucket (NULL: the undated events), in one series or (series NULL) in all. */
interface BucketCount { bucket: string | null, series: string | null, count: number }

/**
 * Events per year, quarter or month, in buckets that do not move: an event counts once, in the
 * bucket of its earliest possible day, whatever the window: "2014" (a year) falls in 2014, or in
 * January 2014 by month; a range in the bucket where it starts. `from` and `to` only choose which
 * buckets are returned (each whole, so 2014 has the same count in any window that shows it); the
 * events they leave out are counted in `outside`, undated ones in `undated`. Every other filter is
 * the events list's.
 */
export async function timeline (db: PrismaClient, query: TimelineQuery): Promise<Timeline> {
  const split = query.split ?? null
  const { from, to, ...filter } = events.filter.parse(query.filter)
  assertWindow(from, to)
  // Without filters, or with only `category`, the events per month and category (a rollup that
  // triggers keep exact: prisma/migrations/20261127050000_event_month_counts) hold the answer, and
  // a few thousand rows are summed instead of every event read. Every other filter needs the events
  // themselves, and so does the split by actor.
  const rows = split !== 'actor' && Object.entries(filter).every(([name, value]) => name === 'category' || value === undefined)
    ? await rolledUpCounts(db, query.interval, split, filter.category)
    : await countedRows(db, { ...query, filter })
  return timelineOf(query.interval, split, rows, { from, to })
}

/** The timeline counted from the events themselves: the path for any filter, and what the rollup must always equal. */
export async function countedTimeline (db: PrismaClient, query: TimelineQuery): Promise<Timeline> {
  const { from, to, ...filter } = events.filter.parse(query.filter)
  return timelineOf(query.interval, query.split ?? null, await countedRows(db, { ...query, filter }), { from, to })
}

/** Counts per bucket (and series) of the events that match `query.filter`, which holds no window. */
async function countedRows (db: PrismaClient, query: TimelineQuery): Promise<BucketCount[]> {
  const where = await whereSql(events, db, query.filter)
  const split = query.split ?? null
  const interval: Interval = query.interval
  // One statement: per bucket (NULL: undated) its count, and per bucket and series its count.
  const rows = await db.$queryRaw<BucketCount[]>`
    WITH e AS (
      SELECT id, category, CASE WHEN date_earliest IS NOT NULL THEN to_char(date_trunc(${interval}::text, date_earliest::timestamp), 'YYYY-MM-DD') END AS bucket
      FROM events t WHERE ${where}
    )
    SELECT bucket, NULL::text AS series, count(*)::int AS count FROM e GROUP BY bucket
    ${split === 'category'
      ? Prisma.sql`UNION ALL SELECT bucket, category, count(*)::int FROM e GROUP BY bucket, category`
      : split === 'actor'
        // count(DISTINCT): an actor with two roles in one event counts once.
        ? Prisma.sql`UNION ALL SELECT e.bucket, a.slug, count(DISTINCT e.id)::int FROM e JOIN event_actors ea ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id GROUP BY e.bucket, a.slug`
        : Prisma.empty}`
  await explainEmpty(query.filter, db, rows.length)
  return rows
}

/**
 * The same counts as countedTimeline's statement, from the rollup: a month lies wholly inside one
 * quarter and one year, so truncating an event's month gives the bucket of its day. One pass
 * groups per bucket and, with the split, per bucket and category (ROLLUP adds each bucket's total,
 * with series NULL); buckets are formatted after grouping, once each.
 */
async function rolledUpCounts (db: PrismaClient, interval: Interval, split: 'category' | null, categories: string[] | undefined): Promise<BucketCount[]> {
  return await db.$queryRaw<BucketCount[]>`
    SELECT to_char(bucket, 'YYYY-MM-DD') AS bucket, series, count FROM (
      SELECT date_trunc(${interval}::text, month::timestamp) AS bucket, ${split === 'category' ? Prisma.sql`category` : Prisma.sql`NULL::text`} AS series, sum(count)::int AS count
      FROM event_month_counts
      ${categories !== undefined ? Prisma.sql`WHERE category = ANY(${categories}::text[])` : Prisma.empty}
      GROUP BY ${split === 'category' ? Prisma.sql`bucket, ROLLUP (series)` : Prisma.sql`bucket`}
    ) counts`
}

/** The timeline from its counts: every bucket of the window (else between the first dated and the last), series by size. */
function timelineOf (interval: Interval, split: Timeline['split'], rows: BucketCount[], window: { from?: string, to?: string }): Timeline {
  const counts = new Map<string, { count: number, series: Map<string, number> }>()
  const undated = { count: 0, series: new Map<string, number>() }
  const target = (bucket: string | null): { count: number, series: Map<string, number> } => {
    if (bucket === null) return undated
    const t = counts.get(bucket) ?? { count: 0, series: new Map() }
    counts.set(bucket, t)
    return t
  }
  for (const row of rows) {
    if (row.series === null) target(row.bucket).count += row.count
    else target(row.bucket).series.set(row.series, row.count)
  }
  const dated = [...counts.keys()].sort()
  const seriesObject = (m: Map<string, number>): Record<string, number> | undefined =>
    split === null ? undefined : Object.fromEntries([...m].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)))
  const day = (d: string): Date => new Date(`${d}T00:00:00.000Z`)
  // The window's first and last bucket, where given; else the first and last dated event's.
  const first = window.from !== undefined ? bucketOf(dayBounds(window.from)[0], interval).start : dated[0]
  const last = window.to !== undefined ? bucketOf(dayBounds(window.to)[1], interval).start : dated.at(-1)
  const shown = first === undefined || last === undefined || first > last ? [] : bucketsBetween(day(first), day(last), interval)
  const outside = { before: 0, after: 0 }
  for (const [bucket, { count }] of counts) {
    if (shown.length === 0 || bucket < shown[0]!.start) outside.before += count
    else if (bucket > shown.at(-1)!.start) outside.after += count
  }
  return {
    interval,
    split,
    total: [...counts.values()].reduce((n, b) => n + b.count, undated.count),
    buckets: shown.map(({ start, label }) => {
      const bucket = counts.get(start)
      return { time: start, label, count: bucket?.count ?? 0, ...(split !== null ? { series: seriesObject(bucket?.series ?? new Map()) } : {}) }
    }),
    outside,
    undated: { count: undated.count, ...(split !== null ? { series: seriesObject(undated.series) } : {}) }
  }
}

/**
 * The timeline as rows, zeros included so that a line drops to zero rather than bridging a gap.
 * Without a split: series "events", one row per bucket. With one: a row per bucket for every
 * series that has events in any bucket shown, largest series first. Undated events have no time
 * and are not rows; the JSON form reports them.
 */
export function timelineRows (t: Timeline): Row[] {
  const totals = new Map<string, number>()
  for (const b of t.buckets) for (const [series, n] of Object.entries(b.series ?? {})) totals.set(series, (totals.get(series) ?? 0) + n)
  const series = [...totals].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([name]) => name)
  return t.buckets.flatMap((b) => {
    const time = `${b.time}T00:00:00.000Z`
    if (b.series === undefined) return [{ time, series: 'events', value: b.count }]
    return series.map((name) => ({ time, series: name, value: b.series![name] ?? 0 }))
  })
}
