// GET /v1/<kind> and /v1/<kind>/{id} for every kind of knowledge, generated from the resource
// definitions in src/knowledge so that every list behaves the same way.
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { MAX_PAGE_SIZE } from '../../knowledge/pagination'
import { resources } from '../../knowledge'
import { getRecord, listRecords, recordSchema, type KnowledgeRecord, type ResourceDefinition } from '../../knowledge/resource'
import { versionOf, writableOf } from '../../knowledge/writes'
import { columnsOf, everyItem, FormatParam, FORMATS, negotiate, sendRecords } from '../formats'
import { setRecordVersion, useRecordEtags } from '../record-etag'
import { ProblemSchema } from '../problems'
import { BomParam, CursorParam, limitParam, PageMetaSchema, queryParam } from '../query-params'

export function pascal (name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())
}

const detailSchemas = new Map<string, z.ZodObject>()
/** One record with every relation: the body of GET /v1/<kind>/{id}, and of a write's answer. */
export function detailSchema (def: ResourceDefinition): z.ZodObject {
  let schema = detailSchemas.get(def.name)
  if (schema === undefined) {
    schema = recordSchema(def, 'all').meta({ id: `${pascal(def.name)}Detail`, description: `The ${def.noun}, with its evidence and every related record` })
    detailSchemas.set(def.name, schema)
  }
  return schema
}

export function listQuerySchema (def: ResourceDefinition): z.ZodObject {
  const sorts = Object.keys(def.sorts).flatMap((k) => [k, `-${k}`]) as [string, ...string[]]
  const relations = Object.keys(def.relations)
  return z.strictObject({
    ...Object.fromEntries(Object.entries(def.filter.shape).map(([k, s]) => [k, queryParam(s as z.ZodType)])),
    sort: z.enum(sorts).optional().describe(`Sort order (default ${def.defaultSort}); prefix - for descending`),
    limit: limitParam(`Page size, 1-${MAX_PAGE_SIZE} (default 50; CSV and NDJSON without a limit stream every record)`),
    cursor: CursorParam,
    ...(relations.length > 0
      ? { include: queryParam(z.array(z.enum(relations as [string, ...string[]])).optional()).describe(`Embed related records: ${relations.join(', ')}`) }
      : {}),
    format: FormatParam,
    bom: BomParam
  })
}

const knowledgeRoutes: FastifyPluginAsync = async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  useRecordEtags(app)
  for (const def of resources) {
    const Record = recordSchema(def, 'optional').meta({ id: `${pascal(def.name)}Record` })
    const Detail = detailSchema(def)
    const Query = listQuerySchema(def)
    const tag = def.name

    api.get(`/v1/${def.name}`, {
      schema: {
        tags: [tag],
        operationId: `list${pascal(def.name)}`,
        summary: `List ${def.name}`,
        description: `Filters combine with AND. Every record carries its evidence. Also available as ${FORMATS.csv} and ${FORMATS.ndjson}.`,
        querystring: Query,
        response: { 200: z.object({ data: z.array(Record), page: PageMetaSchema }).meta({ id: `${pascal(def.name)}Page`, description: `A page of ${def.noun}s (JSON); as CSV or NDJSON, every matching record without a limit` }), '4xx': ProblemSchema }
      }
    }, async (request, reply) => {
      const { sort, limit, cursor, include, format, bom, ...filter } = request.query as Record<string, unknown>
      const wanted = negotiate(format as 'json' | undefined, request.headers.accept)
      const query = { filter, sort: sort as string | undefined, cursor: cursor as string | undefined, include: include as string[] | undefined }
      if (wanted !== 'json') {
        const records: AsyncGenerator<KnowledgeRecord> = limit === undefined
          ? everyItem(async (at) => await listRecords(def, app.prisma, { ...query, cursor: at, limit: MAX_PAGE_SIZE }), query.cursor)
          : (async function * () { const page = await listRecords(def, app.prisma, { ...query, limit: limit as number }); yield * page.data })()
        const included = new Set(query.include ?? [])
        const columns = columnsOf(Record).filter((c) => { const head = c.split('.')[0]!; return !(head in def.relations) || included.has(head) })
        return await sendRecords(reply, wanted, def.name, columns, records, bom === true)
      }
      return await listRecords(def, app.prisma, { ...query, limit: (limit as number | undefined) ?? 50 })
    })

    api.get(`/v1/${def.name}/:id`, {
      schema: {
        tags: [tag],
        operationId: `get${pascal(def.noun.replace(/ /g, '-'))}`,
        summary: `One ${def.noun}, with its evidence and every related record`,
        description: `By numeric id or ${def.key.field}.${writableOf(def.name) !== undefined ? ' The ETag names the version: send it back as If-Match to PATCH or DELETE the record.' : ''}`,
        params: z.object({ id: z.string().min(1).max(200).describe(`Numeric id or ${def.key.field}`) }),
        response: { 200: Detail, '4xx': ProblemSchema }
      }
    }, async (request, reply) => {
      const record = await getRecord(def, app.prisma, request.params.id)
      // A record that can be edited says which version it is: PATCH and DELETE send it back in If-Match.
      const writable = writableOf(def.name)
      const version = writable !== undefined ? await versionOf(app.prisma, writable, record.id) : undefined
      if (version !== undefined) setRecordVersion(reply, version)
      return record
    })
  }
}

export default knowledgeRoutes
