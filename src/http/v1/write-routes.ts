// POST /v1/<kind>, PATCH and DELETE /v1/<kind>/{id or slug} for every writable kind: an editor's
// key, a JSON body checked by the seed's zod schemas, If-Match against the record's ETag.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { createRecord, deleteRecord, updateRecord, writables, writeSchemas } from '../../knowledge/writes'
import { ProblemSchema } from '../problems'
import { ifMatchVersion, setRecordVersion, useRecordEtags } from '../record-etag'
import { withArticle } from '../../knowledge/resource'
import { detailSchema, pascal } from './knowledge-routes'

const IdParams = z.object({ id: z.string().min(1).max(200).describe('Numeric id or slug') })
const IfMatchHeaders = z.object({
  'if-match': z.string().max(200).optional().describe('The ETag of the version you edit; 412 when the record has changed since. Without it the write goes ahead.')
})

const writeRoutes: FastifyPluginAsync = async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const editor = app.requireRole('editor')
  const security = [{ bearer: [] }]
  useRecordEtags(app)

  for (const w of writables) {
    const { def } = w
    const name = pascal(def.noun.replace(/ /g, '-'))
    const { create: Input, patch: Patch } = writeSchemas.get(def.name)!
    const Detail = detailSchema(def)
    const tags = [def.name]
    const aNoun = withArticle(def.noun)

    api.post(`/v1/${def.name}`, {
      preHandler: editor,
      schema: {
        tags,
        security,
        operationId: `create${name}`,
        summary: `Create ${aNoun} (editor)`,
        description: 'Relations are named by slug. Evidence quotes the paper verbatim (checked against its paragraphs), or names the source its quote comes from.',
        body: Input,
        response: { 201: Detail, '4xx': ProblemSchema }
      }
    }, async (request, reply) => {
      const { record, version } = await createRecord(app.prisma, request.caller!, w, request.body as Record<string, unknown>)
      setRecordVersion(reply, version)
      return reply.code(201).header('location', `/v1/${def.name}/${String(record.slug)}`).send(record)
    })

    api.patch(`/v1/${def.name}/:id`, {
      preHandler: editor,
      schema: {
        tags,
        security,
        operationId: `update${name}`,
        summary: `Change some fields of ${aNoun} (editor)`,
        description: 'Fields left out keep their value; a relation or evidence list given replaces the old one. The slug cannot change.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Patch,
        response: { 200: Detail, '4xx': ProblemSchema }
      }
    }, async (request, reply) => {
      const expected = ifMatchVersion(request.headers['if-match'])
      const { record, version } = await updateRecord(app.prisma, request.caller!, w, request.params.id, expected, request.body as Record<string, unknown>)
      setRecordVersion(reply, version)
      return record
    })

    api.delete(`/v1/${def.name}/:id`, {
      preHandler: editor,
      schema: {
        tags,
        security,
        operationId: `delete${name}`,
        summary: `Delete ${aNoun} (editor)`,
        description: 'Refused with 409 and the list of referrers while other records refer to it, unless cascade=true, which removes those references first.',
        params: IdParams,
        headers: IfMatchHeaders,
        querystring: z.strictObject({ cascade: z.enum(['true', 'false']).optional().describe('Unlink the records that refer to this one, then delete it') }),
        response: { 204: z.null().describe('Deleted'), '4xx': ProblemSchema }
      }
    }, async (request, reply) => {
      const expected = ifMatchVersion(request.headers['if-match'])
      await deleteRecord(app.prisma, request.caller!, w, request.params.id, expected, request.query.cascade === 'true')
      return reply.code(204).send(null)
    })
  }
}

export default writeRoutes
