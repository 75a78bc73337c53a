// The one implementation of curating knowledge, shared by REST and GraphQL: create, update and
// delete a record of a writable kind. Input is checked by the seed's own zod schemas (a record
// written here could have come from seed/), relations are named by slug, every fact carries
// evidence that is verified like the seed loader verifies it, the record's version guards against
// lost updates, and each write is recorded in the audit trail in its own transaction.
import { z } from 'zod'
import type { Caller } from '../auth/api-keys'
import type { PrismaClient } from '../db/prisma'
import { ConflictError, InvalidInputError, NotFoundError, StaleVersionError } from '../errors'
import { Prisma } from '../generated/prisma/client'
import { normalizeText } from './quotes'
import { EvidenceSchema as SeedEvidenceSchema, SlugSchema } from '../seed/schemas'
import type { EvidenceSubject } from './evidence'
import { detach, idsBySlug, linkRows, ownColumns, referrersOf, replaceLinks, slugsIn, type Curated } from './curation'
import { resources } from './index'
import { numericId } from './pagination'
import { getRecord, graphqlNames, type KnowledgeRecord } from './resource'

type Tx = Prisma.TransactionClient
type Row = Record<string, unknown>

/** Evidence as the seed gives it (a verbatim quote of the paper with its footnotes), or a quote of a source. */
export const WriteEvidenceSchema = SeedEvidenceSchema.extend({
  quote: z.string().min(3).max(4000),
  source: SlugSchema.optional().describe('A source (slug) the quote comes from; without it the quote must be verbatim from the paper')
}).meta({ id: 'EvidenceQuote' })

type WriteEvidence = z.infer<typeof WriteEvidenceSchema>

export type { Referrer } from './resource'

/** A kind editors can write: its definition, and the input a create takes (the seed's record, with evidence that may cite a source). */
export interface Writable { def: Curated, input: z.ZodObject }

/** The seed's schema, with evidence that may also quote a source; required where the seed requires it. */
function withEvidence (schema: z.ZodObject): z.ZodObject {
  const evidence = schema.shape.evidence
  if (evidence === undefined) return schema
  const list = z.array(WriteEvidenceSchema).max(50)
  return schema.extend({ evidence: evidence instanceof z.ZodDefault ? list.default([]) : list.min(1) })
}

/** PATCH input: every field but the slug (which names the record and never changes), none required, no defaults filled in. */
export function patchSchema (input: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(Object.entries(input.shape).filter(([k]) => k !== 'slug').map(([k, s]) => {
    const bare = s instanceof z.ZodDefault ? s.unwrap() as z.ZodType : s as z.ZodType
    return [k, bare.optional()]
  }))
  return z.strictObject(shape)
}

export const writables: Writable[] = resources.flatMap((def) => def.curation !== undefined ? [{ def: def as Curated, input: withEvidence(def.curation.schema) }] : [])

export function writableOf (name: string): Writable | undefined {
  return writables.find((w) => w.def.name === name)
}

/** The named request schemas of each kind (`EventCreate`, `EventPatch`), made once: a schema id may be registered only once. */
export const writeSchemas = new Map(writables.map((w) => {
  const name = graphqlNames(w.def).type
  return [w.def.name, { create: w.input.meta({ id: `${name}Create` }), patch: patchSchema(w.input).meta({ id: `${name}Patch` }) }]
}))

/** The record's columns for the fields present in `input`, its references by column resolved to ids. */
async function columnsOf (tx: Tx, w: Writable, input: Row): Promise<Row> {
  const { curation } = w.def
  const columns = ownColumns(curation, input)
  for (const [field, ref] of Object.entries(curation.refs ?? {})) {
    if (!('column' in ref) || input[field] === undefined) continue
    const slug = input[field] as string | null
    columns[ref.column] = slug === null ? null : (await idsBySlug(tx, ref.kind, field, [slug])).get(slug)!
  }
  return columns
}

/** Replaces the record's links for the reference lists present in `input`. */
async function writeLinks (tx: Tx, w: Writable, id: number, input: Row): Promise<void> {
  for (const [field, ref] of Object.entries(w.def.curation.refs ?? {})) {
    if (!('link' in ref) || input[field] === undefined) continue
    const ids = await idsBySlug(tx, ref.kind, field, slugsIn(ref, input[field]))
    await replaceLinks(tx, ref.link, [id], linkRows(ref, id, input[field], (slug) => ids.get(slug)!))
  }
}

