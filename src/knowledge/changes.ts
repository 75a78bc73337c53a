// The audit trail as a feed: every create, update and delete, oldest first, for dashboards and
// mirrors to sync from. Keyset-paged by the change id, which only grows.
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { checkPageSize, pageOf, readCursor, writeCursor } from './pagination'

export const ChangeActionSchema = z.enum(['create', 'update', 'delete'])

export const ChangeSchema = z.object({
  id: z.string().describe('Increasing; pass the last one seen as `since` to resume'),
  at: z.string(),
  by: z.string().describe('The name of the API key that made the change'),
  kind: z.string(),
  recordId: z.number().int(),
  slug: z.string(),
  action: ChangeActionSchema,
  before: z.unknown().describe('The record as GET returned it before the change; null for a create'),
  after: z.unknown().describe('The record after the change; null for a delete')
}).meta({ id: 'Change' })

export type Change = z.infer<typeof ChangeSchema>

export interface ChangesQuery { since?: string, limit: number, cursor?: string }

const CursorSchema = z.strictObject({ c: z.string().regex(/^\d{1,18}$/) })

function encode (id: bigint): string {
  return writeCursor({ c: id.toString() } satisfies z.infer<typeof CursorSchema>)
}

function decode (cursor: string): bigint {
  return BigInt(readCursor(cursor, CursorSchema).c)
}

/** `since` is a change id (changes after it) or an ISO time (changes at or after it); anything else is a 400. */
export function parseSince (since: string): { id: bigint } | { at: Date } {
  if (/^\d{1,18}$/.test(since)) return { id: BigInt(since) }
  const at = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(since) ? new Date(since) : new Date(NaN)
  if (Number.isNaN(at.getTime())) throw new InvalidInputError('since', 'use a change id or an ISO 8601 time (2026-11-27 or 2026-11-27T19:00:00Z)')
  return { at }
}

function sinceWhere (since: string | undefined): Record<string, unknown> {
  if (since === undefined) return {}
  const parsed = parseSince(since)
  return 'id' in parsed ? { id: { gt: parsed.id } } : { at: { gte: parsed.at } }
}

type ChangeRow = Awaited<ReturnType<PrismaClient['change']['findMany']>>[number]

function toChange (r: ChangeRow): Change {
  return { id: r.id.toString(), at: r.at.toISOString(), by: r.keyName, kind: r.kind, recordId: r.recordId, slug: r.slug, action: r.action as Change['action'], before: r.before, after: r.after }
}

/** The changes of these ids, in the order given (the live streams' notification order); ids not found are left out. */
export async function changesByIds (db: PrismaClient, ids: bigint[]): Promise<Change[]> {
  const rows = new Map((await db.change.findMany({ where: { id: { in: ids } } })).map((r) => [r.id, r]))
  return ids.flatMap((id) => { const row = rows.get(id); return row !== undefined ? [toChange(row)] : [] })
}

export async function listChanges (db: PrismaClient, query: ChangesQuery): Promise<{ data: Change[], page: { limit: number, nextCursor: string | null } }> {
  checkPageSize(query.limit)
  const after = query.cursor !== undefined ? { id: { gt: decode(query.cursor) } } : {}
  const rows = await db.change.findMany({ where: { AND: [sinceWhere(query.since), after] }, orderBy: { id: 'asc' }, take: query.limit + 1 })
  const page = pageOf(rows, query.limit, (last) => encode(last.id))
  return { data: page.rows.map(toChange), page: { limit: query.limit, nextCursor: page.nextCursor } }
}
