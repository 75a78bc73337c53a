import { z } from 'zod'
import { EventCategorySchema } from '../seed/schemas'
import { citesFootnote, citesSource, dateOverlap, matchesText, paperDate, PaperDateSchema, PartialDateSchema, resolveActors, SlugListSchema, TextFilterSchema } from './filters'
import { defineResource } from './resource'
import { ActorSummarySchema, actorSummarySelect, agreementSummary, AgreementSummarySchema, channelSummarySelect, ChannelSummarySchema, figureSummarySelect, FigureSummarySchema, groupBy } from './summaries'
import type { Event } from '../generated/prisma/client'

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
  delegate: (db) => db.event,
  key: { field: 'slug', schema: z.string() },
  evidence: 'events',
  filter: EventFilterSchema,
  where: async (db, f) => {
    const actorIds = await resolveActors(db, 'actor', f.actor)
    return [
      await matchesText(db, 'events', f.q),
      ...dateOverlap(f.from, f.to),
      ...(actorIds ?? []).map((actorId) => ({ actors: { some: { actorId } } })),
      f.category !== undefined ? { category: { in: f.category } } : {},
      f.precision !== undefined ? { datePrecision: { in: f.precision } } : {},
      f.agreement !== undefined ? { agreements: { some: { agreement: { slug: f.agreement } } } } : {},
      f.channel !== undefined ? { channels: { some: { channel: { slug: f.channel } } } } : {},
      f.footnote !== undefined ? citesFootnote(f.footnote) : {},
      f.source !== undefined ? citesSource(f.source) : {}
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
      load: async (db, ids) => groupBy(ids, await db.eventActor.findMany({ where: { eventId: { in: [...ids] } }, orderBy: [{ actorId: 'asc' }, { role: 'asc' }], include: { actor: { select: actorSummarySelect } } }),
        (r) => r.eventId, (r) => ({ ...r.actor, role: r.role, note: r.note }))
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
    }
  }
})
