// Builds the application as a plugin tree; it never listens (src/server.ts does).
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import cors from '@fastify/cors'
import etag from '@fastify/etag'
import rateLimit from '@fastify/rate-limit'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { Config } from './config'
import { AppError } from './errors'
import health from './http/health'
import openapi from './http/openapi'
import documentRoutes from './http/v1/document-routes'
import graphql from './graphql'
import knowledgeRoutes from './http/v1/knowledge-routes'
import searchRoutes from './http/v1/search-routes'
import dashboardRoutes from './http/v1/dashboard-routes'
import { useProblemHandlers } from './http/problems'
import prismaPlugin from './plugins/prisma'

export interface AppOptions {
  config: Pick<Config, 'migrationsDir' | 'corsOrigin' | 'seedDir' | 'rateLimit'>
  databaseUrl: string
  /** A pino logger from the process edge, or Fastify logger options (tests pass `false`). */
  logger?: FastifyServerOptions['loggerInstance'] | FastifyServerOptions['logger']
}

export async function buildApp ({ config, databaseUrl, logger = false }: AppOptions): Promise<FastifyInstance> {
  const isInstance = typeof logger === 'object' && logger !== null && 'child' in logger
  const app = Fastify({
    ...(isInstance ? { loggerInstance: logger } : { logger: logger as FastifyServerOptions['logger'] }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 256 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 }
  }) as unknown as FastifyInstance

  // Every response names its request, so a user can quote it when reporting a problem.
  app.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id) })
  useProblemHandlers(app)
  // zod validates requests and shapes responses; the same schemas generate the OpenAPI document.
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // Reads are public: open CORS by default, narrowed with CORS_ORIGIN.
  await app.register(cors, { origin: config.corsOrigin === '*' ? '*' : config.corsOrigin.split(','), exposedHeaders: ['x-request-id', 'etag'] })
  // Per client IP; a misbehaving dashboard cannot starve the others. 429s are problem+json.
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.timeWindow,
    enableDraftSpec: true,
    allowList: (request) => request.url.startsWith('/health/'),
    errorResponseBuilder: (_request, context) => new AppError(429, 'rate-limited', 'Too Many Requests',
      `more than ${context.max} requests in ${context.after === undefined ? 'the window' : 'the current window'}; retry in ${context.after}`, { retryAfter: context.after })
  })
  // The database client first: every route below depends on it.
  await app.register(prismaPlugin, { databaseUrl })
  await app.register(health, { migrationsDir: config.migrationsDir })
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
  // GraphQL and GraphiQL: the same knowledge services as REST, with their own error format.
  await app.register(graphql)
  return app
}
