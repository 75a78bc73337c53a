import { z } from 'zod'
import type { Claim } from '../generated/prisma/client'
import { citesFootnote, citesSource, matchesText, resolveActor, TextFilterSchema } from './filters'
import { defineResource } from './resource'
import { ActorSummarySchema, actorSummarySelect, channelSummarySelect, ChannelSummarySchema, ClaimSummarySchema, groupBy, scenarioSummarySelect, ScenarioSummarySchema } from './summaries'

export const ClaimSchema = ClaimSummarySchema.meta({ id: 'Claim' })

export const ClaimFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  section: z.string().max(300).optional().describe('Claims of this section (heading as printed, or "Introduction")'),
  scenario: z.string().max(200).optional().describe('Claims about this scenario (slug)'),
  channel: z.string().max(200).optional().describe('Claims about this leverage channel (slug)'),
  actor: z.string().max(200).optional().describe('Claims about this actor (slug or alias)'),
  footnote: z.number().int().min(1).max(10000).optional(),
  source: z.string().max(200).optional()
})

export const claims = defineResource<Claim, typeof ClaimFilterSchema.shape>({
  name: 'claims',
  noun: 'claim',
  delegate: (db) => db.claim,
  key: { field: 'slug', schema: z.string() },
  evidence: 'claims',
  filter: ClaimFilterSchema,
  where: async (db, f) => [
    await matchesText(db, 'claims', f.q),
    f.section !== undefined ? { section: f.section } : {},
    f.scenario !== undefined ? { scenarios: { some: { scenario: { slug: f.scenario } } } } : {},
    f.channel !== undefined ? { channels: { some: { channel: { slug: f.channel } } } } : {},
    f.actor !== undefined ? { actors: { some: { actorId: await resolveActor(db, 'actor', f.actor) } } } : {},
    f.footnote !== undefined ? citesFootnote(f.footnote) : {},
    f.source !== undefined ? citesSource(f.source) : {}
  ],
  sorts: { id: { field: 'id' }, section: { field: 'section' } },
  defaultSort: 'id',
  schema: ClaimSchema,
  toRecord: (c) => ({ id: c.id, slug: c.slug, section: c.section, text: c.text }),
  relations: {
    scenarios: {
      many: true,
      schema: ScenarioSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimScenario.findMany({ where: { claimId: { in: [...ids] } }, orderBy: { scenarioId: 'asc' }, include: { scenario: { select: scenarioSummarySelect } } }),
        (r) => r.claimId, (r) => r.scenario)
    },
    channels: {
      many: true,
      schema: ChannelSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimChannel.findMany({ where: { claimId: { in: [...ids] } }, orderBy: { channelId: 'asc' }, include: { channel: { select: channelSummarySelect } } }),
        (r) => r.claimId, (r) => r.channel)
    },
    actors: {
      many: true,
      schema: ActorSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimActor.findMany({ where: { claimId: { in: [...ids] } }, orderBy: { actorId: 'asc' }, include: { actor: { select: actorSummarySelect } } }),
        (r) => r.claimId, (r) => r.actor)
    }
  }
})
