// The GraphQL side of src/knowledge: connections, lookups and records by key, each a thin call into
// the shared resource definitions. Filtering, sorting and paging are never done here.
import type { GraphQLResolveInfo } from 'graphql'
import type { PrismaClient } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { checkPageSize, cursorOf, decodeCursor, numericId } from '../knowledge/pagination'
import { getRecord, listRecords, parseSort, rowsByKey, type KnowledgeRecord, type ResourceDefinition } from '../knowledge/resource'
import { ValidationFailedError } from './errors'
import { fieldsAt } from './selection'

/** The page size when `first` is not given; the same as REST's default `limit`. */
export const DEFAULT_PAGE_SIZE = 50

export interface ConnectionArgs {
  filter?: Record<string, unknown> | null
  orderBy?: { field: string, direction?: 'ASC' | 'DESC' | null } | null
  first?: number | null
  after?: string | null
}

export interface Connection {
  edges: Array<{ cursor: string, node: KnowledgeRecord }>
  nodes: KnowledgeRecord[]
  pageInfo: { hasNextPage: boolean, endCursor: string | null }
  totalCount: number
}

/** GraphQL passes an omitted input field as absent but an explicit `null` as null; both mean "no filter". */
function withoutNulls (input: Record<string, unknown> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== null && v !== undefined))
}

/** The REST sort parameter (`date`, `-date`) an `orderBy` input stands for; the enum values are the sort names in capitals. */
function sortOf (def: ResourceDefinition, orderBy: ConnectionArgs['orderBy']): string | undefined {
  if (orderBy === null || orderBy === undefined) return undefined
  const key = Object.keys(def.sorts).find((k) => k.toUpperCase() === orderBy.field) ?? orderBy.field
  return `${orderBy.direction === 'DESC' ? '-' : ''}${key}`
}

/** A filter input as the service takes it, checked against the definition's zod schema (the truth about filters), its complaints named as GraphQL arguments. */
export function filterOf (def: ResourceDefinition, input: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const filter = withoutNulls(input)
  const parsed = def.filter.safeParse(filter)
  if (!parsed.success) throw ValidationFailedError.fromZod(parsed.error, 'filter')
  return filter
}

/**
 * The relations a connection's query asks of its nodes (under `nodes` or `edges { node }`) that
 * PostgreSQL can build in the page's own statement; their loaders then find them on the records.
 * Fragments are not looked into: those relations are loaded as usual.
 */
export function embeddable (def: ResourceDefinition, info: GraphQLResolveInfo | undefined): string[] {
  if (info === undefined) return []
  const asked = [fieldsAt(info.fieldNodes, ['nodes']), fieldsAt(info.fieldNodes, ['edges', 'node'])]
  return Object.keys(def.relations).filter((name) => def.relations[name]!.json !== undefined && asked.some((fields) => fields?.has(name) === true))
}

export async function connection (def: ResourceDefinition, db: PrismaClient, args: ConnectionArgs, info?: GraphQLResolveInfo): Promise<Connection> {
  const first = args.first ?? DEFAULT_PAGE_SIZE
  checkPageSize(first, 'first')
  const filter = filterOf(def, args.filter)
  const sort = sortOf(def, args.orderBy)
  const spec = parseSort(def, sort)
  const after = args.after ?? undefined
  if (after !== undefined) {
    try {
      decodeCursor(after, spec)
    } catch {
      throw new InvalidInputError('after', 'after is not a cursor of this list in this order; pass pageInfo.endCursor or an edge\'s cursor from a query with the same orderBy')
    }
  }
  const page = await listRecords(def, db, { filter, sort, limit: first, cursor: after, include: embeddable(def, info) })
  const edges = page.data.map((node) => ({ cursor: cursorOf(spec, node), node }))
  return {
    edges,
    nodes: page.data,
    pageInfo: { hasNextPage: page.page.nextCursor !== null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: page.page.total
  }
}

/** The id or key (slug, footnote number, passage ordinal) a lookup names: exactly one of them, an id a number. */
export function keyArgument (def: ResourceDefinition, args: Record<string, unknown>): string {
  const names = def.key.field === 'slug' ? ['id', 'slug'] : [def.key.field]
  const given = names.filter((name) => args[name] !== null && args[name] !== undefined)
  if (given.length !== 1) throw new InvalidInputError(names.join(','), `give exactly one of ${names.join(', ')} to look up one ${def.noun}`)
  const name = given[0]!
  const value = String(args[name])
  if (name === 'id' && numericId(value) === null) throw new InvalidInputError('id', `id is a whole number; use slug: "${value}" if that is the ${def.noun}'s slug`)
  return value
}

/** One record by id or by its key. */
export async function lookup (def: ResourceDefinition, db: PrismaClient, args: Record<string, unknown>): Promise<KnowledgeRecord> {
  return await getRecord(def, db, keyArgument(def, args))
}

/**
 * Whole records of a kind, keyed by the field that names them (slug, footnote number, passage
 * ordinal), in one query through the kind's own definition. Relations embed summaries; this is how
 * GraphQL turns a summary into a record whose every field can be asked for.
 */
export async function recordsByKey (def: ResourceDefinition, db: PrismaClient, keys: readonly unknown[]): Promise<Map<unknown, KnowledgeRecord>> {
  const unique = [...new Set(keys)]
  if (unique.length === 0) return new Map()
  const rows = await rowsByKey(def, db, unique as Array<string | number>)
  return new Map(rows.map((row) => {
    const record: KnowledgeRecord = { ...def.toRecord(row), id: row.id }
    return [record[def.key.field], record]
  }))
}
