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
import { citationDateColumns, dateColumns } from '../seed/load-seed'
import { normalizeText } from '../seed/paper'
import {
  ActorSeedSchema, AgreementSeedSchema, ClaimSeedSchema, EventSeedSchema, EvidenceSchema as SeedEvidenceSchema, FigureSeedSchema,
  LeverageChannelSeedSchema, ScenarioSeedSchema, SlugSchema, SourceSeedSchema
} from '../seed/schemas'
import type { EvidenceSubject } from './evidence'
import { actors, agreements, claims, events, figures, leverageChannels, scenarios, sources } from './index'
import { getRecord, type KnowledgeRecord, type ResourceDefinition } from './resource'

type Tx = Prisma.TransactionClient
type Row = Record<string, unknown>

/** Evidence as the seed gives it (a verbatim quote of the paper with its footnotes), or a quote of a source. */
export const WriteEvidenceSchema = SeedEvidenceSchema.extend({
  quote: z.string().min(3).max(4000),
  source: SlugSchema.optional().describe('A source (slug) the quote comes from; without it the quote must be verbatim from the paper')
}).meta({ id: 'EvidenceQuote' })

type WriteEvidence = z.infer<typeof WriteEvidenceSchema>

/** A record that refers to the one being deleted. */
export interface Referrer { kind: string, slug: string, via: string }

interface Writable<S extends z.ZodObject = z.ZodObject> {
  def: ResourceDefinition
  /** The Prisma delegate's name. */
  model: 'event' | 'agreement' | 'leverageChannel' | 'figure' | 'actor' | 'source' | 'scenario' | 'claim'
  /** The create input: the seed schema, with evidence that may cite a source. */
  input: S
  /** The record's own columns for the fields present in `input`. */
  columns: (tx: Tx, input: Row) => Promise<Row>
  /** Replaces the relations present in `input`. */
  links?: (tx: Tx, id: number, input: Row) => Promise<void>
  /** Records that point at this one; a delete is refused while any exist, unless cascaded. */
  referrers: (tx: Tx, id: number) => Promise<Referrer[]>
  /** Removes those references (links are deleted, optional foreign keys set to null); false when they cannot be removed. */
  detach: ((tx: Tx, id: number) => Promise<void>) | null
}

function withEvidence<S extends z.ZodObject> (schema: S, min: number): z.ZodObject {
  if (!('evidence' in schema.shape)) return schema
  const list = z.array(WriteEvidenceSchema).max(50)
  return schema.extend({ evidence: min > 0 ? list.min(min) : list.default([]) })
}

/** PATCH input: every field but the slug (which names the record and never changes), none required, no defaults filled in. */
export function patchSchema (input: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(Object.entries(input.shape).filter(([k]) => k !== 'slug').map(([k, s]) => {
    const bare = s instanceof z.ZodDefault ? s.unwrap() as z.ZodType : s as z.ZodType
    return [k, bare.optional()]
  }))
  return z.strictObject(shape)
}

async function idsOf (tx: Tx, model: 'actor' | 'agreement' | 'leverageChannel' | 'event' | 'scenario' | 'source', field: string, slugs: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(slugs)]
  const delegate = tx[model] as unknown as { findMany: (args: unknown) => Promise<Array<{ id: number, slug: string }>> }
  const rows = unique.length > 0 ? await delegate.findMany({ where: { slug: { in: unique } }, select: { id: true, slug: true } }) : []
  const ids = new Map(rows.map((r) => [r.slug, r.id]))
  const missing = unique.filter((s) => !ids.has(s))
  if (missing.length > 0) throw new InvalidInputError(field, `no ${model === 'leverageChannel' ? 'leverage channel' : model} ${missing.map((s) => `"${s}"`).join(', ')}`)
  return ids
}

async function idOf (tx: Tx, model: 'actor' | 'agreement' | 'leverageChannel' | 'event', field: string, slug: string | null | undefined): Promise<number | null | undefined> {
  if (slug === undefined || slug === null) return slug
  return (await idsOf(tx, model, field, [slug])).get(slug)!
}

/** The fields present in `input`, and only those: a PATCH leaves the others alone. */
function pick (input: Row, fields: string[]): Row {
  return Object.fromEntries(fields.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]))
}

