import { z } from 'zod'
import type { Source } from '../generated/prisma/client'
import { SourceKindSchema } from '../seed/schemas'
import { matchesText, TextFilterSchema } from './filters'
import { defineResource } from './resource'
import { FootnoteSummarySchema, groupBy, SourceSummarySchema } from './summaries'

export const SourceSchema = SourceSummarySchema.extend({
  publisher: z.string().nullable(),
  place: z.string().nullable(),
  pages: z.string().nullable(),
  language: z.string(),
  note: z.string().nullable().describe('Oddities of the citation as printed, kept rather than fixed')
}).meta({ id: 'Source' })

/** Sources whose footnotes are carried by the evidence of records matching `record`. */
function citedBy (record: Record<string, unknown>): Record<string, unknown> {
  return { footnotes: { some: { footnote: { evidence: { some: { evidence: record } } } } } }
}

export const SourceFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  kind: z.array(SourceKindSchema).max(20).optional(),
  language: z.string().regex(/^[a-z]{2}$/).optional(),
  footnote: z.number().int().min(1).max(10000).optional().describe('Sources cited in this footnote'),
  event: z.string().max(200).optional().describe('Sources cited for this event (slug)'),
  agreement: z.string().max(200).optional().describe('Sources cited for this agreement (slug)'),
  channel: z.string().max(200).optional().describe('Sources cited for this leverage channel (slug)'),
  claim: z.string().max(200).optional().describe('Sources cited for this claim (slug)')
})

export const sources = defineResource<Source, typeof SourceFilterSchema.shape>({
  name: 'sources',
  noun: 'source',
  delegate: (db) => db.source,
  key: { field: 'slug', schema: z.string() },
  evidence: null,
  filter: SourceFilterSchema,
  where: async (db, f) => [
    await matchesText(db, 'sources', f.q),
    f.kind !== undefined ? { kind: { in: f.kind } } : {},
    f.language !== undefined ? { language: f.language } : {},
    f.footnote !== undefined ? { footnotes: { some: { footnote: { number: f.footnote } } } } : {},
    f.event !== undefined ? citedBy({ event: { slug: f.event } }) : {},
    f.agreement !== undefined ? citedBy({ agreement: { slug: f.agreement } }) : {},
    f.channel !== undefined ? citedBy({ channel: { slug: f.channel } }) : {},
    f.claim !== undefined ? citedBy({ claim: { slug: f.claim } }) : {}
  ],
  sorts: { id: { field: 'id' }, title: { field: 'title', nullable: true }, date: { field: 'date', nullable: true } },
  defaultSort: 'id',
  schema: SourceSchema,
  toRecord: (s) => ({ id: s.id, slug: s.slug, kind: s.kind, authors: s.authors, title: s.title, publication: s.publication, publisher: s.publisher, place: s.place, date: s.date, pages: s.pages, url: s.url, language: s.language, note: s.note }),
  relations: {
    footnotes: {
      many: true,
      schema: FootnoteSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.footnoteSource.findMany({ where: { sourceId: { in: [...ids] } }, orderBy: { footnote: { number: 'asc' } }, include: { footnote: { include: { passage: { select: { text: true } } } } } }),
        (r) => r.sourceId, (r) => ({ number: r.footnote.number, kind: r.footnote.kind, text: r.footnote.passage.text }))
    }
  }
})
