// GET /v1/search: ranked full-text search across every kind of knowledge and the paper's passages.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { SearchTextSchema } from '../../knowledge/text-search'
import { MAX_PAGE_SIZE } from '../../knowledge/pagination'
import { search, SEARCH_KINDS, SearchHitSchema, SearchKindSchema } from '../../knowledge/search'
import { columnsOf, everyItem, FormatParam, negotiate, sendRecords } from '../formats'
import { ProblemSchema } from '../problems'
import { BomParam, CursorParam, limitParam, PageMetaSchema, queryParam } from '../query-params'

const SearchQuerySchema = z.strictObject({
  q: SearchTextSchema,
  kind: queryParam(z.array(SearchKindSchema).max(SEARCH_KINDS.length).optional()
    .describe(`Only these kinds (comma-separated or repeated): ${SEARCH_KINDS.join(', ')}. Default: all`)),
  limit: limitParam(`Hits per page, 1-${MAX_PAGE_SIZE} (default 20; CSV and NDJSON without a limit stream every hit)`),
  cursor: CursorParam.describe('page.nextCursor of the previous page, with the same q and kind'),
  format: FormatParam,
  bom: BomParam
})

const SearchPageSchema = z.object({
  data: z.array(SearchHitSchema),
  page: PageMetaSchema
}).meta({ id: 'SearchPage', description: 'A page of hits, best first, and the cursor of the next page' })

const searchRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/search', {
    schema: {
      tags: ['search'],
      operationId: 'search',
      summary: 'Full-text search across events, agreements, channels, figures, actors, sources, scenarios, claims and passages',
      description: 'PostgreSQL full-text search (English stemming, indexed), best hits first by ts_rank_cd. ' +
        'Web-search syntax: `"nuclear test"` is a phrase, `THAAD OR Dalcombank` either, `Dalcombank -Macao` excludes. ' +
        'Actors are found by any of their aliases (`Pyongyang`, `RFE`). Each hit names its kind and key: GET /v1/{kind}/{key} fetches it. ' +
        'The snippet is HTML-escaped with matches in `<mark>`. A q of only stop words ("the") is a 400.',
      querystring: SearchQuerySchema,
      response: { 200: SearchPageSchema, '4xx': ProblemSchema }
    }
  }, async (request, reply) => {
    const { q, kind, limit, cursor, format, bom } = request.query
    const kinds = kind as Array<z.infer<typeof SearchKindSchema>> | undefined
    const wanted = negotiate(format, request.headers.accept)
    if (wanted !== 'json') {
      const hits = limit === undefined
        ? everyItem(async (at) => await search(app.prisma, { q, kinds, limit: MAX_PAGE_SIZE, cursor: at }), cursor)
        : (async function * () { yield * (await search(app.prisma, { q, kinds, limit, cursor })).data })()
      return await sendRecords(reply, wanted, 'search', columnsOf(SearchHitSchema), hits, bom === true)
    }
    return await search(app.prisma, { q, kinds, limit: limit ?? 20, cursor })
  })
}

export default searchRoutes
