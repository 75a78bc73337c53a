import { z } from 'zod'
import { LeverageChannelSeedSchema } from '../seed/schemas'
import { Prisma, type LeverageChannel } from '../generated/prisma/client'
import { LeverageChannelKindSchema } from '../seed/schemas'
import { anyOf, citesFootnote, citesSource, linked, resolveActors, SlugListSchema } from './conditions'
import { matchesText, TextFilterSchema } from './text-search'
import { defineResource } from './resource'
import { ActorSummarySchema, actorSummarySelect, agreementSummary, AgreementSummarySchema, claimSummarySelect, ClaimSummarySchema, eventSummary, EventSummarySchema, figureSummarySelect, FigureSummarySchema, groupBy } from './summaries'

export const LeverageChannelSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  name: z.string(),
  kind: LeverageChannelKindSchema,
  ordinal: z.number().int().describe('Order in the paper'),
  description: z.string()
}).meta({ id: 'LeverageChannel' })

export const LeverageChannelFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  kind: z.array(LeverageChannelKindSchema).optional(),
  actor: SlugListSchema.optional().describe('Channels involving every one of these actors'),
  figureCurrency: z.string().regex(/^[A-Z]{3}$/).optional().describe('Channels with at least one figure in this currency, e.g. USD'),
  footnote: z.number().int().min(1).max(10000).optional(),
  source: z.string().max(200).optional()
})

export const leverageChannels = defineResource<LeverageChannel, typeof LeverageChannelFilterSchema.shape>({
  name: 'leverage-channels',
  noun: 'leverage channel',
  description: 'Russia\'s channels of leverage over the DPRK',
  table: 'leverage_channels',
  fields: Prisma.LeverageChannelScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: 'channelId',
  search: { title: Prisma.sql`t.name`, text: [Prisma.sql`t.name`, Prisma.sql`t.description`] },
  facets: { kind: 'kind' },
  curation: {
    file: 'leverage-channels.yaml',
    schema: LeverageChannelSeedSchema,
    fields: ['name', 'kind', 'ordinal', 'description'],
    refs: {
      actors: { kind: 'actors', link: { table: 'channel_actors', owner: 'channelId', target: 'actorId' } }
    }
  },
  filter: LeverageChannelFilterSchema,
  where: async (db, f) => {
    const actorIds = await resolveActors(db, 'actor', f.actor)
    return [
      ...matchesText(f.q),
      ...(actorIds ?? []).flatMap((actorId) => linked('channel_actors', 'channel_id', 'actor_id', actorId)),
      ...anyOf('kind', f.kind),
      ...(f.figureCurrency !== undefined ? [Prisma.sql`EXISTS (SELECT 1 FROM figures x WHERE x.channel_id = t.id AND x.currency = ${f.figureCurrency}::text)`] : []),
      ...citesFootnote('channel_id', f.footnote),
      ...citesSource('channel_id', f.source)
    ]
  },
  sorts: { ordinal: { field: 'ordinal', type: 'integer' }, name: { field: 'name', type: 'text' }, id: { field: 'id', type: 'integer' } },
  defaultSort: 'ordinal',
  schema: LeverageChannelSchema,
  toRecord: (c) => ({ id: c.id, slug: c.slug, name: c.name, kind: c.kind, ordinal: c.ordinal, description: c.description }),
  relations: {
    figures: {
      many: true,
      target: 'figures',
      schema: FigureSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.figure.findMany({ where: { channelId: { in: [...ids] } }, orderBy: { id: 'asc' }, select: { ...figureSummarySelect, channelId: true } }),
        (r) => r.channelId, ({ channelId, ...f }) => f)
    },
    actors: {
      many: true,
      target: 'actors',
      schema: ActorSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.channelActor.findMany({ where: { channelId: { in: [...ids] } }, orderBy: { actorId: 'asc' }, include: { actor: { select: actorSummarySelect } } }),
        (r) => r.channelId, (r) => r.actor)
    },
    events: {
      many: true,
      target: 'events',
      schema: EventSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.eventChannel.findMany({ where: { channelId: { in: [...ids] } }, orderBy: [{ event: { dateEarliest: 'asc' } }, { eventId: 'asc' }], include: { event: true } }),
        (r) => r.channelId, (r) => eventSummary(r.event))
    },
    agreements: {
      many: true,
      target: 'agreements',
      schema: AgreementSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.agreementChannel.findMany({ where: { channelId: { in: [...ids] } }, orderBy: { agreementId: 'asc' }, include: { agreement: true } }),
        (r) => r.channelId, (r) => agreementSummary(r.agreement))
    },
    claims: {
      many: true,
      target: 'claims',
      schema: ClaimSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimChannel.findMany({ where: { channelId: { in: [...ids] } }, orderBy: { claimId: 'asc' }, include: { claim: { select: claimSummarySelect } } }),
        (r) => r.channelId, (r) => r.claim)
    }
  }
})
