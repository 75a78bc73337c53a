import { z } from 'zod'
import { Prisma, type Agreement } from '../generated/prisma/client'
import { ActorRoleSchema, AgreementKindSchema, AgreementSeedSchema, AgreementStatusSchema } from '../seed/schemas'
import { ActorRoleListSchema, actorsLinked, anyOf, citesFootnote, citesSource, linked, OnlyActorsSchema, SlugListSchema } from './conditions'
import { DateBoundSchema, dateFilter, paperDate, PaperDateSchema, UndatedSchema } from './date-filters'
import { matchesText, TextFilterSchema } from './text-search'
import { defineResource } from './resource'
import { ActorSummarySchema, actorSummarySelect, channelSummarySelect, ChannelSummarySchema, eventSummary, EventSummarySchema, figureSummarySelect, FigureSummarySchema, groupBy } from './summaries'

export const AgreementSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  title: z.string(),
  kind: AgreementKindSchema,
  status: AgreementStatusSchema.describe('Status as the paper describes it'),
  statusNote: z.string().nullable(),
  date: PaperDateSchema,
  terms: z.array(z.string())
}).meta({ id: 'Agreement' })

export const AgreementFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  from: DateBoundSchema.optional().describe('Agreements whose date overlaps this day or later'),
  to: DateBoundSchema.optional().describe('Agreements whose date overlaps this day or earlier'),
  undated: UndatedSchema.optional(),
  actor: SlugListSchema.optional().describe('Agreements with every one of these parties (slug or alias); `name:role` asks for a role'),
  role: ActorRoleListSchema.optional(),
  onlyActors: OnlyActorsSchema.optional(),
  kind: z.array(AgreementKindSchema).max(20).optional(),
  status: z.array(AgreementStatusSchema).max(20).optional(),
  channel: z.string().max(200).optional().describe('Agreements concerning this leverage channel (slug)'),
  footnote: z.number().int().min(1).max(10000).optional(),
  source: z.string().max(200).optional()
})

export const agreements = defineResource<Agreement, typeof AgreementFilterSchema.shape>({
  name: 'agreements',
  noun: 'agreement',
  description: 'Treaties, agreements, UN Security Council resolutions, joint ventures, deals',
  table: 'agreements',
  fields: Prisma.AgreementScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: 'agreementId',
  search: { title: Prisma.sql`t.title`, text: [Prisma.sql`t.title`, Prisma.sql`nullif(immutable_array_to_string(t.terms, ' · '), '')`, Prisma.sql`t.status_note`, Prisma.sql`t.date_printed`, Prisma.sql`t.date_note`] },
  facets: { kind: 'kind', status: 'status' },
  curation: {
    file: 'agreements.yaml',
    schema: AgreementSeedSchema,
    fields: ['title', 'kind', 'status', 'statusNote', 'terms'],
    date: 'paper',
    refs: {
      parties: { kind: 'actors', link: { table: 'agreement_parties', owner: 'agreementId', target: 'actorId' }, key: 'actor' },
      channels: { kind: 'leverage-channels', link: { table: 'agreement_channels', owner: 'agreementId', target: 'channelId' } }
    }
  },
  filter: AgreementFilterSchema,
  where: async (db, f) => {
    return [
      ...matchesText(f.q),
      ...dateFilter(f.from, f.to, f.undated),
      ...await actorsLinked(db, 'agreement_parties', 'agreement_id', f),
      ...anyOf('kind', f.kind),
      ...anyOf('status', f.status),
      ...linked('agreement_channels', 'agreement_id', 'channel_id', f.channel, 'leverage_channels'),
      ...citesFootnote('agreement_id', f.footnote),
      ...citesSource('agreement_id', f.source)
    ]
  },
  sorts: { date: { field: 'dateEarliest', type: 'date', nullable: true }, title: { field: 'title', type: 'text' }, kind: { field: 'kind', type: 'text' }, status: { field: 'status', type: 'text' }, id: { field: 'id', type: 'integer' } },
  defaultSort: 'date',
  schema: AgreementSchema,
  toRecord: (a) => ({ id: a.id, slug: a.slug, title: a.title, kind: a.kind, status: a.status, statusNote: a.statusNote, date: paperDate(a), terms: a.terms }),
  relations: {
    parties: {
      many: true,
      target: 'actors',
      link: { as: 'actor', fields: ['role', 'note'] },
      schema: ActorSummarySchema.extend({ role: ActorRoleSchema, note: z.string().nullable() }).meta({ id: 'AgreementParty' }),
      load: async (db, ids) => groupBy(ids, await db.agreementParty.findMany({ where: { agreementId: { in: [...ids] } }, orderBy: [{ actorId: 'asc' }, { role: 'asc' }], include: { actor: { select: actorSummarySelect } } }),
        (r) => r.agreementId, (r) => ({ ...r.actor, role: r.role, note: r.note }))
    },
    events: {
      many: true,
      target: 'events',
      schema: EventSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.eventAgreement.findMany({ where: { agreementId: { in: [...ids] } }, orderBy: [{ event: { dateEarliest: 'asc' } }, { eventId: 'asc' }], include: { event: true } }),
        (r) => r.agreementId, (r) => eventSummary(r.event))
    },
    channels: {
      many: true,
      target: 'leverage-channels',
      schema: ChannelSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.agreementChannel.findMany({ where: { agreementId: { in: [...ids] } }, orderBy: { channelId: 'asc' }, include: { channel: { select: channelSummarySelect } } }),
        (r) => r.agreementId, (r) => r.channel)
    },
    figures: {
      many: true,
      target: 'figures',
      schema: FigureSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.figure.findMany({ where: { agreementId: { in: [...ids] } }, orderBy: { id: 'asc' }, select: { ...figureSummarySelect, agreementId: true } }),
        (r) => r.agreementId, ({ agreementId, ...f }) => f)
    }
  }
})
