import { z } from 'zod'
import { ClaimSeedSchema } from '../seed/schemas'
import { Prisma, type Claim } from '../generated/prisma/client'
import { citesFootnote, citesSource, equals, linked, resolveActor } from './conditions'
import { matchesText, TextFilterSchema } from './text-search'
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
  description: 'The paper\'s main analytical claims',
  table: 'claims',
  fields: Prisma.ClaimScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: 'claimId',
  search: { title: Prisma.sql`CASE WHEN length(t.text) <= 140 THEN t.text ELSE rtrim(left(t.text, 139)) || '…' END`, text: [Prisma.sql`t.text`] },
  facets: { section: 'section' },
  curation: {
    file: 'claims.yaml',
    schema: ClaimSeedSchema,
    fields: ['section', 'text'],
    refs: {
      scenarios: { kind: 'scenarios', link: { table: 'claim_scenarios', owner: 'claimId', target: 'scenarioId' } },
      channels: { kind: 'leverage-channels', link: { table: 'claim_channels', owner: 'claimId', target: 'channelId' } },
      actors: { kind: 'actors', link: { table: 'claim_actors', owner: 'claimId', target: 'actorId' } }
    }
  },
  filter: ClaimFilterSchema,
  where: async (db, f) => [
    ...matchesText(f.q),
    ...equals('section', f.section),
    ...linked('claim_scenarios', 'claim_id', 'scenario_id', f.scenario, 'scenarios'),
    ...linked('claim_channels', 'claim_id', 'channel_id', f.channel, 'leverage_channels'),
    ...linked('claim_actors', 'claim_id', 'actor_id', f.actor !== undefined ? await resolveActor(db, 'actor', f.actor) : undefined),
    ...citesFootnote('claim_id', f.footnote),
    ...citesSource('claim_id', f.source)
  ],
  sorts: { id: { field: 'id', type: 'integer' }, section: { field: 'section', type: 'text' } },
  defaultSort: 'id',
  schema: ClaimSchema,
  toRecord: (c) => ({ id: c.id, slug: c.slug, section: c.section, text: c.text }),
  relations: {
    scenarios: {
      many: true,
      target: 'scenarios',
      schema: ScenarioSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimScenario.findMany({ where: { claimId: { in: [...ids] } }, orderBy: { scenarioId: 'asc' }, include: { scenario: { select: scenarioSummarySelect } } }),
        (r) => r.claimId, (r) => r.scenario)
    },
    channels: {
      many: true,
      target: 'leverage-channels',
      schema: ChannelSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimChannel.findMany({ where: { claimId: { in: [...ids] } }, orderBy: { channelId: 'asc' }, include: { channel: { select: channelSummarySelect } } }),
        (r) => r.claimId, (r) => r.channel)
    },
    actors: {
      many: true,
      target: 'actors',
      schema: ActorSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimActor.findMany({ where: { claimId: { in: [...ids] } }, orderBy: { actorId: 'asc' }, include: { actor: { select: actorSummarySelect } } }),
        (r) => r.claimId, (r) => r.actor)
    }
  }
})
