// A batched resolver for every relation field: one batched call per field per request, whatever
// the number of parent records. Each calls the owning kind's relation loader (or loadEvidence), then
// fetches the related records whole through their own kind's definition, so that a client can go on
// asking for any of their fields and relations; unless the query asks only for fields the relation
// already carries (`actor { slug name }`), which are then answered from it without another statement.
import type { FieldNode, GraphQLResolveInfo } from 'graphql'
import DataLoader from 'dataloader'
import type { MercuriusContext } from 'mercurius'
import type { PrismaClient } from '../db/prisma'
import { loadEvidence, type Evidence } from '../knowledge/evidence'
import { footnotes, passages } from '../knowledge'
import type { KnowledgeRecord, ResourceDefinition } from '../knowledge/resource'
import { recordsByKey } from './knowledge'
import { fieldsAt } from './selection'

type Query<Obj> = { obj: Obj, info?: GraphQLResolveInfo }
type LoaderFn<Obj, Result> = (queries: Array<Query<Obj>>, context: MercuriusContext) => Promise<Result[]>
/** The answer a parent already holds (undefined: it must be loaded). */
type Held<Obj, Result> = (obj: Obj, info: GraphQLResolveInfo) => Result | undefined
type Loader<Obj, Result> = ((obj: Obj, args: unknown, context: MercuriusContext, info: GraphQLResolveInfo) => Result | Promise<Result>) & { batch: LoaderFn<Obj, Result>, held?: Held<Obj, Result> }

const BATCHES = Symbol('peninsula-kb batches')

/**
 * A field resolver that batches: every call for the field within one tick of one request goes to
 * `fn` at once (DataLoader, one per field per request, on the request's context). Not Mercurius'
 * own loaders: they key each call by a stable stringification of its parent, and a parent here is
 * a whole record with its evidence, so that keying cost more than the rest of the query.
 * A parent that already holds the answer (`held`: a list's records embed their evidence and the
 * relations asked for) is answered at once, without a promise or a place in the batch: in a page
 * of 50 events that is most of the query's ~1,000 relation fields.
 */
function loader<Obj, Result> (fn: LoaderFn<Obj, Result>, held?: Held<Obj, Result>): Loader<Obj, Result> {
  const resolve = (obj: Obj, _args: unknown, context: MercuriusContext, info: GraphQLResolveInfo): Result | Promise<Result> => {
    const known = held?.(obj, info)
    if (known !== undefined) return known
    const scope = context as MercuriusContext & { [BATCHES]?: Map<unknown, DataLoader<Query<Obj>, Result>> }
    const batches = scope[BATCHES] ??= new Map()
    let batch = batches.get(fn)
    if (batch === undefined) {
      batch = new DataLoader<Query<Obj>, Result>(async (queries) => await fn([...queries], context), { cache: false })
      batches.set(fn, batch)
    }
    return batch.load({ obj, info })
  }
  return Object.assign(resolve, { batch: fn, held })
}

/**
 * The fields asked below a relation field (below its `as` field for a link), read once per field
 * of a query: the same `fieldNodes` serve every parent (and, with graphql-jit, every execution).
 */
const askedFields = new WeakMap<readonly FieldNode[], Map<string, Set<string> | null>>()
function asked (nodes: readonly FieldNode[], as?: string): Set<string> | null {
  let byPath = askedFields.get(nodes)
  if (byPath === undefined) askedFields.set(nodes, byPath = new Map())
  const path = as ?? ''
  if (!byPath.has(path)) byPath.set(path, fieldsAt(nodes, as !== undefined ? [as] : []))
  return byPath.get(path) ?? null
}

/** Whether every value carries every field asked of it (a link's own fields do not count: its `role` is not the actor's). */
function carries (fields: Set<string> | null, values: ReadonlyArray<Record<string, unknown>>, linkFields: readonly string[] = []): boolean {
  if (fields === null) return false
  for (const value of values) {
    for (const f of fields) if (f !== '__typename' && (!(f in value) || linkFields.includes(f))) return false
  }
  return true
}

/** Whether every query's values carry every field it asks of them. */
function carried<Obj> (queries: Array<Query<Obj>>, values: Array<ReadonlyArray<Record<string, unknown>>>, as?: string, linkFields: readonly string[] = []): boolean {
  return queries.every((query, i) => query.info !== undefined && carries(asked(query.info.fieldNodes, as), values[i]!, linkFields))
}

/** A related record as the owner's relation loader gives it: the target's summary, plus link fields such as `role`. */
type Summary = Record<string, unknown>

function dbOf (context: MercuriusContext): PrismaClient {
  return context.app.prisma
}

/**
 * `owner.relations[name]` for every parent, each summary paired with the whole record of `target`
 * it names. A parent that already embeds the relation (a single lookup embeds every one) is not
 * loaded again.
 */
async function loadRelated (owner: ResourceDefinition, name: string, target: ResourceDefinition, queries: Array<Query<KnowledgeRecord>>, context: MercuriusContext, as?: string, linkFields: readonly string[] = []): Promise<Array<Array<{ summary: Summary, record: KnowledgeRecord }>>> {
  const db = dbOf(context)
  const missing = queries.filter(({ obj }) => obj[name] === undefined).map(({ obj }) => obj.id)
  const loaded = missing.length > 0 ? await owner.relations[name]!.load(db, missing) : new Map<number, unknown>()
  const summaries = queries.map(({ obj }) => summariesOf(obj[name] ?? loaded.get(obj.id) ?? null))
  if (carried(queries, summaries, as, linkFields)) {
    return summaries.map((list) => list.map((summary) => ({ summary, record: summary as KnowledgeRecord })))
  }
  const key = target.key.field
  const records = await recordsByKey(target, db, summaries.flat().map((s) => s[key]))
  return summaries.map((list) => list.flatMap((summary) => {
    const record = records.get(summary[key])
    return record === undefined ? [] : [{ summary, record }]
  }))
}

