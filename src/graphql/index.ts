// GraphQL at /graphql: a second surface over src/knowledge, next to REST (GraphiQL is in src/web).
import AjvCompiler from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyPluginAsync, FastifySerializerCompiler } from 'fastify'
import { getOperationAST, type DocumentNode } from 'graphql'
import { getComplexity } from 'graphql-query-complexity'
import mercurius, { type IResolvers } from 'mercurius'
import { errorFormatter, QueryTooComplexError, ValidationFailedError } from './errors'
import { depthLimit, estimateCost, MAX_COST, MAX_DEPTH, MAX_MUTATIONS, mutationLimit } from './limits'
import { subscriptionResolvers } from './changes'
import { mutationResolvers } from './mutations'
import { loaders, relationResolvers, resolvers } from './resolvers'
import { buildGraphQLSchema } from './schema'

const graphql: FastifyPluginAsync<{ jit?: boolean }> = async (app, { jit = true }) => {
  // mercurius describes its routes in JSON Schema, while the rest of the app speaks zod: give this
  // scope Fastify's own compilers back.
  app.setValidatorCompiler(AjvCompiler()({}, { customOptions: {}, plugins: [] }))
  app.setSerializerCompiler(SerializerSelector()({}, {}) as FastifySerializerCompiler<unknown>)
  // The OpenAPI document describes REST; GraphQL describes itself.
  app.addHook('onRoute', (route) => { route.schema = { ...route.schema, hide: true } })

  await app.register(mercurius, {
    schema: buildGraphQLSchema(),
    resolvers: { ...resolvers, ...relationResolvers, ...mutationResolvers, ...subscriptionResolvers } as IResolvers,
    loaders,
    path: '/graphql',
    // mercurius's GraphiQL page loads React and GraphiQL from a CDN; src/web serves its own.
    graphiql: false,
    // Subscriptions over WebSocket (graphql-transport-ws or graphql-ws) at /graphql.
    subscription: true,
    // Queries run often (dashboards poll) are compiled to plain functions after their first run.
    jit: jit ? 1 : 0,
    errorFormatter,
    // Validation results are cached per query text, so the depth limit costs nothing on repeats.
    validationRules: [depthLimit(MAX_DEPTH), mutationLimit(MAX_MUTATIONS)]
  })

  // mercurius reads a query that is not GraphQL as a JSON AST; JSON that is no AST ("42") would
  // crash graphql-js, so it is refused here as bad input.
  app.graphql.addHook('preParsing', async (_schema, source) => {
    let json: unknown
    try {
      json = JSON.parse(source)
    } catch {
      return
    }
    if ((json as { kind?: unknown } | null)?.kind !== 'Document') throw new ValidationFailedError([{ field: 'query', message: 'is not a GraphQL document' }])
  })

  // Cost depends on variables (`first: $n`), so it is counted per request, before execution; once
  // per document and variables, as mercurius hands the same parsed document to every request that
  // sends the same query text (a dashboard's polling).
  const costs = new WeakMap<DocumentNode, Map<string, number>>()
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    const { body, query } = context.reply.request as { body?: { operationName?: unknown }, query?: { operationName?: unknown } }
    const named = body?.operationName ?? query?.operationName
    const operationName = typeof named === 'string' ? named : undefined
    // Over HTTP there is nothing to stream a subscription's events to.
    if (getOperationAST(document, operationName)?.operation === 'subscription') {
      throw new ValidationFailedError([{ field: 'query', message: 'is a subscription: subscribe over WebSocket at /graphql (graphql-transport-ws or graphql-ws)' }])
    }
    let known = costs.get(document)
    if (known === undefined) costs.set(document, known = new Map())
    const key = JSON.stringify([operationName ?? null, variables ?? null])
    let cost = known.get(key)
    if (cost === undefined) {
      // Clients keep an operation name after its query changed (GraphiQL does); the cost needs an operation to count.
      if (getOperationAST(document, operationName) === null) {
        throw new ValidationFailedError([{ field: 'operationName', message: operationName === undefined ? 'is needed: the query holds several operations' : `names no operation in the query: "${operationName}"` }])
      }
      cost = getComplexity({ schema, query: document, variables, operationName, estimators: [estimateCost] })
      if (known.size < 100) known.set(key, cost)
    }
    if (cost > MAX_COST) throw new QueryTooComplexError(cost, MAX_COST)
  })
}

export default graphql
