// Full-text search across every kind of knowledge and the paper's passages, in one ranked query.
// Each searchable table has a stored, weighted `search` tsvector with a GIN index
// (prisma/migrations/20261127010000_full_text_search); queries use websearch syntax: "a phrase",
// OR, -word. Shared by REST (/v1/search) and GraphQL.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { columnOf, type PrismaClient } from '../db/prisma'
import { queryRows } from '../db/sql'
import { resources } from './index'
import type { ResourceDefinition } from './resource'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'
import { assertSearchable, SearchTextSchema, tsquery } from './text-search'
import { checkPageSize, Int4Schema, pageOf, readCursor, writeCursor, type Page } from './pagination'

/** The kinds search looks in: those whose definition says how to show a hit. */
const SEARCHED = resources.filter((def) => def.search !== undefined)
export const SEARCH_KINDS = SEARCHED.map((def) => def.name) as [string, ...string[]]
export const SearchKindSchema = z.enum(SEARCH_KINDS)
export type SearchKind = z.infer<typeof SearchKindSchema>

export const SearchHitSchema = z.object({
  kind: SearchKindSchema.describe('The collection the record belongs to: GET /v1/{kind}/{key}'),
  id: z.number().int(),
  key: z.string().describe('The record\'s slug, or for a passage its ordinal'),
  title: z.string(),
  snippet: z.string().describe('HTML-escaped excerpt with the matching words in <mark>…</mark>'),
  rank: z.number().describe('ts_rank_cd relevance (higher is better), comparable across kinds')
}).meta({ id: 'SearchHit' })
export type SearchHit = z.infer<typeof SearchHitSchema>

export interface SearchQuery {
  q: string
  kinds?: readonly SearchKind[]
  limit: number
  cursor?: string
}

/** A record's evidence quotes, which search also reads (weighted lowest), for its snippet. */
function quotesOf (def: ResourceDefinition): Prisma.Sql[] {
  if (def.evidence === null) return []
  return [Prisma.sql`(SELECT string_agg(e.quote, ' · ' ORDER BY e.position) FROM evidence e WHERE e.${Prisma.raw(`"${columnOf(def.evidence)}"`)} = t.id)`]
}

/**
 * Per kind, for a hit on the page: its key, title and the text the snippet is cut from (what
 * `search` indexes, in reading order, the evidence quotes last; linked records' names are left to
 * their own hits). Table and column names are constants; only `q` and the cursor come from the
 * user, and they travel as bind parameters.
 */
const RECORDS = new Map(SEARCHED.map((def) => {
  const { title, text, from } = def.search!
  return [def.name, Prisma.sql`SELECT t.id, t.${Prisma.raw(`"${def.key.field}"`)}::text AS key, ${title} AS title,
    concat_ws(' · ', ${Prisma.join([...text, ...quotesOf(def)], ', ')}) AS body FROM ${Prisma.raw(`"${def.table}"`)} t ${from ?? Prisma.empty}`]
}))

