import { z } from 'zod'
import { EventCategorySchema } from '../seed/schemas'
import { anyOf, citesFootnote, citesSource, dateOverlap, linked, matchesText, paperDate, PaperDateSchema, PartialDateSchema, resolveActors, SlugListSchema, TextFilterSchema } from './filters'
import { defineResource } from './resource'
import { ActorSummarySchema, agreementSummary, AgreementSummarySchema, channelSummarySelect, ChannelSummarySchema, figureSummarySelect, FigureSummarySchema, groupBy, SourceSummarySchema } from './summaries'
import { Prisma, type Event } from '../generated/prisma/client'

type SourceSummaryRow = z.infer<typeof SourceSummarySchema> & { eventId: number }
type EventActorRow = z.infer<typeof ActorSummarySchema> & { eventId: number, role: string, note: string | null }

export const EventSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  category: z.string(),
  date: PaperDateSchema
}).meta({ id: 'Event' })

export const EventFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  from: PartialDateSchema.optional().describe('Events whose date range overlaps this day or later (YYYY, YYYY-MM or YYYY-MM-DD)'),
  to: PartialDateSchema.optional().describe('Events whose date range overlaps this day or earlier'),
  actor: SlugListSchema.optional().describe('Events involving every one of these actors (slug or any alias)'),
  category: z.array(EventCategorySchema).max(20).optional().describe('Any of these categories'),
  precision: z.array(z.enum(['day', 'month', 'year', 'range', 'approximate', 'unknown'])).optional().describe('Any of these date precisions'),
  agreement: z.string().max(200).optional().describe('Events under this agreement (slug)'),
  channel: z.string().max(200).optional().describe('Events concerning this leverage channel (slug)'),
  footnote: z.number().int().min(1).max(10000).optional().describe('Events whose evidence carries this footnote'),
  source: z.string().max(200).optional().describe('Events whose evidence cites this source (slug)')
})

export const events = defineResource<Event, typeof EventFilterSchema.shape>({
  name: 'events',
  noun: 'event',
  table: 'events',
  fields: Prisma.EventScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: 'events',
  filter: EventFilterSchema,
  where: async (db, f) => {
    const actorIds = await resolveActors(db, 'actor', f.actor)
    return [
      ...matchesText(f.q),
      ...dateOverlap(f.from, f.to),
      ...(actorIds ?? []).flatMap((actorId) => linked('event_actors', 'event_id', 'actor_id', actorId)),
      ...anyOf('category', f.category),
      ...anyOf('date_precision', f.precision),
      ...linked('event_agreements', 'event_id', 'agreement_id', f.agreement, 'agreements'),
      ...linked('event_channels', 'event_id', 'channel_id', f.channel, 'leverage_channels'),
      ...citesFootnote('event_id', f.footnote),
      ...citesSource('event_id', f.source)
    ]
  },
  sorts: { date: { field: 'dateEarliest', isDate: true }, title: { field: 'title' }, category: { field: 'category' }, id: { field: 'id' } },
  defaultSort: 'date',
  schema: EventSchema,
  toRecord: (e) => ({ id: e.id, slug: e.slug, title: e.title, summary: e.summary, category: e.category, date: paperDate(e) }),
  relations: {
    actors: {
      many: true,
      schema: ActorSummarySchema.extend({ role: z.string(), note: z.string().nullable() }).meta({ id: 'EventActor' }),
      // One joined statement (Prisma's `include` takes two): the list's most asked-for relation.
      load: async (db, ids) => groupBy(ids, await db.$queryRaw<EventActorRow[]>`
        SELECT ea.event_id AS "eventId", a.id, a.slug, a.name, a.kind, ea.role, ea.note
        FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
        WHERE ea.event_id = ANY(${[...ids]}::int[])
        ORDER BY ea.actor_id, ea.role`,
      (r) => r.eventId, ({ eventId, ...actor }) => actor)
    },
    agreements: {
      many: true,
      schema: AgreementSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.eventAgreement.findMany({ where: { eventId: { in: [...ids] } }, orderBy: { agreementId: 'asc' }, include: { agreement: true } }),
        (r) => r.eventId, (r) => agreementSummary(r.agreement))
    },
    channels: {
      many: true,
      schema: ChannelSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.eventChannel.findMany({ where: { eventId: { in: [...ids] } }, orderBy: { channelId: 'asc' }, include: { channel: { select: channelSummarySelect } } }),
        (r) => r.eventId, (r) => r.channel)
    },
    figures: {
      many: true,
      schema: FigureSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.figure.findMany({ where: { eventId: { in: [...ids] } }, orderBy: { id: 'asc' }, select: { ...figureSummarySelect, eventId: true } }),
        (r) => r.eventId, ({ eventId, ...f }) => f)
    },
    sources: {
      many: true,
      // The distinct sources the event's evidence cites, through its footnotes or directly: one query for all events.
      schema: SourceSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.$queryRaw<SourceSummaryRow[]>`
        SELECT DISTINCT cited.event_id AS "eventId", s.id, s.slug, s.kind, coalesce(s.authors, '{}') AS authors, s.title, s.publication, s.date, s.url
        FROM (
          SELECT e.event_id, fs.source_id FROM evidence e
          JOIN evidence_footnotes ef ON ef.evidence_id = e.id JOIN footnote_sources fs ON fs.footnote_id = ef.footnote_id
          WHERE e.event_id = ANY(${[...ids]}::int[])
          UNION
          SELECT e.event_id, e.source_id FROM evidence e WHERE e.event_id = ANY(${[...ids]}::int[]) AND e.source_id IS NOT NULL
        ) cited JOIN sources s ON s.id = cited.source_id
        ORDER BY cited.event_id, s.id`,
      (r) => r.eventId, ({ eventId, ...s }) => s)
    }
  }
})
