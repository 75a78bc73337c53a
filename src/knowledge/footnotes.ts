import { z } from 'zod'
import { Prisma, type Footnote, type Passage } from '../generated/prisma/client'
import { FootnoteKindSchema } from '../seed/schemas'
import { anyOf, linked } from './conditions'
import { DateBoundSchema, dateFilter, isoDate, UndatedSchema } from './date-filters'
import { TextFilterSchema, tsquery } from './text-search'
import { defineResource } from './resource'
import { groupBy, PassageSummarySchema, SourceSummarySchema, sourceSummarySelect } from './summaries'

export const FootnoteSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  kind: FootnoteKindSchema,
  text: z.string().describe('The footnote as printed'),
  published: z.object({
    earliest: z.string().nullable().describe('First day the earliest cited source\'s date can mean (ISO)'),
    latest: z.string().nullable().describe('Last day the latest cited source\'s date can mean (ISO)')
  }).meta({ id: 'FootnoteDates' }).describe('The span of the cited sources\' dates; null when none is dated'),
  note: z.string().nullable()
}).meta({ id: 'Footnote' })

export const FootnoteFilterSchema = z.object({
  q: TextFilterSchema.optional().describe('Full-text search in the footnote\'s text, web-search syntax as in /v1/search'),
  from: DateBoundSchema.optional().describe('Footnotes whose cited sources\' dates reach this day or later (YYYY, YYYY-MM or YYYY-MM-DD)'),
  to: DateBoundSchema.optional().describe('Footnotes whose cited sources\' dates reach this day or earlier'),
  undated: UndatedSchema.optional(),
  kind: z.array(FootnoteKindSchema).optional(),
  source: z.string().max(200).optional().describe('Footnotes citing this source (slug)')
})

export const footnotes = defineResource<Footnote & { passage: Passage }, typeof FootnoteFilterSchema.shape>({
  name: 'footnotes',
  noun: 'footnote',
  description: 'The paper\'s 30 footnotes',
  // Footnote text lives in its passage; every read of a footnote needs it.
  table: 'footnotes',
  fields: Prisma.FootnoteScalarFieldEnum,
  joined: Prisma.sql`(SELECT json_build_object('text', p.text) FROM passages p WHERE p.id = t.passage_id) AS "passage"`,
  key: { field: 'number', schema: z.number().int() },
  evidence: null,
  facets: { kind: 'kind' },
  filter: FootnoteFilterSchema,
  where: async (db, f) => [
    // A footnote's text is its passage's.
    ...(f.q !== undefined ? [Prisma.sql`EXISTS (SELECT 1 FROM passages p WHERE p.id = t.passage_id AND p.search @@ ${tsquery(f.q)})`] : []),
    ...dateFilter(f.from, f.to, f.undated),
    ...anyOf('kind', f.kind),
    ...linked('footnote_sources', 'footnote_id', 'source_id', f.source, 'sources')
  ],
  sorts: { number: { field: 'number', type: 'integer' }, date: { field: 'dateEarliest', type: 'date', nullable: true, dateIn: 'published' } },
  defaultSort: 'number',
  schema: FootnoteSchema,
  toRecord: (f) => ({ id: f.id, number: f.number, kind: f.kind, text: f.passage.text, published: { earliest: isoDate(f.dateEarliest), latest: isoDate(f.dateLatest) }, note: f.note }),
  relations: {
    sources: {
      many: true,
      target: 'sources',
      schema: SourceSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.footnoteSource.findMany({ where: { footnoteId: { in: [...ids] } }, orderBy: { position: 'asc' }, include: { source: { select: sourceSummarySelect } } }),
        (r) => r.footnoteId, (r) => r.source)
    },
    passage: {
      many: false,
      target: 'passages',
      required: true,
      schema: PassageSummarySchema,
      load: async (db, ids) => {
        const rows = await db.footnote.findMany({ where: { id: { in: [...ids] } }, select: { id: true, passage: { select: { id: true, ordinal: true, kind: true, section: true, paragraph: true } } } })
        return new Map(ids.map((id) => [id, rows.find((r) => r.id === id)?.passage ?? null]))
      }
    }
  }
})