// Sentinels around matches, so that the text can be HTML-escaped before they become <mark> tags.
const START = '\u0002'
const STOP = '\u0003'
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`

function escapeHtml (s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function snippetHtml (headline: string): string {
  return escapeHtml(headline).replaceAll(START, '<mark>').replaceAll(STOP, '</mark>')
}

const CursorSchema = z.strictObject({ f: z.string(), r: z.number(), k: SearchKindSchema, id: Int4Schema })

/** Ties a cursor to the query it pages through. */
function fingerprint (q: string, kinds: readonly SearchKind[]): string {
  return createHash('sha256').update(JSON.stringify([q, [...kinds].sort()])).digest('base64url').slice(0, 12)
}

function encodeSearchCursor (print: string, hit: Pick<SearchHit, 'rank' | 'kind' | 'id'>): string {
  return writeCursor({ f: print, r: hit.rank, k: hit.kind, id: hit.id } satisfies z.infer<typeof CursorSchema>)
}

/** The cursor that continues `query` just after `hit`: what page.nextCursor is for a page's last hit. GraphQL gives one to every edge. */
export function searchCursor (query: Pick<SearchQuery, 'q' | 'kinds'>, hit: Pick<SearchHit, 'rank' | 'kind' | 'id'>): string {
  return encodeSearchCursor(fingerprint(query.q.trim(), kindsOf(query.kinds)), hit)
}

function kindsOf (kinds: readonly SearchKind[] | undefined): SearchKind[] {
  return kinds !== undefined && kinds.length > 0 ? [...new Set(kinds)] : [...SEARCH_KINDS]
}

function decodeSearchCursor (cursor: string, print: string): z.infer<typeof CursorSchema> {
  const payload = readCursor(cursor, CursorSchema)
  if (payload.f !== print) throw new InvalidInputError('cursor', 'cursor belongs to another search; repeat the same q and kind')
  return payload
}

/**
 * Ranked hits for `q` across the asked-for kinds (all by default), best first: ts_rank_cd with
 * length normalisation (1), ties broken by kind and id so that cursors are stable.
 */
export async function search (db: PrismaClient, query: SearchQuery): Promise<Page<SearchHit>> {
  const parsed = SearchTextSchema.safeParse(query.q)
  if (!parsed.success) throw new InvalidInputError('q', parsed.error.issues[0]!.message)
  const q = parsed.data
  checkPageSize(query.limit)
  const kinds = kindsOf(query.kinds)
  const print = fingerprint(q, kinds)
  const after = query.cursor !== undefined ? decodeSearchCursor(query.cursor, print) : undefined

  // The tsquery (synonyms expanded) computed once per statement and read as a one-row subquery: and
  // the planner, not knowing how many rows it matches, reads each table through its GIN index (a
  // common word would otherwise tempt it into testing every row of a large table).
  const terms = Prisma.sql`(SELECT terms FROM query)`
  // Every match is ranked (ranks are compared across kinds), but as (kind, id, rank) only, read
  // from the stored vectors; the page's records are read, and their snippets cut, only for the
  // limit + 1 hits that survive the sort.
  const matches = kinds.map((kind) => Prisma.sql`
    SELECT ${kind}::text AS kind, t.id, ts_rank_cd(t.search, ${terms}, 1)::float8 AS rank
    FROM ${Prisma.raw(`"${resources.find((def) => def.name === kind)!.table}"`)} t WHERE t.search @@ ${terms}`)
  const records = kinds.map((kind) => Prisma.sql`
    SELECT r.key, r.title, r.body FROM (${RECORDS.get(kind)!}) r WHERE p.kind = ${kind}::text AND r.id = p.id`)
  const rows = await queryRows<Omit<SearchHit, 'snippet'> & { snippet: string, total: number }>(db, Prisma.sql`
    WITH query AS MATERIALIZED (SELECT ${tsquery(q)} AS terms),
    hits AS (${Prisma.join(matches, ' UNION ALL ')}),
    page AS (
      SELECT hits.*, (SELECT count(*) FROM hits)::int AS total FROM hits
      ${after !== undefined ? Prisma.sql`WHERE rank < ${after.r}::float8 OR (rank = ${after.r}::float8 AND (kind, id) > (${after.k}::text, ${after.id}::int))` : Prisma.empty}
      ORDER BY rank DESC, kind, id
      LIMIT ${query.limit + 1}
    )
    SELECT p.kind, p.id, r.key, r.title, p.rank, p.total,
           ts_headline('english', search_plain(r.body), ${terms}, ${HEADLINE_OPTIONS}) AS snippet
    FROM page p CROSS JOIN LATERAL (${Prisma.join(records, ' UNION ALL ')}) r
    ORDER BY p.rank DESC, p.kind, p.id`)

  if (rows.length === 0 && after === undefined) await assertSearchable(db, 'q', q)
  const page = pageOf(rows, query.limit, (last) => encodeSearchCursor(print, last))
  return {
    data: page.rows.map(({ total, snippet, ...hit }) => ({ ...hit, snippet: snippetHtml(snippet) })),
    // Counted before the cursor applies: every page reports all hits.
    page: { limit: query.limit, total: rows[0]?.total ?? 0, nextCursor: page.nextCursor }
  }
}
