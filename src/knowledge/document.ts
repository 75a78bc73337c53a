// The paper itself: its bibliographic record and how many passages and footnotes it holds.
// Shared by REST (GET /v1/document) and GraphQL (`document`).
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { NotFoundError } from '../errors'

export const DocumentSchema = z.object({
  slug: z.string(),
  title: z.string(),
  authors: z.array(z.string()),
  authorNote: z.string().nullable(),
  publisher: z.string().nullable(),
  year: z.number().int(),
  url: z.string().nullable(),
  note: z.string().nullable(),
  counts: z.object({ passages: z.number().int(), footnotes: z.number().int() })
}).meta({ id: 'Document', description: 'The paper, its sections and what was drawn from it' })
export type Document = z.infer<typeof DocumentSchema>

export async function getDocument (db: PrismaClient): Promise<Document> {
  const doc = await db.document.findFirst({ include: { _count: { select: { passages: true, footnotes: true } } } })
  if (doc === null) throw new NotFoundError('no document is loaded')
  const { id, _count: counts, ...fields } = doc
  return { ...fields, counts }
}
