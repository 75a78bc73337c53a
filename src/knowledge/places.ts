// Places the paper names: ports, towns, rivers and regions, each with its evidence and the events,
// agreements and channels the paper ties to it.
import { z } from 'zod'
import { Prisma, type Place } from '../generated/prisma/client'
import { EvidenceSchema, SlugSchema } from '../seed/schemas'
import { anyOf, citesFootnote, citesSource, linked } from './conditions'
import { matchesText, TextFilterSchema } from './text-search'
import { defineResource } from './resource'
import { agreementSummary, AgreementSummarySchema, channelSummarySelect, ChannelSummarySchema, eventSummary, EventSummarySchema, groupBy } from './summaries'

export const PlaceKindSchema = z.enum(['city', 'town', 'port', 'river', 'region', 'peninsula', 'industrial-zone'])

export const PlaceSeedSchema = z.strictObject({
  slug: SlugSchema,
  name: z.string().min(1),
  kind: PlaceKindSchema,
  aliases: z.array(z.string().min(1)).default([]),
  description: z.string().optional(),
  events: z.array(SlugSchema).default([]),
  agreements: z.array(SlugSchema).default([]),
  channels: z.array(SlugSchema).default([]),
  evidence: z.array(EvidenceSchema).min(1)
})

export const PlaceSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  name: z.string().describe('As the paper prints it'),
  kind: PlaceKindSchema,
  aliases: z.array(z.string()).describe('Other names the paper prints'),
  description: z.string().nullable()
}).meta({ id: 'Place' })

export const PlaceFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  kind: z.array(PlaceKindSchema).max(10).optional(),
  event: z.string().max(200).optional().describe('Places of this event (slug)'),
  agreement: z.string().max(200).optional().describe('Places of this agreement (slug)'),
  channel: z.string().max(200).optional().describe('Places of this leverage channel (slug)'),
  footnote: z.number().int().min(1).max(10000).optional(),
  source: z.string().max(200).optional()
})

export const places = defineResource<Place, typeof PlaceFilterSchema.shape>({
  name: 'places',
  noun: 'place',
  description: 'Ports, towns, rivers and regions the paper names',
  table: 'places',
  fields: Prisma.PlaceScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: 'placeId',
  search: { title: Prisma.sql`t.name`, text: [Prisma.sql`t.name`, Prisma.sql`nullif(immutable_array_to_string(t.aliases, ', '), '')`, Prisma.sql`t.description`] },
  facets: { kind: 'kind' },
  curation: {
    file: 'places.yaml',
    schema: PlaceSeedSchema,
    fields: ['name', 'kind', 'aliases', 'description'],
    refs: {
      events: { kind: 'events', link: { table: 'place_events', owner: 'placeId', target: 'eventId' } },
      agreements: { kind: 'agreements', link: { table: 'place_agreements', owner: 'placeId', target: 'agreementId' } },
      channels: { kind: 'leverage-channels', link: { table: 'place_channels', owner: 'placeId', target: 'channelId' } }
    }
  },
  filter: PlaceFilterSchema,
  where: async (_db, f) => [
    ...matchesText(f.q),
    ...anyOf('kind', f.kind),
    ...linked('place_events', 'place_id', 'event_id', f.event, 'events'),
    ...linked('place_agreements', 'place_id', 'agreement_id', f.agreement, 'agreements'),
    ...linked('place_channels', 'place_id', 'channel_id', f.channel, 'leverage_channels'),
    ...citesFootnote('place_id', f.footnote),
    ...citesSource('place_id', f.source)
  ],
  sorts: { name: { field: 'name', type: 'text' }, kind: { field: 'kind', type: 'text' }, id: { field: 'id', type: 'integer' } },
  defaultSort: 'name',
  schema: PlaceSchema,
  toRecord: (p) => ({ id: p.id, slug: p.slug, name: p.name, kind: p.kind, aliases: p.aliases, description: p.description }),
  relations: {
    events: {
      many: true,
      target: 'events',
      schema: EventSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.placeEvent.findMany({ where: { placeId: { in: [...ids] } }, orderBy: [{ event: { dateEarliest: 'asc' } }, { eventId: 'asc' }], include: { event: true } }),
        (r) => r.placeId, (r) => eventSummary(r.event))
    },
    agreements: {
      many: true,
      target: 'agreements',
      schema: AgreementSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.placeAgreement.findMany({ where: { placeId: { in: [...ids] } }, orderBy: { agreementId: 'asc' }, include: { agreement: true } }),
        (r) => r.placeId, (r) => agreementSummary(r.agreement))
    },
    channels: {
      many: true,
      target: 'leverage-channels',
      schema: ChannelSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.placeChannel.findMany({ where: { placeId: { in: [...ids] } }, orderBy: { channelId: 'asc' }, include: { channel: { select: channelSummarySelect } } }),
        (r) => r.placeId, (r) => r.channel)
    }
  }
})
