// Bounds every request body and URL must respect before any route sees it: no NUL characters
// (PostgreSQL text cannot hold them), no string longer than any field needs, no absurd nesting.
import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors'

/** Longer than any title, summary, quote or GraphQL query this service needs. */
export const MAX_STRING_LENGTH = 20_000
export const MAX_NESTING = 32

function invalid (field: string, message: string): AppError {
  return new AppError(400, 'validation-failed', 'Bad Request', `${field}: ${message}`, { errors: [{ in: 'body', field, message }] })
}

/** The first offending value's path, walking arrays and objects; throws on the first problem. */
export function checkValue (value: unknown, path: string[] = [], depth = 0): void {
  const field = path.join('.') || 'body'
  if (depth > MAX_NESTING) throw invalid(field, `nests deeper than ${MAX_NESTING} levels`)
  if (typeof value === 'string') {
    if (value.length > MAX_STRING_LENGTH) throw invalid(field, `is ${value.length} characters long; the limit is ${MAX_STRING_LENGTH}`)
    if (value.includes('\u0000') || /\\u0000/i.test(value)) throw invalid(field, 'contains a NUL character')
    return
  }
  if (Array.isArray(value)) { value.forEach((v, i) => { checkValue(v, [...path, String(i)], depth + 1) }); return }
  if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) checkValue(v, [...path, k], depth + 1)
}

export function useInputGuards (app: FastifyInstance, maxUrlLength: number): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > maxUrlLength) throw new AppError(414, 'uri-too-long', 'URI Too Long', `the URL is ${request.url.length} characters; the limit is ${maxUrlLength}`)
    if (/%00/.test(request.url)) throw new AppError(400, 'validation-failed', 'Bad Request', 'the URL contains a NUL character', { errors: [{ in: 'url', field: null, message: 'contains a NUL character' }] })
  })
  app.addHook('preValidation', async (request) => { checkValue(request.body) })
}
