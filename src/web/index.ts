// The service's own web pages: the explorer at / and GraphiQL at /graphiql. The libraries they use
// are served from this service's npm dependencies under /vendor, so the pages need nothing but
// this origin (no CDN: they work on a closed network, and the CSP says so).
import { basename, dirname, join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { NotFoundError } from '../errors'

/** The pages' own files (HTML, scripts, styles): beside src/ in the repository and beside dist/ in the image. */
export const WEB_DIR = join(__dirname, '..', '..', 'web')

/** Browser builds of npm dependencies (versions pinned in package.json), under the names the pages load. */
export const VENDOR_FILES: Record<string, [pkg: string, file: string]> = {
  'react.js': ['react', 'umd/react.production.min.js'],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.css': ['graphiql', 'graphiql.min.css'],
  'echarts.js': ['echarts', 'dist/echarts.min.js']
}

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

  // Package exports hide these files from require.resolve; every package exports its package.json.
  const vendor = new Map(Object.entries(VENDOR_FILES).map(([name, [pkg, file]]) => [name, join(dirname(require.resolve(`${pkg}/package.json`)), file)]))
  app.get<{ Params: { file: string } }>('/vendor/:file', hidden, async (request, reply) => {
    const path = vendor.get(request.params.file)
    if (path === undefined) throw new NotFoundError(`no vendor file ${request.params.file}; there are ${[...vendor.keys()].join(', ')}`)
    return reply.sendFile(basename(path), dirname(path))
  })
}

export default web