async function replaceLinks (tx: Tx, table: string, owner: Row, rows: Row[]): Promise<void> {
  const delegate = (tx as unknown as Record<string, { deleteMany: (a: unknown) => Promise<unknown>, createMany: (a: unknown) => Promise<unknown> }>)[table]!
  await delegate.deleteMany({ where: owner })
  if (rows.length > 0) await delegate.createMany({ data: rows.map((r) => ({ ...owner, ...r })), skipDuplicates: true })
}

type Linkable = 'actor' | 'agreement' | 'leverageChannel' | 'scenario'
const LINK_COLUMN: Record<Linkable, string> = { actor: 'actorId', agreement: 'agreementId', leverageChannel: 'channelId', scenario: 'scenarioId' }

/** Replaces the owner's links to records of `model` named by slug, when the input names them. */
async function linkSlugs (tx: Tx, table: string, owner: Row, model: Linkable, field: string, slugs: unknown): Promise<void> {
  if (slugs === undefined) return
  const ids = await idsOf(tx, model, field, slugs as string[])
  await replaceLinks(tx, table, owner, [...ids.values()].map((id) => ({ [LINK_COLUMN[model]]: id })))
}

/** Replaces the owner's actors in their roles (`[{ actor, role, note }]`), when the input names them. */
async function linkActorRoles (tx: Tx, table: string, owner: Row, field: string, links: unknown): Promise<void> {
  if (links === undefined) return
  const list = links as Array<{ actor: string, role: string, note?: string }>
  const ids = await idsOf(tx, 'actor', field, list.map((a) => a.actor))
  await replaceLinks(tx, table, owner, list.map((a) => ({ actorId: ids.get(a.actor), role: a.role, note: a.note ?? null })))
}

async function countRefs (rows: Promise<Array<{ slug: string }>>, kind: string, via: string): Promise<Referrer[]> {
  return (await rows).map((r) => ({ kind, slug: r.slug, via }))
}

const date = (input: Row): Row => 'date' in input ? dateColumns((input.date ?? null) as Parameters<typeof dateColumns>[0]) : {}

