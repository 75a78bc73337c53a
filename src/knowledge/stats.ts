// Counts per kind and per facet (the closed sets each kind's definition names), for dashboards.
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { Prisma } from '../generated/prisma/client'
import { resources } from './index'
import type { Row } from './rows'

const FacetValueSchema = z.object({ value: z.string().nullable().describe('null: the field is empty'), count: z.number().int() })

export const StatsSchema = z.object({
  counts: z.record(z.string(), z.number().int()).describe('Records per kind'),
  facets: z.record(z.string(), z.record(z.string(), z.array(FacetValueSchema)))
    .describe('Per kind, per facet: each value with its count, most frequent first')
}).meta({ id: 'Stats' })

export type Stats = z.infer<typeof StatsSchema>

/** Counts per kind and per facet, in one query. */
export async function stats (db: PrismaClient): Promise<Stats> {
  const parts = resources.flatMap(({ name, table, facets }) => [
    Prisma.sql`SELECT ${name}::text AS kind, NULL::text AS facet, NULL::text AS value, count(*)::int AS count FROM ${Prisma.raw(`"${table}"`)}`,
    ...Object.entries(facets).map(([facet, column]) =>
      Prisma.sql`SELECT ${name}::text, ${facet}::text, ${Prisma.raw(`"${column}"`)}::text, count(*)::int FROM ${Prisma.raw(`"${table}"`)} GROUP BY 3`)
  ])
  const rows = await db.$queryRaw<Array<{ kind: string, facet: string | null, value: string | null, count: number }>>`
    SELECT * FROM (${Prisma.join(parts, ' UNION ALL ')}) s ORDER BY kind, facet, count DESC, value NULLS LAST`
  const result: Stats = { counts: {}, facets: {} }
  for (const { name, facets } of resources) {
    result.counts[name] = 0
    result.facets[name] = Object.fromEntries(Object.keys(facets).map((f) => [f, []]))
  }
  for (const row of rows) {
    if (row.facet === null) result.counts[row.kind] = row.count
    else result.facets[row.kind]![row.facet]!.push({ value: row.value, count: row.count })
  }
  return result
}

/** Stats as rows: series `events` for a kind's count, `events.category=visit` for a facet value (`(none)` when empty). No time. */
export function statsRows (s: Stats): Row[] {
  return Object.entries(s.counts).flatMap(([kind, count]) => [
    { time: null, series: kind, value: count },
    ...Object.entries(s.facets[kind] ?? {}).flatMap(([facet, values]) =>
      values.map((v) => ({ time: null, series: `${kind}.${facet}=${v.value ?? '(none)'}`, value: v.count })))
  ])
}
