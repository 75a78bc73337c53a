import { z } from 'zod'
import type { Footnote, Passage } from '../generated/prisma/client'
import { matchesText, TextFilterSchema } from './filters'
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
  delegate: (db) => ({
    findMany: async (args: object) => await db.footnote.findMany({ ...args, include: { passage: true } }),
    findFirst: async (args: object) => await db.footnote.findFirst({ ...args, include: { passage: true } }),
    count: async (args: object) => await db.footnote.count(args)
  }),
  key: { field: 'number', schema: z.number().int() },
  evidence: null,
  filter: FootnoteFilterSchema,
  where: async (db, f) => [
    // A footnote's text is its passage's.
    await matchesText(db, 'passages', f.q, 'passageId'),
    f.kind !== undefined ? { kind: { in: f.kind } } : {},
    f.source !== undefined ? { sources: { some: { source: { slug: f.source } } } } : {}
  ],
  sorts: { number: { field: 'number' } },
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
