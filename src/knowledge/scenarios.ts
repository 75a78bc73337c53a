import { z } from 'zod'
import { ScenarioSeedSchema } from '../seed/schemas'
import { Prisma, type Scenario } from '../generated/prisma/client'
import { matchesText, TextFilterSchema } from './text-search'
import { defineResource } from './resource'
import { claimSummarySelect, ClaimSummarySchema, groupBy, ScenarioSummarySchema } from './summaries'

export const ScenarioSchema = ScenarioSummarySchema.extend({
  summary: z.string(),
  conditions: z.array(z.string()).describe('When the paper expects this scenario'),
  expectedBehaviour: z.array(z.string()).describe('What Russia would do')
}).meta({ id: 'Scenario' })

export const ScenarioFilterSchema = z.object({
  q: TextFilterSchema.optional()
})

export const scenarios = defineResource<Scenario, typeof ScenarioFilterSchema.shape>({
  name: 'scenarios',
  noun: 'scenario',
  description: 'The three concluding scenarios',
  table: 'scenarios',
  fields: Prisma.ScenarioScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: 'scenarioId',
  search: { title: Prisma.sql`t.title`, text: [Prisma.sql`t.title`, Prisma.sql`t.summary`, Prisma.sql`nullif(immutable_array_to_string(t.conditions, ' · '), '')`, Prisma.sql`nullif(immutable_array_to_string(t.expected_behaviour, ' · '), '')`] },
  facets: {},
  curation: {
    file: 'scenarios.yaml',
    schema: ScenarioSeedSchema,
    fields: ['number', 'title', 'summary', 'conditions', 'expectedBehaviour']
  },
  filter: ScenarioFilterSchema,
  where: async (_db, f) => matchesText(f.q),
  sorts: { number: { field: 'number', type: 'integer' } },
  defaultSort: 'number',
  schema: ScenarioSchema,
  toRecord: (s) => ({ id: s.id, slug: s.slug, number: s.number, title: s.title, summary: s.summary, conditions: s.conditions, expectedBehaviour: s.expectedBehaviour }),
  relations: {
    claims: {
      many: true,
      target: 'claims',
      schema: ClaimSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.claimScenario.findMany({ where: { scenarioId: { in: [...ids] } }, orderBy: { claimId: 'asc' }, include: { claim: { select: claimSummarySelect } } }),
        (r) => r.scenarioId, (r) => r.claim)
    }
  }
})
