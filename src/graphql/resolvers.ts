// Root fields and relation resolvers, one line each, over the shared definitions in src/knowledge.
import type { GraphQLResolveInfo } from 'graphql'
import type { IResolvers, MercuriusContext, MercuriusLoaders } from 'mercurius'
import { actors, agreements, claims, events, figures, footnotes, leverageChannels, passages, scenarios, sources } from '../knowledge'
import { getDocument } from '../knowledge/document'
import type { ResourceDefinition } from '../knowledge/resource'
import type { Loaders, Resolvers } from './generated'
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

// `satisfies` holds them to the schema: a field it lacks, or a value of the wrong shape, fails to compile.
export const resolvers: IResolvers = {
  Query: {
    document: async (_root, _args, context) => await getDocument(context.app.prisma),
    events: list(events),
    event: one(events),
    agreements: list(agreements),
    agreement: one(agreements),
    leverageChannels: list(leverageChannels),
    leverageChannel: one(leverageChannels),
    figures: list(figures),
    figure: one(figures),
    actors: list(actors),
    actor: one(actors),
    sources: list(sources),
    source: one(sources),
    footnotes: list(footnotes),
    footnote: one(footnotes),
    scenarios: list(scenarios),
    scenario: one(scenarios),
    claims: list(claims),
    claim: one(claims),
    passages: list(passages),
    passage: one(passages),
    search: searchConnection,
    timeline,
    stats,
    actorNetwork
  }
} satisfies Resolvers

// Relation fields: batched resolvers (src/graphql/loaders.ts), one batch per field per request.
// Their parents are records as src/knowledge builds them, not the generated GraphQL types: the
// tests that query every relation (test/graphql) hold them to the schema.
export const relationResolvers: Record<string, Record<string, (...args: any[]) => unknown>> = {
  Event: {
    evidence: evidenceOf(events),
    actors: linked(events, 'actors', actors, 'actor', ['role', 'note']),
    agreements: related(events, 'agreements', agreements),
    channels: related(events, 'channels', leverageChannels),
    figures: related(events, 'figures', figures),
    sources: related(events, 'sources', sources)
  },
  Agreement: {
    evidence: evidenceOf(agreements),
    parties: linked(agreements, 'parties', actors, 'actor', ['role', 'note']),
    events: related(agreements, 'events', events),
    channels: related(agreements, 'channels', leverageChannels),
    figures: related(agreements, 'figures', figures)
  },
  LeverageChannel: {
    evidence: evidenceOf(leverageChannels),
    figures: related(leverageChannels, 'figures', figures),
    actors: related(leverageChannels, 'actors', actors),
    events: related(leverageChannels, 'events', events),
    agreements: related(leverageChannels, 'agreements', agreements),
    claims: related(leverageChannels, 'claims', claims)
  },
  Figure: {
    evidence: evidenceOf(figures),
    channel: relatedOne(figures, 'channel', leverageChannels),
    event: relatedOne(figures, 'event', events),
    agreement: relatedOne(figures, 'agreement', agreements),
    actor: relatedOne(figures, 'actor', actors)
  },
  Actor: {
    evidence: evidenceOf(actors),
    affiliation: relatedOne(actors, 'affiliation', actors),
    members: related(actors, 'members', actors),
    events: linked(actors, 'events', events, 'event', ['role']),
    agreements: linked(actors, 'agreements', agreements, 'agreement', ['role']),
    channels: related(actors, 'channels', leverageChannels),
    figures: related(actors, 'figures', figures),
    claims: related(actors, 'claims', claims)
  },
  Source: {
    footnotes: related(sources, 'footnotes', footnotes)
  },
  Footnote: {
    sources: related(footnotes, 'sources', sources),
    passage: required(relatedOne(footnotes, 'passage', passages))
  },
  Scenario: {
    evidence: evidenceOf(scenarios),
    claims: related(scenarios, 'claims', claims)
  },
  Claim: {
    evidence: evidenceOf(claims),
    scenarios: related(claims, 'scenarios', scenarios),
    channels: related(claims, 'channels', leverageChannels),
    actors: related(claims, 'actors', actors)
  },
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
