import { z } from 'zod'
import { Prisma, type Source } from '../generated/prisma/client'
import { SourceKindSchema, SourceSeedSchema } from '../seed/schemas'
import { anyOf, equals } from './conditions'
import { citationDateOf, CitationDateSchema, DateBoundSchema, dateFilter, UndatedSchema } from './date-filters'
import { matchesText, TextFilterSchema } from './text-search'
import { defineResource } from './resource'
import { FootnoteSummarySchema, groupBy, SourceSummarySchema } from './summaries'

export const SourceSchema = SourceSummarySchema.extend({
  publisher: z.string().nullable(),
  place: z.string().nullable(),
  pages: z.string().nullable(),
  published: CitationDateSchema.describe('The printed date (`date`) in machine form, for from/to and sort=date'),
  language: z.string().nullable().describe('ISO 639-1; null where the paper states no language'),
  note: z.string().nullable().describe('Oddities of the citation as printed, kept rather than fixed')
}).meta({ id: 'Source' })

/** Sources whose footnotes are carried by the evidence of records matching `record`. */
/** Sources cited, through a footnote the evidence carries, for the record of `table` with this slug. */
function citedBy (subject: string, table: string, slug: string | undefined): Prisma.Sql[] {
  if (slug === undefined) return []
  return [Prisma.sql`EXISTS (SELECT 1 FROM footnote_sources fs JOIN evidence_footnotes ef ON ef.footnote_id = fs.footnote_id
    JOIN evidence e ON e.id = ef.evidence_id JOIN ${Prisma.raw(`"${table}"`)} o ON o.id = e.${Prisma.raw(`"${subject}"`)}
    WHERE fs.source_id = t.id AND o.slug = ${slug}::text)`]
}

export const SourceFilterSchema = z.object({
  q: TextFilterSchema.optional(),
  from: DateBoundSchema.optional().describe('Sources whose printed date overlaps this day or later (YYYY, YYYY-MM or YYYY-MM-DD)'),
  to: DateBoundSchema.optional().describe('Sources whose printed date overlaps this day or earlier'),
  undated: UndatedSchema.optional(),
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
  description: 'Works the footnotes cite',
  table: 'sources',
  fields: Prisma.SourceScalarFieldEnum,
  key: { field: 'slug', schema: z.string() },
  evidence: null,
  search: { title: Prisma.sql`coalesce(t.title, t.publication, t.slug)`, text: [Prisma.sql`nullif(immutable_array_to_string(t.authors, ', '), '')`, Prisma.sql`t.title`, Prisma.sql`t.publication`, Prisma.sql`t.publisher`, Prisma.sql`t.date`, Prisma.sql`t.note`] },
  facets: { kind: 'kind', language: 'language' },
  curation: {
    file: 'sources.yaml',
    schema: SourceSeedSchema,
    fields: ['kind', 'authors', 'title', 'publication', 'publisher', 'place', 'pages', 'url', 'language', 'note'],
    date: 'citation',
    // The paper's footnotes cite sources, and evidence quotes them: curation cannot rewrite the paper, nor leave evidence without its source.
    otherReferrers: async (tx, id) => [
      ...(await tx.footnote.findMany({ where: { sources: { some: { sourceId: id } } }, select: { number: true } })).map((f) => ({ kind: 'footnotes', slug: String(f.number), via: 'sources' })),
      ...(await tx.evidence.findMany({ where: { sourceId: id }, select: { id: true } })).map((e) => ({ kind: 'evidence', slug: String(e.id), via: 'source' }))
    ]
  },
  filter: SourceFilterSchema,
  where: async (db, f) => [
    ...matchesText(f.q),
    ...dateFilter(f.from, f.to, f.undated),
    ...anyOf('kind', f.kind),
    ...equals('language', f.language),
    ...(f.footnote !== undefined ? [Prisma.sql`EXISTS (SELECT 1 FROM footnote_sources fs JOIN footnotes f ON f.id = fs.footnote_id WHERE fs.source_id = t.id AND f.number = ${f.footnote}::int)`] : []),
    ...citedBy('event_id', 'events', f.event),
    ...citedBy('agreement_id', 'agreements', f.agreement),
    ...citedBy('channel_id', 'leverage_channels', f.channel),
    ...citedBy('claim_id', 'claims', f.claim)
  ],
  sorts: { id: { field: 'id', type: 'integer' }, title: { field: 'title', type: 'text', nullable: true }, date: { field: 'dateEarliest', type: 'date', nullable: true, dateIn: 'published' } },
  defaultSort: 'id',
  schema: SourceSchema,
  toRecord: (s) => ({ id: s.id, slug: s.slug, kind: s.kind, authors: s.authors, title: s.title, publication: s.publication, publisher: s.publisher, place: s.place, date: s.date, pages: s.pages, url: s.url, published: citationDateOf(s), language: s.language, note: s.note }),
  relations: {
    footnotes: {
      many: true,
      target: 'footnotes',
      schema: FootnoteSummarySchema,
      load: async (db, ids) => groupBy(ids, await db.footnoteSource.findMany({ where: { sourceId: { in: [...ids] } }, orderBy: { footnote: { number: 'asc' } }, include: { footnote: { include: { passage: { select: { text: true } } } } } }),
        (r) => r.sourceId, (r) => ({ number: r.footnote.number, kind: r.footnote.kind, text: r.footnote.passage.text }))
    }
  }
})
