// Renders every GraphQL error once: `extensions.code` carries the same code a REST problem would
// (src/http/problems.ts), bad input is a 4xx and never a 500, and internals never leak.
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql'
import type { MercuriusContext } from 'mercurius'
import type { z } from 'zod'
import { AppError } from '../errors'
import { RETRY_AFTER_SECONDS } from '../db/outage'
import { logFailure, toProblem } from '../http/problems'

/** Arguments that break the rules of the filter's zod schema, as REST's `validation-failed`. */
export class ValidationFailedError extends AppError {
  constructor (errors: Array<{ field: string, message: string }>) {
    super(400, 'validation-failed', 'Bad Request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors })
  }

  static fromZod (error: z.ZodError, argument: string): ValidationFailedError {
    return new ValidationFailedError(error.issues.map((issue) => ({ field: [argument, ...issue.path].join('.'), message: issue.message })))
  }
}

export class QueryTooComplexError extends AppError {
  constructor (cost: number, limit: number) {
    super(400, 'query-too-complex', 'Bad Request', `query costs ${cost}; the limit is ${limit}. Ask for fewer records (first) or fewer nested lists.`, { cost, limit })
  }
}

interface Formatted { status: number, error: GraphQLFormattedError }

function located (error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLFormattedError {
  return {
    message,
    ...(error.locations !== undefined ? { locations: error.locations } : {}),
    ...(error.path !== undefined ? { path: error.path } : {}),
    extensions
  }
}

/** A query graphql-js refused before running it: bad syntax, an unknown field, a variable of the wrong type, the depth limit. */
function refused (error: GraphQLError): Formatted {
  const code = typeof error.extensions.code === 'string' ? error.extensions.code : 'validation-failed'
  return { status: 400, error: located(error, error.message, { ...error.extensions, code }) }
}

/** mercurius's own refusals of a request, named as REST names them. */
function translated (error: Error): Error {
  switch ((error as { code?: unknown }).code) {
    case 'MER_ERR_METHOD_NOT_ALLOWED':
      return new AppError(405, 'method-not-allowed', 'Method Not Allowed', 'only queries can be sent with GET; send other operations with POST')
    case 'MER_ERR_GQL_VALIDATION':
      return new AppError(400, 'validation-failed', 'Bad Request', error.message)
    case 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND':
      return new ValidationFailedError([{ field: 'query', message: 'is missing' }])
    default:
      return error
  }
}

/** Everything else is rendered as REST renders it: AppErrors by their code, a few Fastify errors by theirs, the rest as `internal`. */
function rendered (error: GraphQLError, original: Error, context: MercuriusContext): Formatted {
  const problem = toProblem(translated(original), context.reply.request)
  const { type, title, status, detail, instance, code, ...extensions } = problem
  logFailure(context.reply.request, original, problem, { path: error.path })
  // A subscription's context has no HTTP reply to carry the header.
  if (code === 'unavailable' && typeof context.reply.header === 'function') context.reply.header('retry-after', String(RETRY_AFTER_SECONDS))
  return { status, error: located(error, detail ?? title, { code, ...extensions }) }
}

function formatOne (error: GraphQLError, context: MercuriusContext): Formatted[] {
  const original = error.originalError ?? undefined
  // mercurius rejects a request before execution with one error that holds graphql-js's own.
  const inner = (original as { errors?: unknown } | undefined)?.errors
  if (Array.isArray(inner)) {
    // Errors in it that are not graphql-js's take their meaning from the wrapper (GET for a mutation is a 405).
    return inner.map((e: Error) => e instanceof GraphQLError ? refused(e) : rendered(new GraphQLError(e.message, { originalError: e }), 'statusCode' in e ? e : original!, context))
  }
  // Before execution and not ours: a variable graphql-js could not coerce ("Int cannot represent ...") carries the scalar's own GraphQLError.
  if (error.path === undefined && (original === undefined || original instanceof GraphQLError)) return [refused(error)]
  return [rendered(error, original ?? error, context)]
}

export function errorFormatter (execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>, context: MercuriusContext): { statusCode: number, response: ExecutionResult } {
  const formatted = execution.errors.flatMap((e) => formatOne(e, context))
  // With data, the response is a partial success (200); a request rejected outright takes the status of its worst error.
  const hasData = execution.data !== undefined && execution.data !== null
  const statusCode = hasData ? 200 : Math.max(...formatted.map((f) => f.status))
  return {
    statusCode,
    response: { data: execution.data ?? null, errors: formatted.map((f) => f.error) as unknown as GraphQLError[] }
  }
}

/**
 * An error that keeps a subscription from starting (a bad argument, no room for another stream):
 * mercurius sends those over the socket without the error formatter, so they are formatted here,
 * as any other error would be.
 */
export function subscriptionError (error: unknown, context: MercuriusContext, path: ReadonlyArray<string | number>): GraphQLError {
  const original = error instanceof Error ? error : new Error(String(error))
  const [first] = formatOne(new GraphQLError(original.message, { originalError: original, path }), context)
  return new GraphQLError(first!.error.message, { path: first!.error.path, extensions: first!.error.extensions })
}
