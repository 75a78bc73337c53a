import { z } from 'zod'
import { Prisma, type Footnote, type Passage } from '../generated/prisma/client'
import { anyOf, linked, TextFilterSchema, tsquery } from './filters'
import { defineResource } from './resource'
import { groupBy, PassageSummarySchema, SourceSummarySchema, sourceSummarySelect } from './summaries'

export const FootnoteSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  kind: z.enum(['citation', 'comment', 'mixed']),
  text: z.string().describe('The footnote as printed'),
  note: z.string().nullable()
}).meta({ id: 'Footnote' })

export const FootnoteFilterSchema = z.object({
  q: TextFilterSchema.optional().describe('Full-text search in the footnote\'s text, web-search syntax as in /v1/search'),
  kind: z.array(z.enum(['citation', 'comment', 'mixed'])).optional(),
  source: z.string().max(200).optional().describe('Footnotes citing this source (slug)')
})

export const footnotes = defineResource<Footnote & { passage: Passage }, typeof FootnoteFilterSchema.shape>({
  name: 'footnotes',
  noun: 'footnote',
  // Footnote text lives in its passage; every read of a footnote needs it.
  table: 'footnotes',
  fields: Prisma.FootnoteScalarFieldEnum,
  joined: Prisma.sql`(SELECT json_build_object('text', p.text) FROM passages p WHERE p.id = t.passage_id) AS "passage"`,
  key: { field: 'number', schema: z.number().int() },
  evidence: null,
  filter: FootnoteFilterSchema,
  where: async (db, f) => [
    // A footnote's text is its passage's.
    ...(f.q !== undefined ? [Prisma.sql`EXISTS (SELECT 1 FROM passages p WHERE p.id = t.passage_id AND p.search @@ ${tsquery(f.q)})`] : []),
    ...anyOf('kind', f.kind),
    ...linked('footnote_sources', 'footnote_id', 'source_id', f.source, 'sources')
  ],
  sorts: { number: { field: 'number', type: 'integer' } },
  defaultSort: 'number',
  schema: FootnoteSchema,
  toRecord: (f) => ({ id: f.id, number: f.number, kind: f.kind, text: f.passage.text, note: f.note }),
  relations: {
    sources: {
      many: true,
      schema: SourceSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.footnoteSource.findMany({ where: { footnoteId: { in: [...ids] } }, orderBy: { position: 'asc' }, include: { source: { select: sourceSummarySelect } } }),
        (r) => r.footnoteId, (r) => r.source)
    },
    passage: {
      many: false,
      schema: PassageSummarySchema,
      load: async (db, ids) => {
        const rows = await db.footnote.findMany({ where: { id: { in: [...ids] } }, select: { id: true, passage: { select: { id: true, ordinal: true, kind: true, section: true, paragraph: true } } } })
        return new Map(ids.map((id) => [id, rows.find((r) => r.id === id)?.passage ?? null]))
      }
    }
  }
})
