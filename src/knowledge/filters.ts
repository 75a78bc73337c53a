// Filter pieces more than one kind of knowledge uses: date overlap that respects precision, actors
// by slug or any alias, provenance (records whose evidence cites a footnote or a source), and
// full-text matching (the `q` filter; src/knowledge/search.ts ranks across kinds).
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'
import { bounds } from '../seed/dates'

export const PartialDateSchema = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'use YYYY, YYYY-MM or YYYY-MM-DD')
export const SlugListSchema = z.array(z.string().min(1).max(200)).max(20)

/**
 * A record dated "2014" covers 2014-01-01..2014-12-31 and matches any range it overlaps:
 * `from=2014-06` finds it, `to=2013` does not. Undated records match no date filter.
 */
export function dateOverlap (from: string | undefined, to: string | undefined): Record<string, unknown>[] {
  const where: Record<string, unknown>[] = []
  if (from !== undefined) where.push({ dateLatest: { gte: bounds(from)[0] } })
  if (to !== undefined) where.push({ dateEarliest: { lte: bounds(to)[1] } })
  if (from !== undefined && to !== undefined && bounds(from)[0] > bounds(to)[1]) {
    throw new InvalidInputError('from', `from (${from}) is after to (${to})`)
  }
  return where
}

/** What a user may type into a full-text search: web-search syntax, at most 200 characters. */
export const SearchTextSchema = z.string().trim().min(1, 'q must not be empty').max(200, 'q must be at most 200 characters')
  .describe('Words to find, in web-search syntax: "a phrase", either OR other, -excluded. English stemming: "sanction" finds "sanctions".')

/** The user's words as a tsquery, with the typography normalised as in the indexed text. A bind parameter, never spliced. */
export function tsquery (q: string): Prisma.Sql {
  return Prisma.sql`websearch_to_tsquery('english', search_plain(${q}::text))`
}

/** Throws when `q` has nothing to search for (only stop words such as "the", or punctuation). */
export async function assertSearchable (db: PrismaClient, field: string, q: string): Promise<void> {
  const [row] = await db.$queryRaw<Array<{ nodes: number }>>`SELECT numnode(${tsquery(q)}) AS nodes`
  if (row === undefined || row.nodes === 0) throw new InvalidInputError(field, `"${q}" has no words to search for (only stop words or punctuation)`)
}

/** Tables with a full-text `search` column (prisma/migrations/20261127010000_full_text_search). */
export type SearchTable = 'events' | 'agreements' | 'leverage_channels' | 'figures' | 'actors' | 'sources' | 'scenarios' | 'claims' | 'passages'

export const TextFilterSchema = SearchTextSchema.describe('Full-text search in web-search syntax ("a phrase", OR, -word), as in /v1/search; the sort stays as asked')

/**
 * Rows of `table` whose text matches `q`, as a where piece on `field` (the row's id, or a column
 * that points at one: a footnote is found by its passage).
 */
export async function matchesText (db: PrismaClient, table: SearchTable, q: string | undefined, field = 'id'): Promise<Record<string, unknown>> {
  if (q === undefined) return {}
  const rows = await db.$queryRaw<Array<{ id: number }>>`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE search @@ ${tsquery(q)}`
  if (rows.length === 0) await assertSearchable(db, 'q', q)
  return { [field]: { in: rows.map((r) => r.id) } }
}

export function slugify (s: string): string {
  return s.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

/** `dprk`, `north-korea`, `North Korea` and `Pyongyang` all name the same actor. */
export async function resolveActor (db: PrismaClient, field: string, name: string): Promise<number> {
  const wanted = slugify(name)
  const actors = await db.actor.findMany({ select: { id: true, slug: true, name: true, aliases: true } })
  const bySlug = actors.find((a) => a.slug === wanted)
  if (bySlug !== undefined) return bySlug.id
  const byName = actors.filter((a) => [a.name, ...a.aliases].some((n) => slugify(n) === wanted))
  if (byName.length === 1) return byName[0]!.id
  if (byName.length > 1) throw new InvalidInputError(field, `"${name}" names several actors: ${byName.map((a) => a.slug).join(', ')}`)
  throw new InvalidInputError(field, `no actor is called "${name}"`)
}

export async function resolveActors (db: PrismaClient, field: string, names: string[] | undefined): Promise<number[] | undefined> {
  if (names === undefined) return undefined
  return await Promise.all(names.map(async (n) => await resolveActor(db, field, n)))
}

/** Records with a piece of evidence that carries footnote `number`. */
export function citesFootnote (number: number): Record<string, unknown> {
  return { evidence: { some: { footnotes: { some: { footnote: { number } } } } } }
}

/** Records with a piece of evidence whose footnotes cite the source `slug`. */
export function citesSource (slug: string): Record<string, unknown> {
  return { evidence: { some: { footnotes: { some: { footnote: { sources: { some: { source: { slug } } } } } } } } }
}

export function isoDate (d: Date | null): string | null {
  return d === null ? null : d.toISOString().slice(0, 10)
}

export const PaperDateSchema = z.object({
  printed: z.string().nullable().describe('The date exactly as the paper prints it'),
  value: z.string().nullable().describe('Machine form: YYYY, YYYY-MM, YYYY-MM-DD or start/end'),
  precision: z.enum(['day', 'month', 'year', 'range', 'approximate', 'unknown']),
  approximate: z.boolean(),
  basis: z.enum(['text', 'footnote', 'context']).describe('Where the date comes from: the body text, only a footnote, or the context'),
  note: z.string().nullable(),
  earliest: z.string().nullable().describe('First day the date can mean (ISO)'),
  latest: z.string().nullable().describe('Last day the date can mean (ISO)')
}).meta({ id: 'PaperDate' })

export interface DatedRow {
  datePrinted: string | null
  dateValue: string | null
  datePrecision: string
  dateApproximate: boolean
  dateBasis: string
  dateNote: string | null
  dateEarliest: Date | null
  dateLatest: Date | null
}

export function paperDate (r: DatedRow): z.infer<typeof PaperDateSchema> {
  return {
    printed: r.datePrinted,
    value: r.dateValue,
    precision: r.datePrecision as z.infer<typeof PaperDateSchema>['precision'],
    approximate: r.dateApproximate,
    basis: r.dateBasis as z.infer<typeof PaperDateSchema>['basis'],
    note: r.dateNote,
    earliest: isoDate(r.dateEarliest),
    latest: isoDate(r.dateLatest)
  }
}
