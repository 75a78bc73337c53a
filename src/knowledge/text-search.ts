// The `q` filter of every list: what a user may type, the tsquery it becomes (synonyms expanded),
// and the match against a record's stored `search` vector (src/knowledge/search.ts ranks across kinds).
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'

/** What a user may type into a full-text search: web-search syntax, at most 200 characters. */
export const SearchTextSchema = z.string().trim().min(1, 'q must not be empty').max(200, 'q must be at most 200 characters')
  .describe('Words to find, in web-search syntax: "a phrase", either OR other, -excluded. English stemming: "sanction" finds "sanctions"; synonyms count as one ("border" finds "frontier", "DPRK" finds "North Korea"). Records are found by their evidence quotes and the names of what they link to as well.')

/**
 * The user's words as a tsquery: typography normalised as in the indexed text, synonyms expanded
 * (search_query, prisma/migrations/20261206010000_search_evidence_and_links). A scalar subquery, so
 * it is computed once per statement, and `q` a bind parameter, never spliced.
 */
export function tsquery (q: string): Prisma.Sql {
  return Prisma.sql`(SELECT search_query(${q}::text))`
}

/** Throws when `q` has nothing to search for (only stop words such as "the", or punctuation). */
export async function assertSearchable (db: PrismaClient, field: string, q: string): Promise<void> {
  const [row] = await db.$queryRaw<Array<{ nodes: number }>>`SELECT numnode(${tsquery(q)}) AS nodes`
  if (row === undefined || row.nodes === 0) throw new InvalidInputError(field, `"${q}" has no words to search for (only stop words or punctuation)`)
}

export const TextFilterSchema = SearchTextSchema.describe('Full-text search in web-search syntax ("a phrase", OR, -word), as in /v1/search; the sort stays as asked')

/** Records whose own full-text column matches `q` (listRecords tells "no words to search for" apart from "no match"). */
export function matchesText (q: string | undefined): Prisma.Sql[] {
  return q === undefined ? [] : [Prisma.sql`t.search @@ ${tsquery(q)}`]
}
