// Provenance: for any set of records, the quotes that support them, the paragraph each quote sits
// in, and the footnotes (with their sources) it carries. One batched query set, whatever the count.
import { z } from 'zod'
import { columnOf, type PrismaClient } from '../db/prisma'
import { queryRows } from '../db/sql'
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

/** The column of `evidence` that names the record a piece supports, one per kind with evidence (a kind's `evidence` field). */
export type EvidenceSubject = Exclude<Extract<keyof typeof Prisma.EvidenceScalarFieldEnum, `${string}Id`>, 'passageId' | 'sourceId'>

function subjectColumn (subject: EvidenceSubject): Prisma.Sql {
  return Prisma.raw(`"${columnOf(subject)}"`)
}

/**
 * The evidence of records as PostgreSQL builds it: each piece with its passage, its source (when it
 * quotes one rather than the paper) and its footnotes, the footnotes' sources in the order the
 * paper cites them; `WHERE` picks the evidence (of alias `e`). Through Prisma's `include` this took
 * six statements.
 */
function evidenceList (where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT coalesce(json_agg(json_build_object(
      'quote', e.quote, 'note', e.note,
      'passage', CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'ordinal', p.ordinal, 'kind', p.kind, 'section', p.section, 'paragraph', p.paragraph) END,
      'source', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('slug', s.slug, 'title', s.title, 'url', s.url) END,
      'footnotes', coalesce(notes.list, '[]')
    ) ORDER BY e.position, e.id), '[]')
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
    WHERE ${where}`
}

/** The evidence of the record aliased `t`, as a JSON array: a column of a list's own statement. */
export function evidenceJson (subject: EvidenceSubject): Prisma.Sql {
  return Prisma.sql`(${evidenceList(Prisma.sql`e.${subjectColumn(subject)} = t.id`)})`
}

/** Evidence as PostgreSQL returns it: `source` is left out of the pieces that quote the paper. */
export function evidenceOf (json: unknown): Evidence[] {
  const pieces = json as Array<Evidence & { source: Evidence['source'] | null }>
  for (const piece of pieces) if (piece.source === null) delete piece.source
  return pieces
}

/** The evidence of any number of records, in one statement. */
export async function loadEvidence (db: PrismaClient, subject: EvidenceSubject, ids: readonly number[]): Promise<Map<number, Evidence[]>> {
  const byId = new Map<number, Evidence[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return byId
  const rows = await queryRows<{ id: number, evidence: unknown }>(db, Prisma.sql`
    SELECT r.id, (${evidenceList(Prisma.sql`e.${subjectColumn(subject)} = r.id`)}) AS evidence
    FROM unnest(${[...ids]}::int[]) AS r(id)`)
  for (const row of rows) byId.set(row.id, evidenceOf(row.evidence))
  return byId
}
