import { z } from 'zod'
import { Prisma, type Actor } from '../generated/prisma/client'
import { ActorKindSchema, ActorRoleSchema, ActorSeedSchema } from '../seed/schemas'
import { anyOf, linked, refersTo, slugify } from './conditions'
import { matchesText, TextFilterSchema } from './text-search'
import { defineResource } from './resource'
import { ActorSummarySchema, actorSummarySelect, agreementSummary, AgreementSummarySchema, channelSummarySelect, ChannelSummarySchema, claimSummarySelect, ClaimSummarySchema, eventSummary, EventSummarySchema, figureSummarySelect, FigureSummarySchema, groupBy } from './summaries'

export const ActorSchema = ActorSummarySchema.extend({
  aliases: z.array(z.string()),
  role: z.string().nullable().describe('For people: the role as the paper gives it'),
  description: z.string().nullable()
}).meta({ id: 'Actor' })

export const ActorFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  kind: z.array(ActorKindSchema).max(20).optional(),
  name: z.string().min(1).max(200).refine((s) => slugify(s) !== '', 'has no Latin letters or digits to match (case, accents and punctuation are ignored)').optional().describe('Actors whose name or an alias matches (case and punctuation ignored)'),
  event: z.string().max(200).optional().describe('Actors involved in this event (slug)'),
  agreement: z.string().max(200).optional().describe('Parties to this agreement (slug)'),
  affiliation: z.string().max(200).optional().describe('Actors affiliated with this actor (slug)')
})

export const actors = defineResource<Actor, typeof ActorFilterSchema.shape>({
  name: 'actors',
  noun: 'actor',
  description: 'States, bodies, companies, banks, people',
  table: 'actors',
  fields: Prisma.ActorScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: 'actorId',
  search: { title: Prisma.sql`t.name`, text: [Prisma.sql`t.name`, Prisma.sql`nullif(immutable_array_to_string(t.aliases, ', '), '')`, Prisma.sql`t.role`, Prisma.sql`t.description`] },
  facets: { kind: 'kind' },
  curation: {
    file: 'actors.yaml',
    schema: ActorSeedSchema,
    fields: ['name', 'kind', 'aliases', 'role', 'description'],
    refs: {
      affiliation: { kind: 'actors', column: 'affiliationId' }
    }
  },
  filter: ActorFilterSchema,
  where: async (db, f) => {
    let nameIds: number[] | undefined
    if (f.name !== undefined) {
      const wanted = slugify(f.name)
      const all = await db.actor.findMany({ select: { id: true, slug: true, name: true, aliases: true } })
      nameIds = all.filter((a) => a.slug === wanted || [a.name, ...a.aliases].some((n) => slugify(n).includes(wanted))).map((a) => a.id)
    }
    return [
      ...matchesText(f.q),
      ...(nameIds !== undefined ? [Prisma.sql`t.id = ANY(${nameIds}::int[])`] : []),
      ...anyOf('kind', f.kind),
      ...linked('event_actors', 'actor_id', 'event_id', f.event, 'events'),
      ...linked('agreement_parties', 'actor_id', 'agreement_id', f.agreement, 'agreements'),
      ...refersTo('affiliation_id', 'actors', f.affiliation)
    ]
  },
  sorts: { name: { field: 'name', type: 'text' }, kind: { field: 'kind', type: 'text' }, id: { field: 'id', type: 'integer' } },
  defaultSort: 'name',
  schema: ActorSchema,
  toRecord: (a) => ({ id: a.id, slug: a.slug, name: a.name, kind: a.kind, aliases: a.aliases, role: a.role, description: a.description }),
  relations: {
    affiliation: {
      many: false,
      target: 'actors',
      schema: ActorSummarySchema,
      load: async (db, ids) => {
        const rows = await db.actor.findMany({ where: { id: { in: [...ids] } }, select: { id: true, affiliation: { select: actorSummarySelect } } })
        return new Map(ids.map((id) => [id, rows.find((r) => r.id === id)?.affiliation ?? null]))
      }
    },
    members: {
      many: true,
      target: 'actors',
      schema: ActorSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.actor.findMany({ where: { affiliationId: { in: [...ids] } }, orderBy: { name: 'asc' }, select: { ...actorSummarySelect, affiliationId: true } }),
        (r) => r.affiliationId, ({ affiliationId, ...a }) => a)
    },
    events: {
      many: true,
      target: 'events',
      link: { as: 'event', fields: ['role'] },
      schema: EventSummarySchema.extend({ role: ActorRoleSchema }).meta({ id: 'ActorEvent' }),
      load: async (db, ids) => groupBy(ids, await db.eventActor.findMany({ where: { actorId: { in: [...ids] } }, orderBy: [{ event: { dateEarliest: 'asc' } }, { eventId: 'asc' }, { role: 'asc' }], include: { event: true } }),
        (r) => r.actorId, (r) => ({ ...eventSummary(r.event), role: r.role }))
    },
    agreements: {
      many: true,
      target: 'agreements',
      link: { as: 'agreement', fields: ['role'] },
      schema: AgreementSummarySchema.extend({ role: ActorRoleSchema }).meta({ id: 'ActorAgreement' }),
      load: async (db, ids) => groupBy(ids, await db.agreementParty.findMany({ where: { actorId: { in: [...ids] } }, orderBy: [{ agreementId: 'asc' }, { role: 'asc' }], include: { agreement: true } }),
        (r) => r.actorId, (r) => ({ ...agreementSummary(r.agreement), role: r.role }))
    },
    channels: {
      many: true,
      target: 'leverage-channels',
      schema: ChannelSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.channelActor.findMany({ where: { actorId: { in: [...ids] } }, orderBy: { channelId: 'asc' }, include: { channel: { select: channelSummarySelect } } }),
        (r) => r.actorId, (r) => r.channel)
    },
    figures: {
      many: true,
      target: 'figures',
      schema: FigureSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.figure.findMany({ where: { actorId: { in: [...ids] } }, orderBy: { id: 'asc' }, select: { ...figureSummarySelect, actorId: true } }),
        (r) => r.actorId, ({ actorId, ...f }) => f)
    },
    claims: {
      many: true,
      target: 'claims',
      schema: ClaimSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimActor.findMany({ where: { actorId: { in: [...ids] } }, orderBy: { claimId: 'asc' }, include: { claim: { select: claimSummarySelect } } }),
        (r) => r.actorId, (r) => r.claim)
    }
  }
})
