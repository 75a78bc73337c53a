import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NotFoundError } from '../../errors'
import { ProblemSchema } from '../problems'

export const DocumentSchema = z.object({
  slug: z.string(),
  title: z.string(),
  authors: z.array(z.string()),
  authorNote: z.string().nullable(),
  publisher: z.string().nullable(),
  year: z.number().int(),
  url: z.string().nullable(),
  note: z.string().nullable(),
  counts: z.object({ passages: z.number().int(), footnotes: z.number().int() })
}).meta({ id: 'Document' })

const documentRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/document', {
    schema: { tags: ['document'], operationId: 'getDocument', summary: 'The paper this knowledge base is built from', response: { 200: DocumentSchema, '4xx': ProblemSchema } }
  }, async () => {
    const doc = await app.prisma.document.findFirst({ include: { _count: { select: { passages: true, footnotes: true } } } })
    if (doc === null) throw new NotFoundError('no document is loaded')
    const { id, _count: counts, ...fields } = doc
    return { ...fields, counts }
  })
}

export default documentRoutes
