// The one implementation of listing and fetching knowledge, shared by REST and GraphQL. Each kind
// (events, agreements, ...) is a ResourceDefinition: its table, filters (SQL conditions), sorts,
// record shape, and the batched loaders of its relations. Query cost does not grow with page size
// or depth: one statement for the page and its total (keyset cursor, a row comparison an index
// answers), one for the evidence, and one per embedded relation.
import { z } from 'zod'
import { columnOf, type PrismaClient } from '../db/prisma'
import { queryRows } from '../db/sql'
import { InvalidInputError, NotFoundError } from '../errors'
import { evidenceJson, evidenceOf, loadEvidence, EvidenceSchema, type EvidenceSubject } from './evidence'
import { Prisma } from '../generated/prisma/client'
import { assertSearchable } from './text-search'
import { afterCursorSql, checkPageSize, decodeCursor, encodeCursor, numericId, orderBySql, pageOf, type Page, type SortSpec, type SortType } from './pagination'

export interface Relation {
  /** Shape of one embedded value (an array item, or the object for a to-one relation). */
  schema: z.ZodType
  many: boolean
  /** The kind (its `name`) of the related records: GraphQL serves them whole, through that kind's definition. */
  target: string
  /** A link that says something itself (an event's actor in a role): GraphQL gives the link's `fields` with the record under `as`. */
  link?: { as: string, fields: readonly string[] }
  /** A to-one relation every record has (a footnote's passage): non-null in GraphQL. */
  required?: true
  /** The relation of the record aliased `t` as JSON built by PostgreSQL: a list embeds it in its page's own statement. */
  json?: Prisma.Sql
  load: (db: PrismaClient, ids: readonly number[]) => Promise<Map<number, unknown>>
}

/**
 * A relation written once, as SQL that builds it as JSON for the record aliased `t` of `table`
 * (empty: `[]` or null): embedded in a list's statement, or loaded for many records in one.
 */
export function sqlRelation (table: string, relation: Omit<Relation, 'load' | 'json'> & { json: Prisma.Sql }): Relation {
  return {
    ...relation,
    load: async (db, ids) => {
      const rows = await queryRows<{ id: number, value: unknown }>(db, Prisma.sql`
        SELECT t.id, ${relation.json} AS value FROM ${Prisma.raw(`"${table}"`)} t WHERE t.id = ANY(${[...ids]}::int[])`)
      return new Map(rows.map((r) => [r.id, r.value]))
    }
  }
}

