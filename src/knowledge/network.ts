// The actors an actor shares events and agreements with, weighted; also as Grafana node-graph nodes and edges.
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { NotFoundError } from '../errors'
import { numericId } from './pagination'
import { type ActorSummary, ActorSummarySchema, actorSummarySelect } from './summaries'

const LinkSchema = z.object({
  actor: ActorSummarySchema,
  weight: z.number().int().describe('Records shared: events + agreements'),
  events: z.number().int().describe('Events both actors take part in'),
  agreements: z.number().int().describe('Agreements both actors are parties to')
})

export const NetworkSchema = z.object({
  actor: ActorSummarySchema,
  links: z.array(LinkSchema).describe('Linked actors, heaviest first'),
  nodes: z.array(z.object({
    id: z.string().describe('Actor slug'),
    title: z.string(),
    subTitle: z.string().describe('Actor kind'),
    mainStat: z.number().int().describe('Records shared with the centre; for the centre, its own events + agreements')
  })).describe('Grafana node-graph nodes; the first is the centre'),
  edges: z.array(z.object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    mainStat: z.number().int().describe('Weight: records shared'),
    events: z.number().int(),
    agreements: z.number().int()
  })).describe('Grafana node-graph edges, centre to each linked actor')
}).meta({ id: 'ActorNetwork', description: 'The actor, the actors it shares records with, and the same network as Grafana node-graph nodes and edges' })

export type Network = z.infer<typeof NetworkSchema>

/** The actors that share events or agreements with one actor (by id or slug), weighted by how many. */
export async function actorNetwork (db: PrismaClient, idOrSlug: string): Promise<Network> {
  const id = numericId(idOrSlug)
  const centre = await db.actor.findFirst({ where: id !== null ? { id } : { slug: idOrSlug }, select: actorSummarySelect }) as ActorSummary | null
  if (centre === null) throw new NotFoundError(`no actor "${idOrSlug}"`)
  // An actor with two roles in one event shares it once: DISTINCT per record and actor.
  const [links, own] = await Promise.all([
    db.$queryRaw<Array<{ actor_id: number, events: number, agreements: number }>>`
      WITH shared AS (
        SELECT DISTINCT 'event' AS via, other.event_id AS record_id, other.actor_id
        FROM event_actors mine JOIN event_actors other ON other.event_id = mine.event_id
        WHERE mine.actor_id = ${centre.id}::int AND other.actor_id <> ${centre.id}::int
        UNION ALL
        SELECT DISTINCT 'agreement', other.agreement_id, other.actor_id
        FROM agreement_parties mine JOIN agreement_parties other ON other.agreement_id = mine.agreement_id
        WHERE mine.actor_id = ${centre.id}::int AND other.actor_id <> ${centre.id}::int
      )
      SELECT actor_id, count(*) FILTER (WHERE via = 'event')::int AS events, count(*) FILTER (WHERE via = 'agreement')::int AS agreements
      FROM shared GROUP BY actor_id`,
    db.$queryRaw<Array<{ records: number }>>`
      SELECT (SELECT count(DISTINCT event_id) FROM event_actors WHERE actor_id = ${centre.id}::int)::int
           + (SELECT count(DISTINCT agreement_id) FROM agreement_parties WHERE actor_id = ${centre.id}::int)::int AS records`
  ])
  const actors = new Map((await db.actor.findMany({ where: { id: { in: links.map((l) => l.actor_id) } }, select: actorSummarySelect }) as ActorSummary[]).map((a) => [a.id, a]))
  const sorted = links
    .map((l) => ({ actor: actors.get(l.actor_id)!, weight: l.events + l.agreements, events: l.events, agreements: l.agreements }))
    .sort((a, b) => b.weight - a.weight || a.actor.slug.localeCompare(b.actor.slug))
  return {
    actor: centre,
    links: sorted,
    nodes: [
      { id: centre.slug, title: centre.name, subTitle: centre.kind, mainStat: own[0]?.records ?? 0 },
      ...sorted.map((l) => ({ id: l.actor.slug, title: l.actor.name, subTitle: l.actor.kind, mainStat: l.weight }))
    ],
    edges: sorted.map((l) => ({ id: `${centre.slug}--${l.actor.slug}`, source: centre.slug, target: l.actor.slug, mainStat: l.weight, events: l.events, agreements: l.agreements }))
  }
}
