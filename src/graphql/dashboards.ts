// The GraphQL side of src/knowledge/dashboards.ts: timeline, stats and the actor network, the same
// aggregates as GET /v1/timeline, /v1/stats and /v1/actors/{id}/network. Objects keyed by series or
// kind in REST's JSON become lists here, in the same order, since GraphQL has no open-ended maps.
import type { MercuriusContext } from 'mercurius'
import { actors, events } from '../knowledge'
import { actorNetwork as networkOf } from '../knowledge/network'
import { stats as statsOf, statsRows } from '../knowledge/stats'
import { timeline as timelineOf, timelineRows } from '../knowledge/timeline'
import type { QueryactorNetworkArgs, QuerytimelineArgs } from './generated'
import { filterOf, keyArgument, recordsByKey } from './knowledge'

const seriesList = (series: Record<string, number> | undefined): Array<{ series: string, count: number }> | null =>
  series === undefined ? null : Object.entries(series).map(([name, count]) => ({ series: name, count }))

export async function timeline (_root: unknown, args: QuerytimelineArgs, context: MercuriusContext) {
  const filter = filterOf(events, args.filter as Record<string, unknown> | null | undefined)
  // The enums' internal values are the service's own: interval 'year', split 'category'.
  const t = await timelineOf(context.app.prisma, { filter, interval: args.interval ?? 'year', split: args.split ?? undefined })
  return {
    interval: t.interval,
    split: t.split,
    total: t.total,
    buckets: t.buckets.map((b) => ({ ...b, series: seriesList(b.series) })),
    outside: t.outside,
    undated: { count: t.undated.count, series: seriesList(t.undated.series) },
    rows: timelineRows(t)
  }
}

export async function stats (_root: unknown, _args: unknown, context: MercuriusContext) {
  const s = await statsOf(context.app.prisma)
  return {
    kinds: Object.entries(s.counts).map(([kind, count]) => ({
      kind,
      count,
      facets: Object.entries(s.facets[kind] ?? {}).map(([facet, values]) => ({ facet, values }))
    })),
    rows: statsRows(s)
  }
}

/** The network around one actor, by id or slug (exactly one); its actors come whole, in one more query. */
export async function actorNetwork (_root: unknown, args: QueryactorNetworkArgs, context: MercuriusContext) {
  const db = context.app.prisma
  const network = await networkOf(db, keyArgument(actors, args))
  const whole = await recordsByKey(actors, db, [network.actor.slug, ...network.links.map((l) => l.actor.slug)])
  return {
    ...network,
    actor: whole.get(network.actor.slug),
    links: network.links.map((l) => ({ ...l, actor: whole.get(l.actor.slug) }))
  }
}
