// The service's own web pages: the explorer at / and GraphiQL at /graphiql. The libraries they use
// are served by this service under /vendor (src/web/vendor.ts), so the pages need nothing but this
// origin (no CDN: they work on a closed network, and the CSP says so).
import { basename, dirname, join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { NotFoundError } from '../errors'
import { vendorFiles } from './vendor'

/** The pages' own files (HTML, scripts, styles): beside src/ in the repository and beside dist/ in the image. */
export const WEB_DIR = join(__dirname, '..', '..', 'web')

/** Scripts, styles and requests from this origin only; GraphiQL's CSS embeds its icons as data: URLs. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

const web: FastifyPluginAsync = async (app) => {
  // Overrides the API's CSP (which allows nothing) for this scope's pages.
  app.addHook('onRequest', async (_request, reply) => { reply.header('content-security-policy', PAGE_CSP) })
  const hidden = { schema: { hide: true } }

  // web/graphiql/* and web/explorer/*: one route per file, found when the app starts.
  await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/', wildcard: false, index: false })
  app.get('/', hidden, async (_request, reply) => reply.sendFile('explorer/index.html'))
  app.get('/graphiql', hidden, async (_request, reply) => reply.sendFile('graphiql/index.html'))

  const vendor = vendorFiles()
  app.get<{ Params: { file: string } }>('/vendor/:file', hidden, async (request, reply) => {
    const path = vendor.get(request.params.file)
    if (path === undefined) throw new NotFoundError(`no vendor file ${request.params.file}; there are ${[...vendor.keys()].join(', ')}`)
    return reply.sendFile(basename(path), dirname(path))
  })
}

export default web