/** Evidence rows for `subject`, each quote verified against the paper (or attributed to a source). */
async function writeEvidence (tx: Tx, subject: EvidenceSubject, id: number, evidence: WriteEvidence[]): Promise<void> {
  await tx.evidence.deleteMany({ where: { [subject]: id } })
  if (evidence.length === 0) return
  const fromPaper = evidence.some((e) => e.source === undefined)
  const passages = fromPaper ? await tx.passage.findMany({ select: { id: true, text: true }, orderBy: { ordinal: 'asc' } }) : []
  const sourceIds = await idsBySlug(tx, 'sources', 'evidence.source', evidence.flatMap((e) => e.source !== undefined ? [e.source] : []))
  const numbers = [...new Set(evidence.flatMap((e) => e.footnotes))]
  const footnotes = new Map((await tx.footnote.findMany({ where: { number: { in: numbers } }, select: { id: true, number: true } })).map((f) => [f.number, f.id]))
  for (const [position, e] of evidence.entries()) {
    let passageId: number | null = null
    if (e.source === undefined) {
      const needle = normalizeText(e.quote)
      const passage = needle.length >= 3 ? passages.find((p) => p.text.includes(needle)) : undefined
      if (passage === undefined) throw new InvalidInputError(`evidence.${position}.quote`, 'is not a verbatim quote of the paper (markup and whitespace aside); quote it exactly, or name the source it comes from')
      passageId = passage.id
    }
    const missing = e.footnotes.filter((n) => !footnotes.has(n))
    if (missing.length > 0) throw new InvalidInputError(`evidence.${position}.footnotes`, `the paper has no footnote ${missing.join(', ')}`)
    const row = await tx.evidence.create({
      data: { quote: e.quote, note: e.note ?? null, position, passageId, sourceId: e.source !== undefined ? sourceIds.get(e.source)! : null, [subject]: id }
    })
    if (e.footnotes.length > 0) await tx.evidenceFootnote.createMany({ data: [...new Set(e.footnotes)].map((n) => ({ evidenceId: row.id, footnoteId: footnotes.get(n)! })) })
  }
}

export interface WriteResult { record: KnowledgeRecord, version: number }

function delegate (tx: Tx, w: Writable): {
  findFirst: (a: unknown) => Promise<{ id: number, slug: string, version: number } | null>
  create: (a: unknown) => Promise<{ id: number }>
  updateMany: (a: unknown) => Promise<{ count: number }>
  delete: (a: unknown) => Promise<unknown>
} {
  return tx[graphqlNames(w.def).one as keyof Tx] as never
}

function lookup (idOrSlug: string): Row {
  const id = numericId(idOrSlug)
  return id !== null ? { id } : { slug: idOrSlug }
}

function json (record: KnowledgeRecord | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return record === null ? Prisma.DbNull : JSON.parse(JSON.stringify(record)) as Prisma.InputJsonValue
}

async function audit (tx: Tx, caller: Caller, w: Writable, action: 'create' | 'update' | 'delete', row: { id: number, slug: string }, before: KnowledgeRecord | null, after: KnowledgeRecord | null): Promise<void> {
  await tx.change.create({ data: { keyId: caller.id, keyName: caller.name, kind: w.def.name, recordId: row.id, slug: row.slug, action, before: json(before), after: json(after) } })
}

async function transaction<T> (db: PrismaClient, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(work, { timeout: 20_000, maxWait: 10_000 })
  } catch (error) {
    // Two creates racing for one slug: the unique index decides, the loser is told so.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ConflictError('a record with this slug already exists')
    throw error
  }
}

async function current (tx: Tx, w: Writable, idOrSlug: string): Promise<{ id: number, slug: string, version: number }> {
  const row = await delegate(tx, w).findFirst({ where: lookup(idOrSlug), select: { id: true, slug: true, version: true } })
  if (row === null) throw new NotFoundError(`no ${w.def.noun} "${idOrSlug}"`)
  return row
}