export const writables: Writable[] = [
  {
    def: events,
    model: 'event',
    input: withEvidence(EventSeedSchema, 1),
    columns: async (_tx, i) => ({ ...pick(i, ['title', 'summary', 'category']), ...date(i) }),
    links: async (tx, id, i) => {
      await linkActorRoles(tx, 'eventActor', { eventId: id }, 'actors', i.actors)
      await linkSlugs(tx, 'eventAgreement', { eventId: id }, 'agreement', 'agreements', i.agreements)
      await linkSlugs(tx, 'eventChannel', { eventId: id }, 'leverageChannel', 'channels', i.channels)
    },
    referrers: async (tx, id) => countRefs(tx.figure.findMany({ where: { eventId: id }, select: { slug: true } }), 'figures', 'event'),
    detach: async (tx, id) => { await tx.figure.updateMany({ where: { eventId: id }, data: { eventId: null } }) }
  },
  {
    def: agreements,
    model: 'agreement',
    input: withEvidence(AgreementSeedSchema, 1),
    columns: async (_tx, i) => ({ ...pick(i, ['title', 'kind', 'status', 'statusNote', 'terms']), ...date(i) }),
    links: async (tx, id, i) => {
      await linkActorRoles(tx, 'agreementParty', { agreementId: id }, 'parties', i.parties)
      await linkSlugs(tx, 'agreementChannel', { agreementId: id }, 'leverageChannel', 'channels', i.channels)
    },
    referrers: async (tx, id) => [
      ...await countRefs(tx.event.findMany({ where: { agreements: { some: { agreementId: id } } }, select: { slug: true } }), 'events', 'agreements'),
      ...await countRefs(tx.figure.findMany({ where: { agreementId: id }, select: { slug: true } }), 'figures', 'agreement')
    ],
    detach: async (tx, id) => {
      await tx.eventAgreement.deleteMany({ where: { agreementId: id } })
      await tx.figure.updateMany({ where: { agreementId: id }, data: { agreementId: null } })
    }
  },
  {
    def: leverageChannels,
    model: 'leverageChannel',
    input: withEvidence(LeverageChannelSeedSchema, 1),
    columns: async (_tx, i) => pick(i, ['name', 'kind', 'ordinal', 'description']),
    links: async (tx, id, i) => { await linkSlugs(tx, 'channelActor', { channelId: id }, 'actor', 'actors', i.actors) },
    referrers: async (tx, id) => [
      ...await countRefs(tx.event.findMany({ where: { channels: { some: { channelId: id } } }, select: { slug: true } }), 'events', 'channels'),
      ...await countRefs(tx.agreement.findMany({ where: { channels: { some: { channelId: id } } }, select: { slug: true } }), 'agreements', 'channels'),
      ...await countRefs(tx.claim.findMany({ where: { channels: { some: { channelId: id } } }, select: { slug: true } }), 'claims', 'channels'),
      ...await countRefs(tx.figure.findMany({ where: { channelId: id }, select: { slug: true } }), 'figures', 'channel')
    ],
    detach: async (tx, id) => {
      await tx.eventChannel.deleteMany({ where: { channelId: id } })
      await tx.agreementChannel.deleteMany({ where: { channelId: id } })
      await tx.claimChannel.deleteMany({ where: { channelId: id } })
      await tx.figure.updateMany({ where: { channelId: id }, data: { channelId: null } })
    }
  },
  {
    def: figures,
    model: 'figure',
    input: withEvidence(FigureSeedSchema, 1),
    columns: async (tx, i) => ({
      ...pick(i, ['kind', 'measure', 'printed', 'value', 'low', 'high', 'unit', 'currency', 'period', 'note']),
      ...('channel' in i ? { channelId: await idOf(tx, 'leverageChannel', 'channel', i.channel as string | null) } : {}),
      ...('event' in i ? { eventId: await idOf(tx, 'event', 'event', i.event as string | null) } : {}),
      ...('agreement' in i ? { agreementId: await idOf(tx, 'agreement', 'agreement', i.agreement as string | null) } : {}),
      ...('actor' in i ? { actorId: await idOf(tx, 'actor', 'actor', i.actor as string | null) } : {})
    }),
    referrers: async () => [],
    detach: async () => {}
  },
  {
    def: actors,
    model: 'actor',
    input: withEvidence(ActorSeedSchema, 0),
    columns: async (tx, i) => ({
      ...pick(i, ['name', 'kind', 'aliases', 'role', 'description']),
      ...('affiliation' in i ? { affiliationId: (await idOf(tx, 'actor', 'affiliation', i.affiliation as string | undefined)) ?? null } : {})
    }),
    referrers: async (tx, id) => [
      ...await countRefs(tx.event.findMany({ where: { actors: { some: { actorId: id } } }, select: { slug: true } }), 'events', 'actors'),
      ...await countRefs(tx.agreement.findMany({ where: { parties: { some: { actorId: id } } }, select: { slug: true } }), 'agreements', 'parties'),
      ...await countRefs(tx.leverageChannel.findMany({ where: { actors: { some: { actorId: id } } }, select: { slug: true } }), 'leverage-channels', 'actors'),
      ...await countRefs(tx.claim.findMany({ where: { actors: { some: { actorId: id } } }, select: { slug: true } }), 'claims', 'actors'),
      ...await countRefs(tx.figure.findMany({ where: { actorId: id }, select: { slug: true } }), 'figures', 'actor'),
      ...await countRefs(tx.actor.findMany({ where: { affiliationId: id }, select: { slug: true } }), 'actors', 'affiliation')
    ],
    detach: async (tx, id) => {
      await tx.eventActor.deleteMany({ where: { actorId: id } })
      await tx.agreementParty.deleteMany({ where: { actorId: id } })
      await tx.channelActor.deleteMany({ where: { actorId: id } })
      await tx.claimActor.deleteMany({ where: { actorId: id } })
      await tx.figure.updateMany({ where: { actorId: id }, data: { actorId: null } })
      await tx.actor.updateMany({ where: { affiliationId: id }, data: { affiliationId: null } })
    }
  },
  {
    def: sources,
    model: 'source',
    input: SourceSeedSchema,
    columns: async (_tx, i) => ({
      ...pick(i, ['kind', 'authors', 'title', 'publication', 'publisher', 'place', 'pages', 'url', 'language', 'note']),
      ...('date' in i ? citationDateColumns((i.date ?? null) as string | null) : {})
    }),
    referrers: async (tx, id) => [
      ...(await tx.footnote.findMany({ where: { sources: { some: { sourceId: id } } }, select: { number: true } })).map((f) => ({ kind: 'footnotes', slug: String(f.number), via: 'sources' })),
      ...(await tx.evidence.findMany({ where: { sourceId: id }, select: { id: true } })).map((e) => ({ kind: 'evidence', slug: String(e.id), via: 'source' }))
    ],
    // The paper's footnotes cite sources; curation cannot rewrite the paper, nor leave evidence without its source.
    detach: null
  },
  {
    def: scenarios,
    model: 'scenario',
    input: withEvidence(ScenarioSeedSchema, 1),
    columns: async (_tx, i) => pick(i, ['number', 'title', 'summary', 'conditions', 'expectedBehaviour']),
    referrers: async (tx, id) => countRefs(tx.claim.findMany({ where: { scenarios: { some: { scenarioId: id } } }, select: { slug: true } }), 'claims', 'scenarios'),
    detach: async (tx, id) => { await tx.claimScenario.deleteMany({ where: { scenarioId: id } }) }
  },
  {
    def: claims,
    model: 'claim',
    input: withEvidence(ClaimSeedSchema, 1),
    columns: async (_tx, i) => pick(i, ['section', 'text']),
    links: async (tx, id, i) => {
      await linkSlugs(tx, 'claimScenario', { claimId: id }, 'scenario', 'scenarios', i.scenarios)
      await linkSlugs(tx, 'claimChannel', { claimId: id }, 'leverageChannel', 'channels', i.channels)
      await linkSlugs(tx, 'claimActor', { claimId: id }, 'actor', 'actors', i.actors)
    },
    referrers: async () => [],
    detach: async () => {}
  }
]

