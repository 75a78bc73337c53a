// Builds the application as a plugin tree; it never listens (src/server.ts does).
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import cors from '@fastify/cors'
import etag from '@fastify/etag'
import helmet from '@fastify/helmet'
import { validatorCompiler } from 'fastify-type-provider-zod'
import type { Config } from './config'
import health from './http/health'
import openapi from './http/openapi'
import documentRoutes from './http/v1/document-routes'
import graphql from './graphql'
import knowledgeRoutes from './http/v1/knowledge-routes'
import searchRoutes from './http/v1/search-routes'
import dashboardRoutes from './http/v1/dashboard-routes'
import { useInputGuards } from './http/input-guards'
import { API_CSP, MAX_PARAM_LENGTH, sendFrameworkProblem, useProblemHandlers } from './http/problems'
import prismaPlugin from './plugins/prisma'
import authPlugin from './plugins/auth'
import rateLimitPlugin from './plugins/rate-limit'
import liveChanges from './plugins/live-changes'
import changeRoutes from './http/v1/change-routes'
import keyRoutes from './http/v1/key-routes'
import writeRoutes from './http/v1/write-routes'
import { serializerCompiler } from './http/json'
import { rejectUnknownQueryParameters } from './http/query-params'
import responseCache, { type ResponseCacheOptions } from './plugins/response-cache'
import web from './web'

export interface AppOptions {
  config: Pick<Config, 'migrationsDir' | 'corsOrigin' | 'seedDir' | 'rateLimit' | 'readsRequireKey' | 'maxLiveStreams' | 'trustProxy'>
  databaseUrl: string
  /** A pino logger from the process edge, or Fastify logger options (tests pass `false`). */
  logger?: FastifyServerOptions['loggerInstance'] | FastifyServerOptions['logger']
  /** Keep whole responses of anonymous reads until the data changes (default on, 64 MB; the benchmark turns it off to compare). */
  responseCache?: boolean | ResponseCacheOptions
  /** Compile GraphQL queries after their first run with graphql-jit (default on). */
  graphqlJit?: boolean
  /** Prepare each distinct SQL statement once per connection (default on). */
  preparedStatements?: boolean
  /** A comment on every open change stream this often, so proxies keep idle streams open (default 15 s). */
  sseHeartbeatMs?: number
}

/** Longer than any query this API understands; browsers and proxies cut at 8 KiB anyway. */
const MAX_URL_LENGTH = 4096

export async function buildApp ({ config, databaseUrl, logger = false, responseCache: cacheResponses = true, graphqlJit = true, preparedStatements = true, sseHeartbeatMs = 15_000 }: AppOptions): Promise<FastifyInstance> {
  const isInstance = typeof logger === 'object' && logger !== null && 'child' in logger
  const app = Fastify({
    ...(isInstance ? { loggerInstance: logger } : { logger: logger as FastifyServerOptions['logger'] }),
    // Behind a load balancer, the client's address (which the rate limit counts by) is the one it forwards.
    // A hop count is accepted at run time (Fastify's docs), though its types name only the other forms.
    trustProxy: config.trustProxy as boolean | string,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 256 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: sendFrameworkProblem
  }) as unknown as FastifyInstance

  // Every response names its request, so a user can quote it when reporting a problem.
  app.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id) })
  useProblemHandlers(app)
  // Overlong URLs, NUL characters and huge strings are refused before any route or parser sees them.
  useInputGuards(app, MAX_URL_LENGTH)
  // Before any route is added: routes without query parameters refuse every one.
  rejectUnknownQueryParameters(app)
  // Bodies are JSON (GraphQL also takes application/graphql): anything else is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain')
  // zod validates requests and shapes responses (src/http/json.ts writes them); the same schemas
  // generate the OpenAPI document.
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // Security headers. The API's own responses get a CSP that allows nothing; the service's pages
  // (src/web) widen it to their own origin, and Swagger UI sets its own, so the CSP is not helmet's.
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } })
  app.addHook('onRequest', async (request, reply) => {
    if (!/^\/docs(\/|$)/.test(request.url)) reply.header('content-security-policy', API_CSP)
  })
  // Reads are public: open CORS by default, narrowed with CORS_ORIGIN.
  await app.register(cors, { origin: config.corsOrigin === '*' ? '*' : config.corsOrigin.split(','), exposedHeaders: ['x-request-id', 'etag', 'location'] })
  // The database client first: the key check and every route below depend on it.
  await app.register(prismaPlugin, { databaseUrl, preparedStatements })
  // Who is calling, before the rate limit, which counts a key's requests under the key.
  await app.register(authPlugin, { readsRequireKey: config.readsRequireKey })
  // Per key, else per IP; counted in PostgreSQL (one budget for all replicas) or in memory.
  await app.register(rateLimitPlugin, { rateLimit: config.rateLimit })
  await app.register(health, { migrationsDir: config.migrationsDir })
  // Writes pushed to open streams on every replica (PostgreSQL LISTEN/NOTIFY), for SSE and GraphQL.
  await app.register(liveChanges, { databaseUrl, maxStreams: config.maxLiveStreams })
  // Bodies leave as bytes, encoded once, before any other onSend hook reads them. JSON.stringify
  // hands back a large body as a string built in pieces: the ETag's hash, Content-Length and the
  // socket would each walk and encode it again.
  app.addHook('onSend', async (_request, _reply, payload) => typeof payload === 'string' ? Buffer.from(payload) : payload)
  // Before the routes it answers for: a hit skips the handler; every write invalidates it.
  if (cacheResponses !== false) await app.register(responseCache, cacheResponses === true ? {} : cacheResponses)
  // Before the routes it documents: @fastify/swagger collects routes as they are added.
  await app.register(openapi)
  // Reads are cacheable: a strong ETag on every body lets clients revalidate with If-None-Match.
  await app.register(etag)
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'GET' && request.url.startsWith('/v1/') && reply.statusCode < 400) reply.header('cache-control', 'public, max-age=60')
  })
  await app.register(documentRoutes)
  await app.register(knowledgeRoutes)
  await app.register(searchRoutes)
  await app.register(dashboardRoutes)
  await app.register(writeRoutes)
  await app.register(changeRoutes, { heartbeatMs: sseHeartbeatMs })
  await app.register(keyRoutes)
  // GraphQL: the same knowledge services as REST, with their own error format.
  await app.register(graphql, { jit: graphqlJit })
  // The explorer at / and GraphiQL at /graphiql: pages over the public API, served from this origin.
  await app.register(web)
  return app
}
