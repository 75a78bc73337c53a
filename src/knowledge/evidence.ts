// Provenance: for any set of records, the quotes that support them, the paragraph each quote sits
// in, and the footnotes (with their sources) it carries. One batched query set, whatever the count.
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { Prisma } from '../generated/prisma/client'

export const SourceRefSchema = z.object({
  slug: z.string(),
  title: z.string().nullable(),
  url: z.string().nullable()
}).meta({ id: 'SourceRef' })

export const EvidenceSchema = z.object({
  quote: z.string(),
  note: z.string().nullable(),
  passage: z.object({
    id: z.number().int(),
    ordinal: z.number().int(),
    kind: z.string(),
    section: z.string().nullable(),
    paragraph: z.number().int()
  }).nullable().describe('The paragraph of the paper holding the quote; null when the quote is from a source'),
  source: SourceRefSchema.optional().describe('Set when the quote is from a source rather than the paper (evidence added by an editor)'),
  footnotes: z.array(z.object({ number: z.number().int(), sources: z.array(SourceRefSchema) }))
}).meta({ id: 'Evidence', description: 'Where a fact comes from: a verbatim quote of the paper, its paragraph, and the footnotes it carries.' })

export type Evidence = z.infer<typeof EvidenceSchema>

export const EVIDENCE_SUBJECTS = {
  events: 'eventId',
  agreements: 'agreementId',
  leverageChannels: 'channelId',
  figures: 'figureId',
  scenarios: 'scenarioId',
  claims: 'claimId',
  actors: 'actorId'
} as const

export type EvidenceSubject = keyof typeof EVIDENCE_SUBJECTS

interface EvidenceRow {
  subjectId: number
  quote: string
  note: string | null
  passage: Evidence['passage']
  source: Evidence['source'] | null
  footnotes: Evidence['footnotes']
}

/**
 * One statement for any number of records (through Prisma's `include` this took six): each piece of
 * evidence with its passage, its source and its footnotes, the footnotes' sources built as JSON by
 * PostgreSQL in the order the paper cites them.
 */
export async function loadEvidence (db: PrismaClient, subject: EvidenceSubject, ids: readonly number[]): Promise<Map<number, Evidence[]>> {
  const column = Prisma.raw(`"${EVIDENCE_SUBJECTS[subject].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}"`)
  const byId = new Map<number, Evidence[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return byId
  const rows = await db.$queryRaw<EvidenceRow[]>`
    SELECT e.${column} AS "subjectId", e.quote, e.note,
      CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'ordinal', p.ordinal, 'kind', p.kind, 'section', p.section, 'paragraph', p.paragraph) END AS passage,
      CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('slug', s.slug, 'title', s.title, 'url', s.url) END AS source,
      coalesce(notes.list, '[]') AS footnotes
    FROM evidence e
    LEFT JOIN passages p ON p.id = e.passage_id
    LEFT JOIN sources s ON s.id = e.source_id
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('number', f.number, 'sources', coalesce(cited.list, '[]')) ORDER BY f.number) AS list
      FROM evidence_footnotes ef JOIN footnotes f ON f.id = ef.footnote_id
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object('slug', fss.slug, 'title', fss.title, 'url', fss.url) ORDER BY fs.position) AS list
        FROM footnote_sources fs JOIN sources fss ON fss.id = fs.source_id WHERE fs.footnote_id = f.id
      ) cited ON true
      WHERE ef.evidence_id = e.id
    ) notes ON true
    WHERE e.${column} = ANY(${[...ids]}::int[])
    ORDER BY e.position, e.id`
  for (const row of rows) {
    byId.get(row.subjectId)?.push({
      quote: row.quote,
      note: row.note,
      passage: row.passage,
      ...(row.source !== null ? { source: row.source } : {}),
      footnotes: row.footnotes
    })
  }
  return byId
}