/** Bumps the version if it is still `expected` (any, when undefined); the row stays locked until commit. */
async function claimVersion (tx: Tx, w: Writable, row: { id: number, version: number }, expected: number | undefined, columns: Row = {}): Promise<number> {
  const where = expected === undefined ? { id: row.id } : { id: row.id, version: expected }
  const { count } = await delegate(tx, w).updateMany({ where, data: { ...columns, version: { increment: 1 } } })
  if (count === 0) {
    const now = await current(tx, w, String(row.id))
    throw new StaleVersionError(`${w.def.noun} "${now.slug}" is at version ${now.version}, not ${expected}: read it again and reapply your change`, now.version)
  }
  return (expected ?? row.version) + 1
}

async function recordOf (tx: Tx, w: Writable, id: number): Promise<KnowledgeRecord> {
  return await getRecord(w.def, tx as unknown as PrismaClient, String(id))
}

export async function createRecord (db: PrismaClient, caller: Caller, w: Writable, input: Row): Promise<WriteResult> {
  return await transaction(db, async (tx) => {
    const slug = input.slug as string
    if (await delegate(tx, w).findFirst({ where: { slug }, select: { id: true } }) !== null) throw new ConflictError(`${w.def.noun} "${slug}" already exists`, { errors: [{ field: 'slug', message: 'is taken' }] })
    const { id } = await delegate(tx, w).create({ data: { slug, ...await columnsOf(tx, w, input) }, select: { id: true } })
    await writeLinks(tx, w, id, input)
    if (w.def.evidence !== null) await writeEvidence(tx, w.def.evidence, id, (input.evidence ?? []) as WriteEvidence[])
    const after = await recordOf(tx, w, id)
    await audit(tx, caller, w, 'create', { id, slug }, null, after)
    return { record: after, version: 1 }
  })
}

export async function updateRecord (db: PrismaClient, caller: Caller, w: Writable, idOrSlug: string, expected: number | undefined, input: Row): Promise<WriteResult> {
  const fields = Object.keys(input).filter((k) => input[k] !== undefined)
  if (fields.length === 0) throw new InvalidInputError('body', 'name at least one field to change')
  return await transaction(db, async (tx) => {
    const row = await current(tx, w, idOrSlug)
    // The version is claimed first: it locks the row, so a concurrent edit waits and then finds it stale.
    const version = await claimVersion(tx, w, row, expected)
    const before = await recordOf(tx, w, row.id)
    await delegate(tx, w).updateMany({ where: { id: row.id }, data: await columnsOf(tx, w, input) })
    await writeLinks(tx, w, row.id, input)
    if (w.def.evidence !== null && input.evidence !== undefined) await writeEvidence(tx, w.def.evidence, row.id, input.evidence as WriteEvidence[])
    const after = await recordOf(tx, w, row.id)
    await audit(tx, caller, w, 'update', row, before, after)
    return { record: after, version }
  })
}

export async function deleteRecord (db: PrismaClient, caller: Caller, w: Writable, idOrSlug: string, expected: number | undefined, cascade: boolean): Promise<{ id: number, slug: string }> {
  return await transaction(db, async (tx) => {
    const row = await current(tx, w, idOrSlug)
    await claimVersion(tx, w, row, expected)
    const { unlinkable, fixed } = await referrersOf(tx, w.def, row.id)
    const referrers = [...unlinkable, ...fixed]
    if (referrers.length > 0) {
      if (!cascade || fixed.length > 0) {
        throw new ConflictError(`${w.def.noun} "${row.slug}" is referred to by ${referrers.length} record${referrers.length > 1 ? 's' : ''}${fixed.length === 0 ? '; remove those references first, or delete with cascade=true to unlink them' : ' and cannot be unlinked'}`, { referrers })
      }
      await detach(tx, w.def, row.id)
    }
    const before = await recordOf(tx, w, row.id)
    await delegate(tx, w).delete({ where: { id: row.id } })
    await audit(tx, caller, w, 'delete', row, before, null)
    return { id: row.id, slug: row.slug }
  })
}

/** The current version of a record, for its ETag. */
export async function versionOf (db: PrismaClient, w: Writable, id: number): Promise<number | undefined> {
  return (await delegate(db as unknown as Tx, w).findFirst({ where: { id }, select: { id: true, slug: true, version: true } }))?.version
}
