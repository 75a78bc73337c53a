// /v1/keys: admins create, list and revoke API keys. A new key is in the 201 response and nowhere else.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ApiKeySchema, createKey, listKeys, NewKeySchema, revokeKey } from '../../auth/api-keys'
import { ProblemSchema } from '../problems'

const keyRoutes: FastifyPluginAsync = async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const admin = app.requireRole('admin')
  const security = [{ bearer: [] }]

  api.post('/v1/keys', {
    preHandler: admin,
    schema: {
      tags: ['keys'],
      operationId: 'createKey',
      summary: 'Create an API key (admin); the key is shown only in this response',
      description: 'The key is pkb_ and 32 random bytes; the database keeps only its SHA-256 and its first 12 characters (prefix).',
      security,
      body: NewKeySchema,
      response: { 201: ApiKeySchema.extend({ key: z.string().describe('The key itself: store it now, it cannot be shown again') }).meta({ id: 'NewApiKey', description: 'The new key, with the key itself (shown only now)' }), '4xx': ProblemSchema }
    }
  }, async (request, reply) => {
    const key = await createKey(app.prisma, request.body)
    request.log.info({ keyId: key.id, role: key.role }, 'API key created')
    return reply.code(201).header('cache-control', 'no-store').send(key)
  })

  api.get('/v1/keys', {
    preHandler: admin,
    schema: { tags: ['keys'], operationId: 'listKeys', summary: 'List API keys (admin), revoked ones included', description: 'Names, roles, prefixes and dates; never a key or its hash.', security, response: { 200: z.object({ data: z.array(ApiKeySchema) }).describe('Every key, revoked ones included'), '4xx': ProblemSchema } }
  }, async (_request, reply) => reply.header('cache-control', 'no-store').send({ data: await listKeys(app.prisma) }))

  api.delete('/v1/keys/:id', {
    preHandler: admin,
    schema: {
      tags: ['keys'],
      operationId: 'revokeKey',
      summary: 'Revoke an API key (admin); it stays listed with revokedAt',
      description: 'A revoked key is refused from then on (401); the audit trail still names it.',
      security,
      params: z.object({ id: z.coerce.number().int().min(1).max(2147483647) }),
      response: { 200: ApiKeySchema.describe('The key as it is now, with revokedAt'), '4xx': ProblemSchema }
    }
  }, async (request) => {
    const key = await revokeKey(app.prisma, request.params.id)
    request.log.info({ keyId: key.id }, 'API key revoked')
    return key
  })
}

export default keyRoutes
