// Provenance: for any set of records, the quotes that support them, the paragraph each quote sits
// in, and the footnotes (with their sources) it carries. One batched query set, whatever the count.
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'

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
  }),
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

export async function loadEvidence (db: PrismaClient, subject: EvidenceSubject, ids: readonly number[]): Promise<Map<number, Evidence[]>> {
  const column = EVIDENCE_SUBJECTS[subject]
  const byId = new Map<number, Evidence[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return byId
  const rows = await db.evidence.findMany({
    where: { [column]: { in: [...ids] } },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    include: {
      passage: { select: { id: true, ordinal: true, kind: true, section: true, paragraph: true } },
      footnotes: {
        include: { footnote: { select: { number: true, sources: { orderBy: { position: 'asc' }, select: { source: { select: { slug: true, title: true, url: true } } } } } } }
      }
    }
  })
  for (const row of rows) {
    byId.get(row[column]!)?.push({
      quote: row.quote,
      note: row.note,
      passage: row.passage,
      footnotes: row.footnotes
        .map((f) => ({ number: f.footnote.number, sources: f.footnote.sources.map((s) => s.source) }))
        .sort((a, b) => a.number - b.number)
    })
  }
  return byId
}
