import { z } from 'zod'
import { DatePrecisionSchema } from './paper-dates'
import { ActorRoleSchema, EventCategorySchema, EventSeedSchema } from '../seed/schemas'
import { ActorRoleListSchema, actorsLinked, anyOf, citesFootnote, citesSource, linked, OnlyActorsSchema, SlugListSchema } from './conditions'
import { DateBoundSchema, dateFilter, paperDate, paperDateJson, PaperDateSchema, UndatedSchema } from './date-filters'
import { matchesText, TextFilterSchema } from './text-search'
import { defineResource, sqlRelation } from './resource'
import { ActorSummarySchema, AgreementSummarySchema, channelSummarySelect, ChannelSummarySchema, figureSummarySelect, FigureSummarySchema, groupBy, SourceSummarySchema } from './summaries'
import { Prisma, type Event } from '../generated/prisma/client'

export const EventSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  category: EventCategorySchema,
  date: PaperDateSchema
}).meta({ id: 'Event' })

export const EventFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  from: DateBoundSchema.optional().describe('Events whose date range overlaps this day or later: YYYY, YYYY-MM, YYYY-MM-DD, an RFC 3339 date-time (its UTC day) or epoch milliseconds'),
  to: DateBoundSchema.optional().describe('Events whose date range overlaps this day or earlier'),
  undated: UndatedSchema.optional(),
  actor: SlugListSchema.optional().describe('Events involving every one of these actors (slug or any alias); `name:role` asks for a role'),
  role: ActorRoleListSchema.optional(),
  onlyActors: OnlyActorsSchema.optional(),
  category: z.array(EventCategorySchema).max(20).optional().describe('Any of these categories'),
  precision: z.array(DatePrecisionSchema).optional().describe('Any of these date precisions'),
  agreement: z.string().max(200).optional().describe('Events under this agreement (slug)'),
  channel: z.string().max(200).optional().describe('Events concerning this leverage channel (slug)'),
  footnote: z.number().int().min(1).max(10000).optional().describe('Events whose evidence carries this footnote'),
  source: z.string().max(200).optional().describe('Events whose evidence cites this source (slug)')
})

export const events = defineResource<Event, typeof EventFilterSchema.shape>({
  name: 'events',
  noun: 'event',
  description: 'Dated happenings, 19th century to March 2016',
  table: 'events',
  fields: Prisma.EventScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: 'eventId',
  search: { title: Prisma.sql`t.title`, text: [Prisma.sql`t.title`, Prisma.sql`t.summary`, Prisma.sql`t.date_printed`, Prisma.sql`t.date_note`] },
  facets: { category: 'category', precision: 'date_precision' },
  curation: {
    file: 'events.yaml',
    schema: EventSeedSchema,
    fields: ['title', 'summary', 'category'],
    date: 'paper',
    refs: {
      actors: { kind: 'actors', link: { table: 'event_actors', owner: 'eventId', target: 'actorId' }, key: 'actor' },
      agreements: { kind: 'agreements', link: { table: 'event_agreements', owner: 'eventId', target: 'agreementId' } },
      channels: { kind: 'leverage-channels', link: { table: 'event_channels', owner: 'eventId', target: 'channelId' } }
    }
  },
  filter: EventFilterSchema,
  where: async (db, f) => {
    return [
      ...matchesText(f.q),
      ...dateFilter(f.from, f.to, f.undated),
      ...await actorsLinked(db, 'event_actors', 'event_id', f),
      ...anyOf('category', f.category),
      ...anyOf('date_precision', f.precision),
      ...linked('event_agreements', 'event_id', 'agreement_id', f.agreement, 'agreements'),
      ...linked('event_channels', 'event_id', 'channel_id', f.channel, 'leverage_channels'),
      ...citesFootnote('event_id', f.footnote),
      ...citesSource('event_id', f.source)
    ]
  },
  sorts: { date: { field: 'dateEarliest', type: 'date', nullable: true }, title: { field: 'title', type: 'text' }, category: { field: 'category', type: 'text' }, id: { field: 'id', type: 'integer' } },
  defaultSort: 'date',
  schema: EventSchema,
  toRecord: (e) => ({ id: e.id, slug: e.slug, title: e.title, summary: e.summary, category: e.category, date: paperDate(e) }),
  relations: {
    // The list's most asked-for relations, built as JSON by PostgreSQL in the page's own statement.
    actors: sqlRelation('events', {
      many: true,
      target: 'actors',
      link: { as: 'actor', fields: ['role', 'note'] },
      schema: ActorSummarySchema.extend({ role: ActorRoleSchema, note: z.string().nullable() }).meta({ id: 'EventActor' }),
      json: Prisma.sql`coalesce((
        SELECT json_agg(json_build_object('id', a.id, 'slug', a.slug, 'name', a.name, 'kind', a.kind, 'role', ea.role, 'note', ea.note) ORDER BY ea.actor_id, ea.role)
        FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = t.id), '[]')`
    }),
    agreements: sqlRelation('events', {
      many: true,
      target: 'agreements',
      schema: AgreementSummarySchema,
      json: Prisma.sql`coalesce((
        SELECT json_agg(json_build_object('id', a.id, 'slug', a.slug, 'title', a.title, 'kind', a.kind, 'status', a.status, 'date', ${paperDateJson('a')}) ORDER BY a.id)
        FROM event_agreements ea JOIN agreements a ON a.id = ea.agreement_id WHERE ea.event_id = t.id), '[]')`
    }),
    channels: {
      many: true,
      target: 'leverage-channels',
      schema: ChannelSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.eventChannel.findMany({ where: { eventId: { in: [...ids] } }, orderBy: { channelId: 'asc' }, include: { channel: { select: channelSummarySelect } } }),
        (r) => r.eventId, (r) => r.channel)
    },
    figures: {
      many: true,
      target: 'figures',
      schema: FigureSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.figure.findMany({ where: { eventId: { in: [...ids] } }, orderBy: { id: 'asc' }, select: { ...figureSummarySelect, eventId: true } }),
        (r) => r.eventId, ({ eventId, ...f }) => f)
    },
    // The distinct sources the event's evidence cites, through its footnotes or directly.
    sources: sqlRelation('events', {
      many: true,
      target: 'sources',
      schema: SourceSummarySchema,
      json: Prisma.sql`coalesce((
        SELECT json_agg(json_build_object('id', s.id, 'slug', s.slug, 'kind', s.kind, 'authors', coalesce(s.authors, '{}'), 'title', s.title,
          'publication', s.publication, 'date', s.date, 'url', s.url) ORDER BY s.id)
        FROM sources s WHERE s.id IN (
          SELECT fs.source_id FROM evidence e JOIN evidence_footnotes ef ON ef.evidence_id = e.id JOIN footnote_sources fs ON fs.footnote_id = ef.footnote_id
          WHERE e.event_id = t.id
          UNION
          SELECT e.source_id FROM evidence e WHERE e.event_id = t.id AND e.source_id IS NOT NULL)), '[]')`
    })
  }
})
