// A Mercurius loader for every relation field: one batched call per field per request, whatever
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
type Loader<Obj, Result> = ((obj: Obj, args: unknown, context: MercuriusContext, info: GraphQLResolveInfo) => Promise<Result>) & { batch: LoaderFn<Obj, Result> }

const BATCHES = Symbol('peninsula-kb batches')

/**
 * A field resolver that batches: every call for the field within one tick of one request goes to
 * `fn` at once (DataLoader, one per field per request, on the request's context). Not Mercurius'
 * own loaders: they key each call by a stable stringification of its parent, and a parent here is
 * a whole record with its evidence, so that keying cost more than the rest of the query.
 */
function loader<Obj, Result> (fn: LoaderFn<Obj, Result>): Loader<Obj, Result> {
  const resolve = async (obj: Obj, _args: unknown, context: MercuriusContext, info: GraphQLResolveInfo): Promise<Result> => {
    const scope = context as MercuriusContext & { [BATCHES]?: Map<unknown, DataLoader<Query<Obj>, Result>> }
    const batches = scope[BATCHES] ??= new Map()
    let batch = batches.get(fn)
    if (batch === undefined) {
      batch = new DataLoader<Query<Obj>, Result>(async (queries) => await fn([...queries], context), { cache: false })
      batches.set(fn, batch)
    }
    return await batch.load({ obj, info })
  }
  return Object.assign(resolve, { batch: fn })
}

/**
 * Whether every value carries every field every query asks of it (a link's own fields do not count:
 * its `role` is not the actor's). Queries of one field share their `fieldNodes`: each is read once.
 */
function carried<Obj> (queries: Array<Query<Obj>>, values: Array<ReadonlyArray<Record<string, unknown>>>, as?: string, linkFields: readonly string[] = []): boolean {
  const read = new Map<readonly FieldNode[], Set<string> | null>()
  const asked = (nodes: readonly FieldNode[]): Set<string> | null => {
    if (!read.has(nodes)) read.set(nodes, fieldsAt(nodes, as !== undefined ? [as] : []))
    return read.get(nodes) ?? null
  }
  return queries.every((query, i) => {
    const fields = query.info !== undefined ? asked(query.info.fieldNodes) : null
    return fields !== null && values[i]!.every((value) =>
      [...fields].every((f) => f === '__typename' || (f in value && !linkFields.includes(f))))
  })
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
  const summaries = queries.map(({ obj }) => {
    const value = (obj[name] ?? loaded.get(obj.id) ?? null) as Summary[] | Summary | null
    return value === null ? [] : Array.isArray(value) ? value : [value]
  })
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

function relationOf (owner: ResourceDefinition, name: string, many: boolean): void {
  const spec = owner.relations[name]
  if (spec === undefined) throw new Error(`${owner.name} has no relation "${name}"`)
  if (spec.many !== many) throw new Error(`${owner.name}.${name} is a to-${spec.many ? 'many' : 'one'} relation`)
}

/** A to-many relation as the related records themselves: Event.agreements is [Agreement]. */
export function related (owner: ResourceDefinition, name: string, target: ResourceDefinition): Loader<KnowledgeRecord, KnowledgeRecord[]> {
  relationOf(owner, name, true)
  return loader(async (queries, context) => (await loadRelated(owner, name, target, queries, context)).map((list) => list.map(({ record }) => record)))
}

/** A to-one relation: Figure.channel is a LeverageChannel or null. */
export function relatedOne (owner: ResourceDefinition, name: string, target: ResourceDefinition): Loader<KnowledgeRecord, KnowledgeRecord | null> {
  relationOf(owner, name, false)
  return loader(async (queries, context) => (await loadRelated(owner, name, target, queries, context)).map((list) => list[0]?.record ?? null))
}

/** For a field the schema declares non-null: a missing record means a broken database, not a null. */
export function required<Obj> (optional: Loader<Obj, KnowledgeRecord | null>): Loader<Obj, KnowledgeRecord> {
  return loader(async (queries, context) => (await optional.batch(queries, context)).map((record) => {
    if (record === null) throw new Error('a record the schema requires is missing')
    return record
  }))
}

/**
 * A to-many relation whose links say something themselves: Event.actors is [{ role, note, actor }],
 * the link's `fields` beside the related record under `as`.
 */
export function linked (owner: ResourceDefinition, name: string, target: ResourceDefinition, as: string, fields: readonly string[]): Loader<KnowledgeRecord, Summary[]> {
  relationOf(owner, name, true)
  return loader(async (queries, context) => (await loadRelated(owner, name, target, queries, context, as, fields))
    .map((list) => list.map(({ summary, record }) => ({ ...Object.fromEntries(fields.map((f) => [f, summary[f] ?? null])), [as]: record }))))
}

/** Every record's evidence. Records from a list or a lookup already carry theirs. */
export function evidenceOf (def: ResourceDefinition): Loader<KnowledgeRecord, Evidence[]> {
  const subject = def.evidence
  if (subject === null) throw new Error(`${def.name} has no evidence`)
  return loader(async (queries, context) => {
    const missing = queries.filter(({ obj }) => obj.evidence === undefined).map(({ obj }) => obj.id)
    const loaded = missing.length > 0 ? await loadEvidence(dbOf(context), subject, missing) : new Map<number, Evidence[]>()
    return queries.map(({ obj }) => (obj.evidence as Evidence[] | undefined) ?? loaded.get(obj.id) ?? [])
  })
}

/** The paragraph a piece of evidence quotes, whole. Null for evidence that quotes a source rather than the paper. */
export const evidencePassage: Loader<Evidence, KnowledgeRecord | null> = loader(async (queries, context) => {
  if (carried(queries, queries.map(({ obj }) => obj.passage !== null ? [obj.passage] : []))) {
    return queries.map(({ obj }) => obj.passage as KnowledgeRecord | null)
  }
  const records = await recordsByKey(passages, dbOf(context), queries.flatMap(({ obj }) => obj.passage !== null ? [obj.passage.ordinal] : []))
  return queries.map(({ obj }) => obj.passage !== null ? records.get(obj.passage.ordinal) ?? null : null)
})

/** The footnotes a piece of evidence carries, whole; they keep the sources evidence already loaded. */
export const evidenceFootnotes: Loader<Evidence, KnowledgeRecord[]> = loader(async (queries, context) => {
  if (carried(queries, queries.map(({ obj }) => obj.footnotes))) {
    return queries.map(({ obj }) => obj.footnotes as unknown as KnowledgeRecord[])
  }
  const records = await recordsByKey(footnotes, dbOf(context), queries.flatMap(({ obj }) => obj.footnotes.map((f) => f.number)))
  return queries.map(({ obj }) => obj.footnotes.flatMap((f) => {
    const record = records.get(f.number)
    return record === undefined ? [] : [{ ...record, sources: f.sources }]
  }))
})
