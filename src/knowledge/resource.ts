// The one implementation of listing and fetching knowledge, shared by REST and GraphQL. Each kind
// (events, agreements, ...) is a ResourceDefinition: its filters, sorts, record shape, and the
// batched loaders of its relations. Query cost does not grow with page size: one query for the
// page, one count, and one batched query set per embedded relation.
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { InvalidInputError, NotFoundError } from '../errors'
import { loadEvidence, EvidenceSchema, type EvidenceSubject } from './evidence'
import { afterCursor, decodeCursor, encodeCursor, MAX_PAGE_SIZE, orderBy, type Page, type SortSpec } from './pagination'

type Delegate = {
  findMany: (args: Record<string, unknown>) => Promise<Array<Record<string, unknown> & { id: number }>>
  findFirst: (args: Record<string, unknown>) => Promise<(Record<string, unknown> & { id: number }) | null>
  count: (args: Record<string, unknown>) => Promise<number>
}

export interface Relation {
  /** Shape of one embedded value (an array item, or the object for a to-one relation). */
  schema: z.ZodType
  many: boolean
  load: (db: PrismaClient, ids: readonly number[]) => Promise<Map<number, unknown>>
}

export interface ResourceDefinition<Row = any, Filter extends z.ZodRawShape = z.ZodRawShape> {
  /** Collection name: REST path segment and GraphQL root field. */
  name: string
  /** Singular noun for messages and schema names. */
  noun: string
  delegate: (db: PrismaClient) => unknown
  /** The other key a record can be fetched by besides its numeric id. */
  key: { field: 'slug' | 'number' | 'ordinal', schema: z.ZodType<string | number> }
  evidence: EvidenceSubject | null
  filter: z.ZodObject<Filter>
  where: (db: PrismaClient, filter: z.infer<z.ZodObject<Filter>>) => Promise<Array<Record<string, unknown>>>
  sorts: Record<string, { field: string, isDate?: boolean, nullable?: boolean }>
  defaultSort: string
  /** The record's own fields (without evidence and relations). */
  schema: z.ZodObject
  toRecord: (row: Row) => Record<string, unknown>
  relations: Record<string, Relation>
}

export function defineResource<Row, Filter extends z.ZodRawShape> (d: ResourceDefinition<Row, Filter>): ResourceDefinition<Row, Filter> {
  return d
}

export interface ListQuery {
  filter: Record<string, unknown>
  sort?: string
  limit: number
  cursor?: string
  include?: string[]
}

export type KnowledgeRecord = Record<string, unknown> & { id: number }

function delegateOf (def: ResourceDefinition, db: PrismaClient): Delegate {
  return def.delegate(db) as Delegate
}

export function parseSort (def: ResourceDefinition, sort: string | undefined): SortSpec & { isDate: boolean } {
  const raw = sort ?? def.defaultSort
  const direction = raw.startsWith('-') ? 'desc' : 'asc'
  const key = raw.replace(/^-/, '')
  const spec = def.sorts[key]
  if (spec === undefined) throw new InvalidInputError('sort', `cannot sort ${def.name} by "${key}"; use one of ${Object.keys(def.sorts).join(', ')} (prefix - for descending)`)
  return { key, field: spec.field, direction, isDate: spec.isDate ?? false, nullable: spec.nullable ?? spec.isDate ?? false }
}

function checkInclude (def: ResourceDefinition, include: string[] | undefined): string[] {
  const wanted = include ?? []
  const unknown = wanted.filter((r) => !(r in def.relations))
  if (unknown.length > 0) throw new InvalidInputError('include', `${def.name} cannot include ${unknown.join(', ')}; use ${Object.keys(def.relations).join(', ') || 'nothing'}`)
  return wanted
}

/** Evidence and the asked-for relations, loaded for all records at once. */
export async function decorate (def: ResourceDefinition, db: PrismaClient, rows: Array<Record<string, unknown> & { id: number }>, include: string[]): Promise<KnowledgeRecord[]> {
  const ids = rows.map((r) => r.id)
  const [evidence, ...relations] = await Promise.all([
    def.evidence !== null ? loadEvidence(db, def.evidence, ids) : Promise.resolve(null),
    ...include.map(async (name) => [name, await def.relations[name]!.load(db, ids)] as const)
  ])
  return rows.map((row) => {
    const record: KnowledgeRecord = { ...def.toRecord(row), id: row.id }
    if (evidence !== null) record.evidence = evidence.get(row.id) ?? []
    for (const [name, values] of relations) record[name] = values.get(row.id) ?? (def.relations[name]!.many ? [] : null)
    return record
  })
}

export async function whereOf (def: ResourceDefinition, db: PrismaClient, filter: Record<string, unknown>): Promise<Record<string, unknown>> {
  const parsed = def.filter.parse(filter)
  return { AND: await def.where(db, parsed) }
}

export async function listRecords (def: ResourceDefinition, db: PrismaClient, query: ListQuery): Promise<Page<KnowledgeRecord>> {
  if (query.limit < 1 || query.limit > MAX_PAGE_SIZE) throw new InvalidInputError('limit', `limit must be between 1 and ${MAX_PAGE_SIZE}`)
  const include = checkInclude(def, query.include)
  const sort = parseSort(def, query.sort)
  const where = await whereOf(def, db, query.filter)
  const after = query.cursor !== undefined ? decodeCursor(query.cursor, sort, sort.isDate) : undefined
  const delegate = delegateOf(def, db)
  const [rows, total] = await Promise.all([
    delegate.findMany({
      where: after !== undefined ? { AND: [where, afterCursor(sort, after.value, after.id)] } : where,
      orderBy: orderBy(sort),
      take: query.limit + 1
    }),
    delegate.count({ where })
  ])
  const hasMore = rows.length > query.limit
  const pageRows = rows.slice(0, query.limit)
  const last = pageRows.at(-1)
  return {
    data: await decorate(def, db, pageRows, include),
    page: { limit: query.limit, total, nextCursor: hasMore && last !== undefined ? encodeCursor(sort, last[sort.field], last.id) : null }
  }
}

/** A record by numeric id or by its key (slug, footnote number, passage ordinal), with every relation. */
export async function getRecord (def: ResourceDefinition, db: PrismaClient, idOrKey: string): Promise<KnowledgeRecord> {
  const where = lookupWhere(def, idOrKey)
  const row = await delegateOf(def, db).findFirst({ where })
  if (row === null) throw new NotFoundError(`no ${def.noun} "${idOrKey}"`)
  const [record] = await decorate(def, db, [row], Object.keys(def.relations))
  return record!
}

function lookupWhere (def: ResourceDefinition, idOrKey: string): Record<string, unknown> {
  if (def.key.field === 'slug') {
    if (/^\d+$/.test(idOrKey)) return { id: Number(idOrKey) }
    return { slug: idOrKey }
  }
  // Footnotes and passages are named by their number / ordinal, which is also how users cite them.
  if (!/^\d{1,9}$/.test(idOrKey)) throw new NotFoundError(`no ${def.noun} "${idOrKey}"`)
  return { [def.key.field]: Number(idOrKey) }
}

export function recordSchema (def: ResourceDefinition, withRelations: 'all' | 'optional'): z.ZodObject {
  const relations = Object.fromEntries(Object.entries(def.relations).map(([name, r]) => {
    const schema = r.many ? z.array(r.schema) : r.schema.nullable()
    return [name, withRelations === 'all' ? schema : schema.optional()]
  }))
  return def.schema.extend({
    ...(def.evidence !== null ? { evidence: z.array(EvidenceSchema) } : {}),
    ...relations
  })
}
