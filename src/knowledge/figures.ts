import { z } from 'zod'
import { Prisma, type Figure } from '../generated/prisma/client'
import { anyOf, citesFootnote, citesSource, equals, refersTo, resolveActor } from './conditions'
import { matchesText, TextFilterSchema } from './text-search'
import { FigureKindSchema, FigureSeedSchema } from '../seed/schemas'
import { defineResource } from './resource'
import { ActorSummarySchema, actorSummarySelect, agreementSummary, AgreementSummarySchema, channelSummarySelect, ChannelSummarySchema, eventSummary, EventSummarySchema, FigureSummarySchema } from './summaries'

export const FigureSchema = FigureSummarySchema.extend({
  kind: FigureKindSchema.describe('quantity (an amount, share or count), rank (a position in an ordering) or figurative (a number in a name or a turn of phrase: "Six Party", "two actors", "near zero")'),
  section: z.string().nullable().describe('The section of the paper that states it (its first quote\'s)'),
  note: z.string().nullable()
}).meta({ id: 'Figure' })

export const FigureFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  kind: z.array(FigureKindSchema).max(3).optional().describe('Any of these kinds; kind=quantity,rank leaves out figurative numbers'),
  channel: z.string().max(200).optional().describe('Figures of this leverage channel (slug)'),
  event: z.string().max(200).optional().describe('Figures of this event (slug)'),
  agreement: z.string().max(200).optional().describe('Figures of this agreement (slug)'),
  actor: z.string().max(200).optional().describe('Figures about this actor (slug or alias)'),
  unit: z.string().max(100).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  footnote: z.number().int().min(1).max(10000).optional(),
  source: z.string().max(200).optional()
})

function oneToOne (field: 'channelId' | 'eventId' | 'agreementId' | 'actorId'): (ids: readonly number[], rows: Array<Record<string, unknown>>, map: (row: any) => unknown) => Map<number, unknown> {
  return (ids, rows, map) => new Map(ids.map((id) => {
    const row = rows.find((r) => r.id === id)
    return [id, row?.[field] != null ? map(row) : null]
  }))
}

export const figures = defineResource<Figure & { section: string | null }, typeof FigureFilterSchema.shape>({
  name: 'figures',
  noun: 'figure',
  description: 'Every number the paper gives',
  table: 'figures',
  fields: Prisma.FigureScalarFieldEnum,
  joined: Prisma.sql`(SELECT p.section FROM evidence e JOIN passages p ON p.id = e.passage_id WHERE e.figure_id = t.id ORDER BY e.position, e.id LIMIT 1) AS "section"`,
  key: { field: 'slug', schema: z.string() },
  evidence: 'figureId',
  search: { title: Prisma.sql`t.measure`, text: [Prisma.sql`t.printed`, Prisma.sql`t.measure`, Prisma.sql`t.note`, Prisma.sql`t.period`] },
  facets: { currency: 'currency', unit: 'unit' },
  curation: {
    file: 'figures.yaml',
    schema: FigureSeedSchema,
    fields: ['kind', 'measure', 'printed', 'value', 'low', 'high', 'unit', 'currency', 'period', 'note'],
    refs: {
      channel: { kind: 'leverage-channels', column: 'channelId' },
      event: { kind: 'events', column: 'eventId' },
      agreement: { kind: 'agreements', column: 'agreementId' },
      actor: { kind: 'actors', column: 'actorId' }
    }
  },
  filter: FigureFilterSchema,
  where: async (db, f) => [
    ...matchesText(f.q),
    ...anyOf('kind', f.kind),
    ...refersTo('channel_id', 'leverage_channels', f.channel),
    ...refersTo('event_id', 'events', f.event),
    ...refersTo('agreement_id', 'agreements', f.agreement),
    ...equals('actor_id', f.actor !== undefined ? await resolveActor(db, 'actor', f.actor) : undefined),
    ...equals('unit', f.unit),
    ...equals('currency', f.currency),
    ...citesFootnote('figure_id', f.footnote),
    ...citesSource('figure_id', f.source)
  ],
  sorts: { id: { field: 'id', type: 'integer' }, value: { field: 'value', type: 'number', nullable: true }, measure: { field: 'measure', type: 'text' } },
  defaultSort: 'id',
  schema: FigureSchema,
  toRecord: (f) => ({ id: f.id, slug: f.slug, kind: f.kind, section: f.section, measure: f.measure, printed: f.printed, value: f.value, low: f.low, high: f.high, unit: f.unit, currency: f.currency, period: f.period, note: f.note }),
  relations: {
    channel: {
      many: false,
      target: 'leverage-channels',
      schema: ChannelSummarySchema,
      load: async (db, ids) => oneToOne('channelId')(ids, await db.figure.findMany({ where: { id: { in: [...ids] } }, select: { id: true, channelId: true, channel: { select: channelSummarySelect } } }), (r) => r.channel)
    },
    event: {
      many: false,
      target: 'events',
      schema: EventSummarySchema,
      load: async (db, ids) => oneToOne('eventId')(ids, await db.figure.findMany({ where: { id: { in: [...ids] } }, select: { id: true, eventId: true, event: true } }), (r) => eventSummary(r.event))
    },
    agreement: {
      many: false,
      target: 'agreements',
      schema: AgreementSummarySchema,
      load: async (db, ids) => oneToOne('agreementId')(ids, await db.figure.findMany({ where: { id: { in: [...ids] } }, select: { id: true, agreementId: true, agreement: true } }), (r) => agreementSummary(r.agreement))
    },
    actor: {
      many: false,
      target: 'actors',
      schema: ActorSummarySchema,
      load: async (db, ids) => oneToOne('actorId')(ids, await db.figure.findMany({ where: { id: { in: [...ids] } }, select: { id: true, actorId: true, actor: { select: actorSummarySelect } } }), (r) => r.actor)
    }
  }
})
