import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { DocumentSchema, getDocument } from '../../knowledge/document'
import { ProblemSchema } from '../problems'

const documentRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/document', {
    schema: { tags: ['document'], operationId: 'getDocument', summary: 'The paper this knowledge base is built from', description: 'Its bibliographic record, sections and the number of records of each kind drawn from it.', response: { 200: DocumentSchema, '4xx': ProblemSchema } }
  }, async () => await getDocument(app.prisma))
}

export default documentRoutes