/** "an event", "a figure": the noun with its indefinite article (every noun here begins as it is spelled). */
export function withArticle (noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`
}

/**
 * A field of a record (in seed/ and in a write's input) that names records of another kind by
 * slug: a column of the record (`figure.channel` → channel_id), or a list kept in a link table
 * (`event.actors` → event_actors). Fields are Prisma's (camelCase); a list of objects carries the
 * slug under `key` and the link's own columns besides (`{ actor, role, note }`).
 */
export interface ColumnReference { kind: string, column: string }
export interface LinkReference { kind: string, link: { table: string, owner: string, target: string }, key?: string }
export type Reference = ColumnReference | LinkReference

/** A record that refers to the one being deleted. */
export interface Referrer { kind: string, slug: string, via: string }

/** How records of a kind are curated: loaded from seed/ and written by editors, with the same checks. */
export interface Curation {
  /** Its file under seed/, and the shape of one record there (also a write's input). */
  file: string
  schema: z.ZodObject
  /** The record's own fields, written as they are. */
  fields: string[]
  /** A `date` field: a date as the paper gives it, or a source's printed date; written as its machine columns. */
  date?: 'paper' | 'citation'
  /** The fields that name other records. */
  refs?: Record<string, Reference>
  /** Where records point at this kind other than through `refs` (sources: the paper's footnotes): they cannot be unlinked. */
  otherReferrers?: (tx: Prisma.TransactionClient, id: number) => Promise<Referrer[]>
}

export interface ResourceDefinition<Row = any, Filter extends z.ZodRawShape = z.ZodRawShape> {
  /** Collection name: REST path segment and GraphQL root field. */
  name: string
  /** Singular noun for messages and schema names (`leverage channel`: type LeverageChannel, field leverageChannel). */
  noun: string
  /** What the kind holds, in a line: the OpenAPI tag's description. */
  description: string
  /** The table the records live in, and the model's scalar fields (Prisma's `<Model>ScalarFieldEnum`). */
  table: string
  fields: Record<string, string>
  /** More columns a record needs from other tables, as `expression AS "name"` over `t`. */
  joined?: Prisma.Sql
  /** The other key a record can be fetched by besides its numeric id. */
  key: { field: 'slug' | 'number' | 'ordinal', schema: z.ZodType<string | number> }
  /** The column of `evidence` naming a record of this kind; null for kinds without evidence. */
  evidence: EvidenceSubject | null
  /**
   * How search shows a hit, over the table aliased `t` (joined to `from`): its title, and the texts
   * its snippet is cut from in reading order (what the stored `search` vector indexes; the evidence
   * quotes follow by themselves). Absent: search does not look in this kind.
   */
  search?: { title: Prisma.Sql, text: Prisma.Sql[], from?: Prisma.Sql }
  /** The closed sets a dashboard groups this kind by (/v1/stats): facet name and its column. */
  facets: Record<string, string>
  /** Absent: the kind is the paper's own structure (passages, footnotes), read-only. */
  curation?: Curation
  filter: z.ZodObject<Filter>
  /** SQL conditions on the table aliased `t`, all of which a record must meet; user input only as bind parameters. */
  where: (db: PrismaClient, filter: z.infer<z.ZodObject<Filter>>) => Promise<Prisma.Sql[]>
  /** `dateIn`: for a date sort, the record field whose `earliest` the sort reads (default `date`). */
  sorts: Record<string, { field: string, type: SortType, nullable?: boolean, dateIn?: string }>
  defaultSort: string
  /** The record's own fields (without evidence and relations). */
  schema: z.ZodObject
  toRecord: (row: Row) => Record<string, unknown>
  relations: Record<string, Relation>
}

/** The kind's names in GraphQL: `leverage channel` is type LeverageChannel, field leverageChannel, list leverageChannels. */
export function graphqlNames (def: Pick<ResourceDefinition, 'name' | 'noun'>): { type: string, one: string, list: string } {
  const type = def.noun.replace(/(^| )([a-z])/g, (_, __, c: string) => c.toUpperCase())
  return { type, one: type[0]!.toLowerCase() + type.slice(1), list: def.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) }
}

export function defineResource<Row, Filter extends z.ZodRawShape> (d: ResourceDefinition<Row, Filter>): ResourceDefinition<Row, Filter> {
  return d
}

export interface ListQuery {
  filter: Record<string, unknown>
  sort?: string
  limit: number
  cursor?: string
  include?: string[]
}

export type KnowledgeRecord = Record<string, unknown> & { id: number }

/** A table row with its columns named as the model's fields (what `toRecord` takes). */
type Row = Record<string, unknown> & { id: number }

export function parseSort (def: ResourceDefinition, sort: string | undefined): SortSpec {
  const raw = sort ?? def.defaultSort
  const direction = raw.startsWith('-') ? 'desc' : 'asc'
  const key = raw.replace(/^-/, '')
  const spec = def.sorts[key]
  if (spec === undefined) throw new InvalidInputError('sort', `cannot sort ${def.name} by "${key}"; use one of ${Object.keys(def.sorts).join(', ')} (prefix - for descending)`)
  return { key, field: spec.field, direction, type: spec.type, nullable: spec.nullable ?? false, dateIn: spec.dateIn }
}

function checkInclude (def: ResourceDefinition, include: string[] | undefined): string[] {
  const wanted = include ?? []
  const unknown = wanted.filter((r) => !(r in def.relations))
  if (unknown.length > 0) throw new InvalidInputError('include', `${def.name} cannot include ${unknown.join(', ')}; use ${Object.keys(def.relations).join(', ') || 'nothing'}`)
  return wanted
}

/** Columns a list's statement adds to each row: the evidence and the included relations PostgreSQL can build. */
const EVIDENCE = '__evidence'
const RELATION = '__relation_'

function embedded (def: ResourceDefinition, include: string[]): Prisma.Sql[] {
  return [
    ...(def.evidence !== null ? [Prisma.sql`${evidenceJson(def.evidence)} AS ${Prisma.raw(`"${EVIDENCE}"`)}`] : []),
    ...include.flatMap((name) => {
      const json = def.relations[name]!.json
      return json !== undefined ? [Prisma.sql`${json} AS ${Prisma.raw(`"${RELATION}${name}"`)}`] : []
    })
  ]
}

/**
 * Evidence and the asked-for relations, for all records at once: taken from the row when its
 * statement built them (a list's page), otherwise loaded in one statement each.
 */
export async function decorate (def: ResourceDefinition, db: PrismaClient, rows: Row[], include: string[]): Promise<KnowledgeRecord[]> {
  const ids = rows.map((r) => r.id)
  const built = (column: string): boolean => rows[0] !== undefined && column in rows[0]
  const [evidence, ...relations] = await Promise.all([
    def.evidence !== null && !built(EVIDENCE) ? loadEvidence(db, def.evidence, ids) : Promise.resolve(null),
    ...include.map(async (name) => [name, built(`${RELATION}${name}`) ? null : await def.relations[name]!.load(db, ids)] as const)
  ])
  return rows.map((row) => {
    const record: KnowledgeRecord = { ...def.toRecord(row), id: row.id }
    if (def.evidence !== null) record.evidence = evidence !== null ? evidence.get(row.id) ?? [] : evidenceOf(row[EVIDENCE])
    for (const [name, values] of relations) {
      const value = values !== null ? values.get(row.id) : row[`${RELATION}${name}`]
      record[name] = value ?? (def.relations[name]!.many ? [] : null)
    }
    return record
  })
}

/** The filter as the SQL conditions a record must meet, on the table aliased `t`. */
async function conditionsOf (def: ResourceDefinition, db: PrismaClient, filter: Record<string, unknown>): Promise<Prisma.Sql[]> {
  return await def.where(db, def.filter.parse(filter))
}

/** The filter as one SQL condition on the table aliased `t` (TRUE without filters): what the timeline counts. */
export async function whereSql (def: ResourceDefinition, db: PrismaClient, filter: Record<string, unknown>): Promise<Prisma.Sql> {
  const conditions = await conditionsOf(def, db, filter)
  return conditions.length > 0 ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`
}

