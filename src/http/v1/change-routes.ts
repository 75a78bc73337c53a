// GET /v1/changes: the audit trail as a public, keyset-paged feed.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ChangeSchema, listChanges } from '../../knowledge/changes'
import { ProblemSchema } from '../problems'
import { CursorParam, limitParam } from '../query-params'

const changeRoutes: FastifyPluginAsync = async (app) => {
  // A feed to sync from is revalidated every time (its ETag makes that cheap), not cached for a minute.
  app.addHook('onSend', async (_request, reply) => { reply.header('cache-control', 'no-cache') })
  app.withTypeProvider<ZodTypeProvider>().get('/v1/changes', {
    schema: {
      tags: ['changes'],
      operationId: 'listChanges',
      summary: 'Every write, oldest first: who, when, what, and the record before and after',
      querystring: z.strictObject({
        since: z.string().max(40).optional().describe('A change id (changes after it) or an ISO time (changes at or after it)'),
        limit: limitParam('Page size, 1-200 (default 50)'),
        cursor: CursorParam
      }),
      response: { 200: z.object({ data: z.array(ChangeSchema), page: z.object({ limit: z.number().int(), nextCursor: z.string().nullable() }) }).meta({ id: 'ChangePage' }), '4xx': ProblemSchema }
    }
  }, async (request) => await listChanges(app.prisma, { since: request.query.since, cursor: request.query.cursor, limit: request.query.limit ?? 50 }))
}

export default changeRoutes
