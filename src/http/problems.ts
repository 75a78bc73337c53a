// Renders every REST error as RFC 9457 application/problem+json, in one place.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DatabaseUnavailableError, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/outage'
import { AppError } from '../errors'

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string().describe('Stable error code; GraphQL errors carry the same one in extensions.code'),
  errors: z.array(z.object({ in: z.string().optional(), field: z.string().nullable(), message: z.string() })).optional()
}).catchall(z.unknown()).meta({ id: 'Problem', description: 'RFC 9457 problem details' })

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  code: string
  [extension: string]: unknown
}

/** The API's own responses load nothing and may not be framed (Swagger UI and GraphiQL set their own). */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'"

/** The longest path segment (an id or slug) the router takes; slugs are far shorter. */
export const MAX_PARAM_LENGTH = 200

export function problemType (code: string): string {
  return `/problems/${code}`
}

const FASTIFY_CODES: Record<string, { status: number, code: string, title: string, detail?: string }> = {
  // The router's own refusals, before any route or hook runs (Fastify's `frameworkErrors`, src/app.ts).
  FST_ERR_BAD_URL: { status: 400, code: 'malformed-url', title: 'Bad Request', detail: 'the path has a malformed percent-encoding (%XX that is not UTF-8)' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri-too-long', title: 'URI Too Long', detail: `a path segment is longer than ${MAX_PARAM_LENGTH} characters` },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type', title: 'Unsupported Media Type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload-too-large', title: 'Content Too Large' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed-body', title: 'Bad Request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed-body', title: 'Bad Request' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'malformed-body', title: 'Bad Request' },
  FST_ERR_VALIDATION: { status: 400, code: 'validation-failed', title: 'Bad Request' }
}

export function toProblem (failure: FastifyError | Error, request: FastifyRequest): ProblemBody {
  const instance = request.url
  const error = isDatabaseUnavailable(failure) ? new DatabaseUnavailableError() : failure
  if (error instanceof AppError) {
    return { type: problemType(error.code), title: error.title, status: error.status, detail: error.message, instance, code: error.code, ...error.extensions }
  }
  const fastifyError = error as FastifyError
  const known = fastifyError.code !== undefined ? FASTIFY_CODES[fastifyError.code] : undefined
  if (known !== undefined) {
    const errors = fastifyError.validation?.map((v) => {
      const params = v.params as { keys?: string[], missingProperty?: string, additionalProperty?: string }
      const unknownKeys = params.keys !== undefined ? `unknown parameter${params.keys.length > 1 ? 's' : ''} ${params.keys.join(', ')}` : undefined
      return {
        in: fastifyError.validationContext ?? 'request',
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || params.keys?.join(',') || params.missingProperty || params.additionalProperty || null,
        message: unknownKeys ?? v.message ?? 'is invalid'
      }
    })
    const detail = errors !== undefined && errors.length > 0 ? errors.map((e) => e.field !== null ? `${e.field}: ${e.message}` : e.message).join('; ') : error.message
    return { type: problemType(known.code), title: known.title, status: known.status, detail: known.code === 'validation-failed' ? detail : known.detail ?? error.message, instance, code: known.code, ...(errors !== undefined ? { errors } : {}) }
  }
  const status = fastifyError.statusCode
  if (status !== undefined && status >= 400 && status < 500) {
    return { type: problemType('bad-request'), title: 'Bad Request', status, detail: error.message, instance, code: 'bad-request' }
  }
  // 5xx: never expose internals.
  return { type: problemType('internal'), title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred; the request id identifies it in the logs.', instance, code: 'internal', requestId: request.id }
}

export function sendProblem (reply: FastifyReply, problem: ProblemBody): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem)
}

/** A path pattern (`/v1/events/:id`) as a regular expression over concrete paths. */
function patternRegex (url: string): RegExp {
  const source = url.split('/').map((part) => part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('/')
  return new RegExp(`^${source}/?$`)
}

/**
 * For Fastify's `frameworkErrors`: the router's refusals (a malformed percent-encoding, an overlong
 * path segment) come before any hook, so the headers every response carries are set here too.
 */
export function sendFrameworkProblem (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error, request)
  request.log.info({ code: problem.code }, 'request rejected by the router')
  reply.header('x-request-id', request.id).header('content-security-policy', API_CSP)
  return sendProblem(reply, problem)
}

/** A failure as REST and GraphQL log it: the database being away once per outage, other 5xx at error, refusals at info. */
export function logFailure (request: FastifyRequest, error: unknown, problem: ProblemBody, context: Record<string, unknown> = {}): void {
  if (problem.code === 'unavailable') (request.server?.databaseOutage ?? { failed: () => request.log.warn({ code: problem.code }, 'the database is not answering') }).failed(error, request.log)
  else if (problem.status >= 500) request.log.error({ err: error, ...context }, 'request failed')
  else request.log.info({ code: problem.code, detail: problem.detail }, 'request rejected')
}

/** Installs the REST error and not-found handlers on an instance (the root or a route scope). */
export function useProblemHandlers (app: FastifyInstance): void {
  // Fastify answers a known path with an unregistered method as 404; users expect 405 and Allow.
  const routes: Array<{ regex: RegExp, methods: string[] }> = []
  app.addHook('onRoute', (route) => {
    // CORS preflight answers OPTIONS on every path; it says nothing about which methods a path has.
    const methods = ([] as string[]).concat(route.method).filter((m) => m !== 'OPTIONS')
    if (methods.length > 0) routes.push({ regex: patternRegex(route.url), methods })
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error, request)
    logFailure(request, error, problem)
    if (problem.code === 'unavailable') reply.header('retry-after', String(RETRY_AFTER_SECONDS))
    return sendProblem(reply, problem)
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!
    const allowed = [...new Set(routes.filter((r) => r.regex.test(path)).flatMap((r) => r.methods))]
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '))
      return sendProblem(reply, {
        type: problemType('method-not-allowed'), title: 'Method Not Allowed', status: 405, detail: `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}`, instance: request.url, code: 'method-not-allowed'
      })
    }
    return sendProblem(reply, {
      type: problemType('not-found'), title: 'Not Found', status: 404, detail: `No route ${request.method} ${path}`, instance: request.url, code: 'not-found'
    })
  })
}