/**
 * When a filtered answer is empty: a `q` with nothing to search for (only stop words) is the
 * caller's mistake and says so, rather than an empty list. Checked only then, as it costs a statement.
 */
export async function explainEmpty (filter: Record<string, unknown>, db: PrismaClient, matched: number): Promise<void> {
  if (matched === 0 && typeof filter.q === 'string') await assertSearchable(db, 'q', filter.q)
}

/** The columns of a record, named as the model's fields (what `toRecord` takes), from the table aliased `t`. */
function selectList (def: ResourceDefinition, extra: Prisma.Sql[] = []): Prisma.Sql {
  const own = Prisma.raw(Object.keys(def.fields).map((f) => `t."${columnOf(f)}" AS "${f}"`).join(', '))
  return Prisma.join([own, ...(def.joined !== undefined ? [def.joined] : []), ...extra], ', ')
}

export async function listRecords (def: ResourceDefinition, db: PrismaClient, query: ListQuery): Promise<Page<KnowledgeRecord>> {
  checkPageSize(query.limit)
  const include = checkInclude(def, query.include)
  const sort = parseSort(def, query.sort)
  const conditions = await conditionsOf(def, db, query.filter)
  const after = query.cursor !== undefined ? decodeCursor(query.cursor, sort) : undefined
  const rows = await queryRows<Row & { __total: number | null }>(db, conditions.length === 0
    ? everyRecordPage(def, sort, after, query.limit, embedded(def, include))
    : matchingRecordPage(def, sort, Prisma.join(conditions, ' AND '), after, query.limit, embedded(def, include)))
  const total = rows[0]?.__total
  // Only an unfiltered page reads row_counts: a table missing there is a broken migration, never "no records".
  if (total === null || total === undefined) throw new Error(`row_counts has no row for table "${def.table}": its migration must register it (and its counting triggers)`)
  const found = rows.filter((r) => r.id !== null).map(({ __total, ...row }) => row as Row)
  await explainEmpty(query.filter, db, found.length)
  const page = pageOf(found, query.limit, (last) => encodeCursor(sort, last[sort.field], last.id))
  return { data: await decorate(def, db, page.rows, include), page: { limit: query.limit, total, nextCursor: page.nextCursor } }
}

type Sort = ReturnType<typeof parseSort>
type After = { value: unknown, id: number } | undefined

/**
 * Without filters: the page straight off the sort's index (a row comparison past the cursor), the
 * total from row_counts (kept by triggers). The total is the one row every answer has; the page's
 * rows, none past the end, are joined to it.
 */
