// The GraphQL side of search (src/knowledge/search.ts): the same ranked query as GET /v1/search,
// as a connection whose hits carry their records, fetched whole with one query per kind found.
import type { MercuriusContext } from 'mercurius'
import { AppError, InvalidInputError, NotFoundError } from '../errors'
import { resources } from '../knowledge'
import { graphqlNames, type ResourceDefinition } from '../knowledge/resource'
import { search as searchKnowledge, SEARCH_KINDS, searchCursor } from '../knowledge/search'
import type { SearchKind, QuerysearchArgs, SearchConnection, SearchHit, SearchHitNode } from './generated'
import { recordsByKey } from './knowledge'

/** Each kind search finds, by its SearchKind (whose internal value is REST's kind, `leverage-channels`): its definition and its type in the SearchHitNode union. */
const KINDS = new Map(resources.filter((def) => SEARCH_KINDS.includes(def.name)).map((def) =>
  [def.name as SearchKind, { def, type: graphqlNames(def).type as NonNullable<SearchHitNode['__typename']> }]))

const kindOf = (kind: SearchKind): { def: ResourceDefinition, type: NonNullable<SearchHitNode['__typename']> } => KINDS.get(kind)!

/** The page size when `first` is not given; REST's default limit. */
export const DEFAULT_SEARCH_SIZE = 20

/** The service names REST's parameters; a GraphQL client sent these arguments. */
const ARGUMENTS: Record<string, string> = { q: 'query', limit: 'first', cursor: 'after' }

function asArguments (error: unknown): unknown {
  const field = error instanceof AppError ? (error.extensions.errors as Array<{ field: string }> | undefined)?.[0]?.field : undefined
  if (field === undefined || !(field in ARGUMENTS)) return error
  if (field === 'cursor') return new InvalidInputError('after', 'after is not a cursor of this search; pass pageInfo.endCursor or an edge\'s cursor from the same query and kinds')
  return new InvalidInputError(ARGUMENTS[field]!, (error as Error).message)
}

type Hit = Omit<SearchHit, 'node'>

/** `search(query:, kinds:, first:, after:)`: /v1/search's page as a connection; every edge's cursor continues after its hit. */
export async function searchConnection (_root: unknown, args: QuerysearchArgs, context: MercuriusContext): Promise<Omit<SearchConnection, 'edges' | 'nodes'> & { edges: Array<{ cursor: string, node: Hit }>, nodes: Hit[] }> {
  const query = { q: args.query, kinds: args.kinds ?? undefined }
  let page
  try {
    page = await searchKnowledge(context.app.prisma, { ...query, limit: args.first ?? DEFAULT_SEARCH_SIZE, cursor: args.after ?? undefined })
  } catch (error) {
    throw asArguments(error)
  }
  // A hit's kind is one of SEARCH_KINDS, the SearchKind enum's internal values (checked in test/graphql/schema.test.ts).
  const hits = page.data as Array<(typeof page.data)[number] & Hit>
  const edges = hits.map((hit) => ({ cursor: searchCursor(query, hit), node: hit }))
  return {
    edges,
    nodes: hits,
    pageInfo: { hasNextPage: page.page.nextCursor !== null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: page.page.total
  }
}

const keyOf = (def: ResourceDefinition, hit: Hit): string | number => def.key.field === 'slug' ? hit.key : Number(hit.key)

/** Every hit's record, whole: one query per kind among the hits, however many hits. */
export async function hitNodes (queries: Array<{ obj: Hit }>, context: MercuriusContext): Promise<SearchHitNode[]> {
  const kinds = [...new Set(queries.map(({ obj }) => obj.kind))]
  const loaded = new Map(await Promise.all(kinds.map(async (kind) => {
    const { def } = kindOf(kind)
    return [kind, await recordsByKey(def, context.app.prisma, queries.filter(({ obj }) => obj.kind === kind).map(({ obj }) => keyOf(def, obj)))] as const
  })))
  return queries.map(({ obj }) => {
    const { def, type } = kindOf(obj.kind)
    const record = loaded.get(obj.kind)!.get(keyOf(def, obj))
    // A hit names a row the same query just found; a missing one was deleted in between.
    if (record === undefined) throw new NotFoundError(`no ${def.noun} "${obj.key}"`)
    // graphql-js tells the SearchHitNode union's members apart by __typename. The record is the
    // member as src/knowledge builds it, which TypeScript cannot match to one member by the tag.
    return { ...record, __typename: type } as unknown as SearchHitNode
  })
}