export function writableOf (name: string): Writable | undefined {
  return writables.find((w) => w.def.name === name)
}

/** The named request schemas of each kind (`EventCreate`, `EventPatch`), made once: a schema id may be registered only once. */
export const writeSchemas = new Map(writables.map((w) => {
  const name = w.def.noun.replace(/(^| )([a-z])/g, (_, __, c: string) => c.toUpperCase())
  return [w.def.name, { create: w.input.meta({ id: `${name}Create` }), patch: patchSchema(w.input).meta({ id: `${name}Patch` }) }]
}))

/** Evidence rows for `subject`, each quote verified against the paper (or attributed to a source). */
async function writeEvidence (tx: Tx, subject: EvidenceSubject, id: number, evidence: WriteEvidence[]): Promise<void> {
  await tx.evidence.deleteMany({ where: { [subject]: id } })
  if (evidence.length === 0) return
  const fromPaper = evidence.some((e) => e.source === undefined)
  const passages = fromPaper ? await tx.passage.findMany({ select: { id: true, text: true }, orderBy: { ordinal: 'asc' } }) : []
  const sourceIds = await idsOf(tx, 'source', 'evidence.source', evidence.flatMap((e) => e.source !== undefined ? [e.source] : []))
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
  return tx[w.model] as never
}

function lookup (idOrSlug: string): Row {
  return /^\d{1,9}$/.test(idOrSlug) ? { id: Number(idOrSlug) } : { slug: idOrSlug }
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
    const { id } = await delegate(tx, w).create({ data: { slug, ...await w.columns(tx, input) }, select: { id: true } })
    await w.links?.(tx, id, input)
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
    await delegate(tx, w).updateMany({ where: { id: row.id }, data: await w.columns(tx, input) })
    await w.links?.(tx, row.id, input)
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
    const referrers = await w.referrers(tx, row.id)
    if (referrers.length > 0) {
      if (!cascade || w.detach === null) {
        throw new ConflictError(`${w.def.noun} "${row.slug}" is referred to by ${referrers.length} record${referrers.length > 1 ? 's' : ''}${w.detach !== null ? '; remove those references first, or delete with cascade=true to unlink them' : ' and cannot be unlinked'}`, { referrers })
      }
      await w.detach(tx, row.id)
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
