import { z } from 'zod'
import { Prisma, type Passage } from '../generated/prisma/client'
import { PassageKindSchema } from '../seed/paper'
import { anyOf, equals } from './conditions'
import { matchesText, TextFilterSchema } from './text-search'
import { defineResource } from './resource'
import { PassageSummarySchema } from './summaries'

export const PassageSchema = PassageSummarySchema.extend({
  text: z.string(),
  footnoteNumbers: z.array(z.number().int()).describe('Footnote markers in this paragraph, in order'),
  footnoteNumber: z.number().int().nullable().describe('For a footnote passage: its number'),
  lines: z.object({ start: z.number().int(), end: z.number().int() }).describe('Lines in seed/lukin-2016-russia-north-korea.txt')
}).meta({ id: 'Passage' })

export const PassageFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  kind: z.array(PassageKindSchema).optional(),
  section: z.string().max(300).optional().describe('Heading as printed'),
  footnote: z.number().int().min(1).max(10000).optional().describe('Paragraphs that carry this footnote marker')
})

export const passages = defineResource<Passage & { footnote: { number: number } | null }, typeof PassageFilterSchema.shape>({
  name: 'passages',
  noun: 'passage',
  description: 'The paper\'s text, paragraph by paragraph',
  table: 'passages',
  fields: Prisma.PassageScalarFieldEnum,
  joined: Prisma.sql`(SELECT json_build_object('number', f.number) FROM footnotes f WHERE f.passage_id = t.id) AS "footnote"`,
  key: { field: 'ordinal', schema: z.number().int() },
  evidence: null,
  search: {
    title: Prisma.sql`CASE WHEN f.number IS NOT NULL THEN 'Footnote ' || f.number
      ELSE coalesce(t.section, CASE t.kind WHEN 'body' THEN 'Introduction' ELSE 'Front matter' END) || ', paragraph ' || t.paragraph END`,
    text: [Prisma.sql`t.text`],
    from: Prisma.sql`LEFT JOIN footnotes f ON f.passage_id = t.id`
  },
  facets: { kind: 'kind' },
  filter: PassageFilterSchema,
  where: async (db, f) => [
    ...matchesText(f.q),
    ...anyOf('kind', f.kind),
    ...equals('section', f.section),
    ...(f.footnote !== undefined ? [Prisma.sql`${f.footnote}::int = ANY(t.footnote_numbers)`] : [])
  ],
  sorts: { ordinal: { field: 'ordinal', type: 'integer' } },
  defaultSort: 'ordinal',
  schema: PassageSchema,
  toRecord: (p) => ({
    id: p.id,
    ordinal: p.ordinal,
    kind: p.kind,
    section: p.section,
    paragraph: p.paragraph,
    text: p.text,
    footnoteNumbers: p.footnoteNumbers,
    footnoteNumber: p.footnote?.number ?? null,
    lines: { start: p.lineStart, end: p.lineEnd }
  }),
  relations: {}
})