function everyRecordPage (def: ResourceDefinition, sort: Sort, after: After, limit: number, extra: Prisma.Sql[]): Prisma.Sql {
  const table = Prisma.raw(`"${def.table}"`)
  return Prisma.sql`
    SELECT page.*, c.total AS "__total"
    FROM (SELECT (SELECT "rows"::int FROM row_counts WHERE table_name = ${def.table}) AS total) c
    LEFT JOIN LATERAL (
      SELECT ${selectList(def, extra)} FROM ${table} t
      ${after !== undefined ? Prisma.sql`WHERE ${afterCursorSql(sort, after.value, after.id)}` : Prisma.empty}
      ${orderBySql(sort)}
      LIMIT ${limit + 1}
    ) page ON true`
}

/**
 * With filters: the matching records are found once (by whichever index suits the filters), their
 * count is the total and the page is the first of them past the cursor; only the page's rows are
 * then read whole. Filters and cursor depth do not change the plan's shape.
 */
function matchingRecordPage (def: ResourceDefinition, sort: Sort, where: Prisma.Sql, after: After, limit: number, extra: Prisma.Sql[]): Prisma.Sql {
  const table = Prisma.raw(`"${def.table}"`)
  const sortColumn = sort.field === 'id' ? Prisma.empty : Prisma.raw(`, t."${columnOf(sort.field)}"`)
  return Prisma.sql`
    WITH matching AS MATERIALIZED (SELECT t.id${sortColumn} FROM ${table} t WHERE ${where}),
    page AS (
      SELECT t.id FROM matching t
      ${after !== undefined ? Prisma.sql`WHERE ${afterCursorSql(sort, after.value, after.id)}` : Prisma.empty}
      ${orderBySql(sort)}
      LIMIT ${limit + 1}
    )
    SELECT records.*, c.total AS "__total"
    FROM (SELECT count(*)::int AS total FROM matching) c
    LEFT JOIN LATERAL (
      SELECT ${selectList(def, extra)} FROM ${table} t WHERE t.id IN (SELECT id FROM page) ${orderBySql(sort)}
    ) records ON true`
}

/** Whole rows (what `toRecord` takes) that meet `where`, a condition on the table aliased `t`. */
export async function findRows (def: ResourceDefinition, db: PrismaClient, where: Prisma.Sql, extra: Prisma.Sql[] = []): Promise<Row[]> {
  return await queryRows<Row>(db, Prisma.sql`SELECT ${selectList(def, extra)} FROM ${Prisma.raw(`"${def.table}"`)} t WHERE ${where}`)
}

/** A record by numeric id or by its key (slug, footnote number, passage ordinal), with every relation. */
export async function getRecord (def: ResourceDefinition, db: PrismaClient, idOrKey: string): Promise<KnowledgeRecord> {
  const everything = Object.keys(def.relations)
  const [row] = await findRows(def, db, lookupWhere(def, idOrKey), embedded(def, everything))
  if (row === undefined) throw new NotFoundError(`no ${def.noun} "${idOrKey}"`)
  const [record] = await decorate(def, db, [row], everything)
  return record!
}

/** Rows by their keys (slugs, footnote numbers or passage ordinals), in one statement. */
export async function rowsByKey (def: ResourceDefinition, db: PrismaClient, keys: ReadonlyArray<string | number>): Promise<Row[]> {
  const column = Prisma.raw(`t."${def.key.field}"`)
  return await findRows(def, db, def.key.field === 'slug'
    ? Prisma.sql`${column} = ANY(${keys.map(String)}::text[])`
    : Prisma.sql`${column} = ANY(${keys.map(Number)}::int[])`)
}

function lookupWhere (def: ResourceDefinition, idOrKey: string): Prisma.Sql {
  const id = numericId(idOrKey)
  if (def.key.field === 'slug') return id !== null ? Prisma.sql`t.id = ${id}::int` : Prisma.sql`t.slug = ${idOrKey}::text`
  // Footnotes and passages are named by their number / ordinal, which is also how users cite them.
  if (id === null) throw new NotFoundError(`no ${def.noun} "${idOrKey}"`)
  return Prisma.sql`${Prisma.raw(`t."${def.key.field}"`)} = ${id}::int`
}

export function recordSchema (def: ResourceDefinition, withRelations: 'all' | 'optional'): z.ZodObject {
  const relations = Object.fromEntries(Object.entries(def.relations).map(([name, r]) => {
    const schema = r.many ? z.array(r.schema) : r.schema.nullable()
    return [name, withRelations === 'all' ? schema : schema.optional()]
  }))
  return def.schema.extend({
    ...(def.evidence !== null ? { evidence: z.array(EvidenceSchema) } : {}),
    ...relations
  })
}
