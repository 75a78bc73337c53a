// Dashboard endpoints: GET /v1/timeline, /v1/stats and /v1/actors/{id}/network. Timeline and stats
// also answer as flat `{ time, series, value }` rows (shape=rows), in JSON, CSV or NDJSON.
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorNetwork, NetworkSchema } from '../../knowledge/network'
import { type Row, RowSchema } from '../../knowledge/rows'
import { stats, statsRows, StatsSchema } from '../../knowledge/stats'
import { IntervalSchema, SplitSchema, timeline, timelineRows, TimelineSchema } from '../../knowledge/timeline'
import { events } from '../../knowledge'
import { csvStream, FormatParam, FORMATS, negotiate, type Format } from '../formats'
import { ProblemSchema } from '../problems'
import { BomParam } from '../query-params'
import { listQuerySchema } from './knowledge-routes'

const ROW_COLUMNS = ['time', 'series', 'value']
const RowsSchema = z.array(RowSchema).meta({ id: 'Rows' })

const ShapeSchema = z.enum(['summary', 'rows']).optional()
  .describe('summary (default) or rows: flat [{time, series, value}] for Grafana JSON/Infinity. CSV and NDJSON are always rows')
/** Rows in the negotiated format. CSV and NDJSON are built whole: dashboards are small. */
function sendRows (reply: FastifyReply, format: Format, rows: Row[], name: string, bom: boolean): FastifyReply | Row[] {
  if (format === 'json') return rows
  reply.header('content-type', `${FORMATS[format]}; charset=utf-8`)
  if (format === 'csv') {
    reply.header('content-disposition', `inline; filename="${name}.csv"`)
    return reply.send(csvStream(ROW_COLUMNS, (async function * () { yield * rows })(), bom) as never)
  }
  return reply.send(rows.map((r) => JSON.stringify(r) + '\n').join(''))
}

// The events list's filters, parsed from the query string exactly as GET /v1/events parses them.
const eventsListQuery = listQuerySchema(events).shape
const TimelineQuerySchema = z.strictObject({
  ...Object.fromEntries(Object.keys(events.filter.shape).map((k) => [k, eventsListQuery[k]!])),
  interval: IntervalSchema.default('year').describe('Bucket size (default year)'),
  split: SplitSchema.optional().describe('One series per event category or per actor (slug)'),
  shape: ShapeSchema,
  format: FormatParam,
  bom: BomParam
})

const dashboardRoutes: FastifyPluginAsync = async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get('/v1/timeline', {
    schema: {
      tags: ['dashboards'],
      operationId: 'getTimeline',
      summary: 'Events per year, quarter or month',
      description: 'Accepts every filter of GET /v1/events. Buckets do not move: an event counts once, in the bucket of its earliest possible day (`date.earliest`), whatever the window: ' +
        'an event dated "2014" falls in 2014, or in 2014-01 by month; a range where it starts. ' +
        '`from` and `to` only choose which buckets are returned, each whole (a bucket has the same count in every window that shows it); ' +
        'the events they leave out are counted in `outside`, those without a date in `undated`; neither appears as rows. ' +
        'Buckets run from `from` (else the first dated event) to `to` (else the last), empty ones included. ' +
        'With split, each bucket also counts per category or per actor; an event with several actors counts once for each. ' +
        'shape=rows (or CSV/NDJSON): one row per bucket and series, zeros included (series "events" without split).',
      querystring: TimelineQuerySchema,
      response: { 200: z.union([TimelineSchema, RowsSchema]).describe('The timeline, or with shape=rows its rows'), '4xx': ProblemSchema }
    }
  }, async (request, reply) => {
    const { interval, split, shape, format, bom, ...filter } = request.query
    const wanted = negotiate(format, request.headers.accept)
    const result = await timeline(app.prisma, { filter, interval, split })
    if (wanted === 'json' && shape !== 'rows') return result
    return sendRows(reply, wanted, timelineRows(result), 'timeline', bom === true)
  })

  api.get('/v1/stats', {
    schema: {
      tags: ['dashboards'],
      operationId: 'getStats',
      summary: 'Counts per kind of record and per facet',
      description: 'counts: records per kind (equal to each list\'s page.total without filters). facets: events by category and date precision, ' +
        'agreements by kind and status, leverage channels by kind, figures by currency and unit, actors by kind, sources by kind and language, ' +
        'footnotes by kind, claims by section, passages by kind; null is an empty field. ' +
        'shape=rows (or CSV/NDJSON): series "events" for a count, "events.category=visit" for a facet value ("(none)" for empty); time is null, as these counts have no time.',
      querystring: z.strictObject({ shape: ShapeSchema, format: FormatParam, bom: BomParam }),
      response: { 200: z.union([StatsSchema, RowsSchema]).describe('The counts, or with shape=rows their rows'), '4xx': ProblemSchema }
    }
  }, async (request, reply) => {
    const wanted = negotiate(request.query.format, request.headers.accept)
    const result = await stats(app.prisma)
    if (wanted === 'json' && request.query.shape !== 'rows') return result
    return sendRows(reply, wanted, statsRows(result), 'stats', request.query.bom === true)
  })

  api.get('/v1/actors/:id/network', {
    schema: {
      tags: ['dashboards', 'actors'],
      operationId: 'getActorNetwork',
      summary: 'Actors linked to this one through shared events and agreements',
      description: 'weight = events both take part in + agreements both are parties to (each record once, whatever the roles). ' +
        'links are heaviest first; nodes and edges are the same network in the field names of Grafana\'s node graph (centre first).',
      params: z.object({ id: z.string().min(1).max(200).describe('Numeric id or slug') }),
      querystring: z.strictObject({}),
      response: { 200: NetworkSchema, '4xx': ProblemSchema }
    }
  }, async (request) => await actorNetwork(app.prisma, request.params.id))
}

export default dashboardRoutes
