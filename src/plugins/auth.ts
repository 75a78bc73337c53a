// Who is calling: `Authorization: Bearer <key>` becomes `request.caller` for REST and GraphQL alike.
// Reads are public unless READS_REQUIRE_KEY; writes declare the role they need with `app.requireRole`.
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { findCaller, hasRole, type Caller, type Role } from '../auth/api-keys'
import { ForbiddenError, UnauthorizedError } from '../errors'

declare module 'fastify' {
  interface FastifyRequest {
    /** The key's owner; null for an anonymous request. */
    caller: Caller | null
    /** Set when credentials were sent but name no live key: refused after rate limiting counts the request. */
    badCredentials: boolean
  }
  interface FastifyInstance {
    requireRole: (role: Role) => preHandlerAsyncHookHandler
  }
}

/** Paths that stay open even when reads need a key: health checks, the API's own documentation and the pages' static files. */
const ALWAYS_OPEN = /^\/(health\/|docs(\/|$)|openapi\.(json|yaml)$|graphiql(\/|$)|explorer\/|vendor\/|$)/

/** Throws unless the caller holds `role` (admin includes editor). */
export function assertRole (caller: Caller | null, role: Role): Caller {
  if (caller === null) throw new UnauthorizedError(`this needs an API key with the ${role} role: send Authorization: Bearer <key>`)
  if (!hasRole(caller, role)) throw new ForbiddenError(`the key "${caller.prefix}…" has the ${caller.role} role; this needs ${role}`)
  return caller
}

function bearer (request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header)
  return match?.[1] ?? ''
}

export default fp<{ readsRequireKey: boolean }>(async (app, { readsRequireKey }) => {
  app.decorateRequest('caller', null)
  app.decorateRequest('badCredentials', false)

  // Resolved first, so that the rate limit can count a key's requests under the key.
  app.addHook('onRequest', async (request) => {
    const key = bearer(request)
    if (key === undefined) return
    request.caller = await findCaller(app.prisma, key)
    request.badCredentials = request.caller === null
  })
  // After every onRequest hook (the rate limit among them), before the body is read.
  app.addHook('preParsing', async (request, reply) => {
    if (request.badCredentials) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"')
      throw new UnauthorizedError('the API key is malformed, unknown or revoked')
    }
    if (readsRequireKey && request.caller === null && !ALWAYS_OPEN.test(request.url)) {
      reply.header('www-authenticate', 'Bearer')
      throw new UnauthorizedError('this service requires an API key for every request: send Authorization: Bearer <key>')
    }
  })

  app.decorate('requireRole', (role: Role): preHandlerAsyncHookHandler => async (request, reply) => {
    if (request.caller === null) reply.header('www-authenticate', 'Bearer')
    assertRole(request.caller, role)
  })
}, { name: 'auth', dependencies: ['prisma'] })