/** A relation's value (a list, one summary, or null) as a list of summaries. */
function summariesOf (value: unknown): Summary[] {
  return value === null ? [] : Array.isArray(value) ? value as Summary[] : [value as Summary]
}

/** The relation's summaries a parent embeds, when they carry every field the query asks of them. */
function heldSummaries (name: string, obj: KnowledgeRecord, info: GraphQLResolveInfo, as?: string, linkFields: readonly string[] = []): Summary[] | undefined {
  if (obj[name] === undefined) return undefined
  const list = summariesOf(obj[name])
  return carries(asked(info.fieldNodes, as), list, linkFields) ? list : undefined
}

function relationOf (owner: ResourceDefinition, name: string, many: boolean): void {
  const spec = owner.relations[name]
  if (spec === undefined) throw new Error(`${owner.name} has no relation "${name}"`)
  if (spec.many !== many) throw new Error(`${owner.name}.${name} is a to-${spec.many ? 'many' : 'one'} relation`)
}

/** A to-many relation as the related records themselves: Event.agreements is [Agreement]. */
export function related (owner: ResourceDefinition, name: string, target: ResourceDefinition): Loader<KnowledgeRecord, KnowledgeRecord[]> {
  relationOf(owner, name, true)
  return loader(async (queries, context) => (await loadRelated(owner, name, target, queries, context)).map((list) => list.map(({ record }) => record)),
    (obj, info) => heldSummaries(name, obj, info) as KnowledgeRecord[] | undefined)
}

/** A to-one relation: Figure.channel is a LeverageChannel or null. */
export function relatedOne (owner: ResourceDefinition, name: string, target: ResourceDefinition): Loader<KnowledgeRecord, KnowledgeRecord | null> {
  relationOf(owner, name, false)
  return loader(async (queries, context) => (await loadRelated(owner, name, target, queries, context)).map((list) => list[0]?.record ?? null),
    (obj, info) => { const held = heldSummaries(name, obj, info); return held === undefined ? undefined : (held[0] as KnowledgeRecord | undefined) ?? null })
}

/** For a field the schema declares non-null: a missing record means a broken database, not a null. */
export function required<Obj> (optional: Loader<Obj, KnowledgeRecord | null>): Loader<Obj, KnowledgeRecord> {
  const present = (record: KnowledgeRecord | null): KnowledgeRecord => {
    if (record === null) throw new Error('a record the schema requires is missing')
    return record
  }
  return loader(async (queries, context) => (await optional.batch(queries, context)).map(present),
    (obj, info) => { const held = optional.held?.(obj, info); return held === undefined ? undefined : present(held) })
}

/**
 * A to-many relation whose links say something themselves: Event.actors is [{ role, note, actor }],
 * the link's `fields` beside the related record under `as`.
 */
export function linked (owner: ResourceDefinition, name: string, target: ResourceDefinition, as: string, fields: readonly string[]): Loader<KnowledgeRecord, Summary[]> {
  relationOf(owner, name, true)
  const link = (summary: Summary, record: KnowledgeRecord): Summary => ({ ...Object.fromEntries(fields.map((f) => [f, summary[f] ?? null])), [as]: record })
  return loader(async (queries, context) => (await loadRelated(owner, name, target, queries, context, as, fields))
    .map((list) => list.map(({ summary, record }) => link(summary, record))),
  (obj, info) => heldSummaries(name, obj, info, as, fields)?.map((summary) => link(summary, summary as KnowledgeRecord)))
}

/** Every record's evidence. Records from a list or a lookup already carry theirs. */
export function evidenceOf (def: ResourceDefinition): Loader<KnowledgeRecord, Evidence[]> {
  const subject = def.evidence
  if (subject === null) throw new Error(`${def.name} has no evidence`)
  // Only records without their evidence reach the batch: the others hold it.
  return loader(async (queries, context) => {
    const loaded = await loadEvidence(dbOf(context), subject, queries.map(({ obj }) => obj.id))
    return queries.map(({ obj }) => loaded.get(obj.id) ?? [])
  }, (obj) => obj.evidence as Evidence[] | undefined)
}

/**
 * The paragraph a piece of evidence quotes, whole. Null for evidence that quotes a source rather
 * than the paper. Only pieces whose passage lacks a field asked for reach the batch.
 */
export const evidencePassage: Loader<Evidence, KnowledgeRecord | null> = loader(async (queries, context) => {
  const records = await recordsByKey(passages, dbOf(context), queries.flatMap(({ obj }) => obj.passage !== null ? [obj.passage.ordinal] : []))
  return queries.map(({ obj }) => obj.passage !== null ? records.get(obj.passage.ordinal) ?? null : null)
}, (obj, info) => obj.passage === null ? null : carries(asked(info.fieldNodes), [obj.passage]) ? obj.passage as KnowledgeRecord : undefined)

/**
 * The footnotes a piece of evidence carries, whole; they keep the sources evidence already loaded.
 * Only pieces whose footnotes lack a field asked for reach the batch.
 */
export const evidenceFootnotes: Loader<Evidence, KnowledgeRecord[]> = loader(async (queries, context) => {
  const records = await recordsByKey(footnotes, dbOf(context), queries.flatMap(({ obj }) => obj.footnotes.map((f) => f.number)))
  return queries.map(({ obj }) => obj.footnotes.flatMap((f) => {
    const record = records.get(f.number)
    return record === undefined ? [] : [{ ...record, sources: f.sources }]
  }))
}, (obj, info) => carries(asked(info.fieldNodes), obj.footnotes) ? obj.footnotes as unknown as KnowledgeRecord[] : undefined)
