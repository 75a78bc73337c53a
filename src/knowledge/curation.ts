// What the seed loader and the write service share about curated kinds, read off each kind's
// `curation` (src/knowledge/resource.ts): their own columns, the references they name by slug,
// the link rows those become, the records that refer to a record, and the order kinds load in.
import { columnOf } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'
import { citationDateColumns, dateColumns } from './paper-dates'
import type { PaperDate } from '../seed/schemas'
import { kindNamed, resources } from './index'
import type { Curation, LinkReference, Reference, Referrer, ResourceDefinition } from './resource'

type Tx = Prisma.TransactionClient
type Row = Record<string, unknown>

export type Curated = ResourceDefinition & { curation: Curation }

/**
 * The curated kinds, each after the kinds its references name (a kind may name its own records):
 * the order the seed loads them in.
 */
export function curatedInLoadOrder (): Curated[] {
  const order: Curated[] = []
  const visit = (def: ResourceDefinition): void => {
    if (def.curation === undefined || order.includes(def as Curated)) return
    for (const ref of Object.values(def.curation.refs ?? {})) if (ref.kind !== def.name) visit(kindNamed(ref.kind))
    order.push(def as Curated)
  }
  resources.forEach(visit)
  return order
}

/**
 * The record's own columns (Prisma fields) for the fields present in `input`: a PATCH leaves the
 * others alone. `all`: every field, absent ones null (the seed rewrites a record whole).
 */
export function ownColumns (curation: Curation, input: Row, all = false): Row {
  const present = (field: string): boolean => all || input[field] !== undefined
  const own = Object.fromEntries(curation.fields.filter(present).map((field) => [field, input[field] ?? null]))
  if (curation.date === undefined || !(all || 'date' in input)) return own
  const date = input.date ?? null
  return { ...own, ...(curation.date === 'paper' ? dateColumns(date as PaperDate | null) : citationDateColumns(date as string | null)) }
}

/** The slugs a reference field names (none when absent or null). */
export function slugsIn (ref: Reference, value: unknown): string[] {
  if (value === undefined || value === null) return []
  const items = Array.isArray(value) ? value : [value]
  return items.map((item) => 'key' in ref && ref.key !== undefined ? (item as Row)[ref.key] as string : item as string)
}

/** Where in the record each slug of a reference field sits, for messages: `actors.0.actor`, `channels.1`, `channel`. */
export function slugPaths (field: string, ref: Reference, value: unknown): Array<{ path: string, slug: string }> {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return [{ path: field, slug: value as string }]
  return slugsIn(ref, value).map((slug, i) => ({ path: 'key' in ref && ref.key !== undefined ? `${field}.${i}.${ref.key}` : `${field}.${i}`, slug }))
}

/** The link rows (Prisma fields) of one owner for a list reference: the target's id and the link's own fields. */
export function linkRows (ref: LinkReference, ownerId: number, value: unknown, idOf: (slug: string) => number): Row[] {
  const { link } = ref
  return ((value ?? []) as unknown[]).map((item) => {
    if (ref.key === undefined) return { [link.owner]: ownerId, [link.target]: idOf(item as string) }
    const { [ref.key]: slug, ...own } = item as Row
    return { [link.owner]: ownerId, [link.target]: idOf(slug as string), ...own }
  })
}

/**
 * Replaces the link rows of the given owners in two statements: one DELETE, one INSERT of rows read
 * with jsonb_populate_recordset (keys are Prisma fields, written to their snake_case columns).
 * Table and column names are constants of the kinds' definitions, never input.
 */
export async function replaceLinks (tx: Tx, link: { table: string, owner: string }, ids: number[], rows: Row[]): Promise<void> {
  const t = Prisma.raw(`"${link.table}"`)
  await tx.$executeRaw`DELETE FROM ${t} WHERE ${Prisma.raw(`"${columnOf(link.owner)}"`)} = ANY(${ids}::int[])`
  if (rows.length === 0) return
  const json = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [columnOf(k), v])))
  const columns = Prisma.raw([...new Set(json.flatMap((r) => Object.keys(r)))].map((c) => `"${c}"`).join(', '))
  // The same link named twice (an actor listed twice in one role) is one link.
  await tx.$executeRaw`INSERT INTO ${t} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${t}, ${JSON.stringify(json)}::jsonb) ON CONFLICT DO NOTHING`
}

/** Ids of records of `kind` by slug, in one statement; a slug that names none is the caller's mistake, named by `field`. */
export async function idsBySlug (tx: Tx, kind: string, field: string, slugs: string[]): Promise<Map<string, number>> {
  const def = kindNamed(kind)
  const unique = [...new Set(slugs)]
  const rows = unique.length > 0 ? await tx.$queryRaw<Array<{ id: number, slug: string }>>`SELECT id, slug FROM ${Prisma.raw(`"${def.table}"`)} WHERE slug = ANY(${unique}::text[])` : []
  const ids = new Map(rows.map((r) => [r.slug, r.id]))
  const missing = unique.filter((s) => !ids.has(s))
  if (missing.length > 0) throw new InvalidInputError(field, `no ${def.noun} ${missing.map((s) => `"${s}"`).join(', ')}`)
  return ids
}

/** Every reference to `kind` from the curated kinds: who refers to its records, and through which field. */
function referencesTo (kind: string): Array<{ owner: ResourceDefinition, field: string, ref: Reference }> {
  return resources.flatMap((owner) => Object.entries(owner.curation?.refs ?? {}).filter(([, ref]) => ref.kind === kind).map(([field, ref]) => ({ owner, field, ref })))
}

/** The records that name this one: through references (which cascade can unlink) and otherwise (which it cannot). */
export async function referrersOf (tx: Tx, def: Curated, id: number): Promise<{ unlinkable: Referrer[], fixed: Referrer[] }> {
  const unlinkable = (await Promise.all(referencesTo(def.name).map(async ({ owner, field, ref }) => {
    const table = Prisma.raw(`"${owner.table}"`)
    const rows = 'column' in ref
      ? await tx.$queryRaw<Array<{ slug: string }>>`SELECT o.slug FROM ${table} o WHERE o.${Prisma.raw(`"${columnOf(ref.column)}"`)} = ${id}::int ORDER BY o.id`
      : await tx.$queryRaw<Array<{ slug: string }>>`SELECT o.slug FROM ${table} o WHERE o.id IN (
          SELECT l.${Prisma.raw(`"${columnOf(ref.link.owner)}"`)} FROM ${Prisma.raw(`"${ref.link.table}"`)} l WHERE l.${Prisma.raw(`"${columnOf(ref.link.target)}"`)} = ${id}::int) ORDER BY o.id`
    return rows.map((r) => ({ kind: owner.name, slug: r.slug, via: field }))
  }))).flat()
  return { unlinkable, fixed: await def.curation.otherReferrers?.(tx, id) ?? [] }
}

/** Removes every reference to this record: its links are deleted, references by column set to null. */
export async function detach (tx: Tx, def: Curated, id: number): Promise<void> {
  for (const { owner, ref } of referencesTo(def.name)) {
    if ('column' in ref) {
      const column = Prisma.raw(`"${columnOf(ref.column)}"`)
      await tx.$executeRaw`UPDATE ${Prisma.raw(`"${owner.table}"`)} SET ${column} = NULL WHERE ${column} = ${id}::int`
    } else {
      await tx.$executeRaw`DELETE FROM ${Prisma.raw(`"${ref.link.table}"`)} WHERE ${Prisma.raw(`"${columnOf(ref.link.target)}"`)} = ${id}::int`
    }
  }
}
