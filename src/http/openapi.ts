// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and
// responses; served at /openapi.json and /openapi.yaml, with Swagger UI at /docs.
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { resources } from '../knowledge'
import { finishContract } from './openapi-contract'

export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'peninsula-kb',
        version: '1.0.0',
        description: 'A cited knowledge API about Russia\'s role on the Korean Peninsula, built from Artyom Lukin, "Russia\'s Role in the North Korea Conundrum: Part of the Problem or Part of the Solution?" (2016). Every fact carries its evidence: the paragraph of the paper it comes from, a verbatim quote, and its footnotes. Errors are RFC 9457 problem+json.',
        license: { name: 'MIT', identifier: 'MIT' },
        contact: { name: 'peninsula-kb maintainers' }
      },
      // Where `npm start` listens; a client for another host passes its own base URL.
      servers: [{ url: 'http://127.0.0.1:3000', description: 'The service as `npm start` runs it' }],
      tags: [
        ...resources.map((def) => ({ name: def.name, description: def.description })),
        { name: 'document', description: 'The paper itself' },
        { name: 'search', description: 'Ranked full-text search across every kind and the paper\'s text' },
        { name: 'dashboards', description: 'Timelines, counts and actor networks, also as flat rows for Grafana' },
        { name: 'changes', description: 'The audit trail: every write, with the record before and after' },
        { name: 'keys', description: 'API keys for writing (admin)' }
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key (`npm run keys:create -- --role editor --name you`). Reads need none unless READS_REQUIRE_KEY=true; writes need an editor key, /v1/keys an admin key.' }
        }
      }
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => finishContract(jsonSchemaTransformObject(document) as Record<string, any>) as ReturnType<typeof jsonSchemaTransformObject>
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // "Try it out" calls the service that serves this page, whatever its host and port, not the
    // document's example server.
    transformSpecification: (document, request) => ({ ...document, servers: [{ url: `${request.protocol}://${request.host}` }] }),
    transformSpecificationClone: true
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(app.swagger({ yaml: true })))
}, { name: 'openapi' })
