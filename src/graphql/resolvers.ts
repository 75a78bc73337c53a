// Root fields and relation resolvers, one line each, over the shared definitions in src/knowledge.
import type { GraphQLResolveInfo } from 'graphql'
import type { IResolvers, MercuriusContext, MercuriusLoaders } from 'mercurius'
import { kindNamed, resources } from '../knowledge'
import { getDocument } from '../knowledge/document'
import { graphqlNames, type Relation, type ResourceDefinition } from '../knowledge/resource'
import type { Loaders } from './generated'
import { actorNetwork, stats, timeline } from './dashboards'
import { connection, lookup, type ConnectionArgs } from './knowledge'
import { evidenceFootnotes, evidenceOf, evidencePassage, linked, related, relatedOne, required } from './loaders'
import { hitNodes, searchConnection } from './search'

function list (def: ResourceDefinition) {
  return async (_root: unknown, args: ConnectionArgs, context: MercuriusContext, info: GraphQLResolveInfo) => await connection(def, context.app.prisma, args, info)
}

function one (def: ResourceDefinition) {
  return async (_root: unknown, args: Record<string, unknown>, context: MercuriusContext) => await lookup(def, context.app.prisma, args)
}

/** Every kind's list and lookup: `events` and `event`, `leverageChannels` and `leverageChannel`. */
const kindFields = Object.fromEntries(resources.flatMap((def) => {
  const names = graphqlNames(def)
  return [[names.list, list(def)], [names.one, one(def)]]
}))

// A test holds the Query fields resolved here to the schema's, both ways (test/graphql/schema.test.ts).
export const resolvers: IResolvers = {
  Query: {
    document: async (_root, _args, context) => await getDocument(context.app.prisma),
    ...kindFields,
    search: searchConnection,
    timeline,
    stats,
    actorNetwork
  }
}

/** The batched resolver of one relation field, in the style the relation's definition asks for. */
function relationResolver (owner: ResourceDefinition, name: string, relation: Relation): (...args: any[]) => unknown {
  const target = kindNamed(relation.target)
  if (relation.link !== undefined) return linked(owner, name, target, relation.link.as, relation.link.fields)
  if (relation.many) return related(owner, name, target)
  return relation.required === true ? required(relatedOne(owner, name, target)) : relatedOne(owner, name, target)
}

// Relation fields: batched resolvers (src/graphql/loaders.ts), one batch per field per request.
// Their parents are records as src/knowledge builds them, not the generated GraphQL types: the
// tests that query every relation (test/graphql) hold them to the schema.
export const relationResolvers: Record<string, Record<string, (...args: any[]) => unknown>> = {
  ...Object.fromEntries(resources.map((def) => [graphqlNames(def).type, {
    ...(def.evidence !== null ? { evidence: evidenceOf(def) } : {}),
    ...Object.fromEntries(Object.entries(def.relations).map(([name, relation]) => [name, relationResolver(def, name, relation)]))
  }])),
  Evidence: {
    passage: evidencePassage,
    footnotes: evidenceFootnotes
  }
}

export const loaders: MercuriusLoaders = {
  SearchHit: {
    node: hitNodes
  }
} satisfies Loaders
