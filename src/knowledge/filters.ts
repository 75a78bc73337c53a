// Filter pieces more than one kind of knowledge uses: date overlap that respects precision, actors
// by slug or any alias, provenance (records whose evidence cites a footnote or a source), and
// full-text matching (the `q` filter; src/knowledge/search.ts ranks across kinds).
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'
import { bounds, DatePrecisionSchema } from '../seed/dates'
import { ActorRoleSchema, DateBasisSchema } from '../seed/schemas'

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i
// Five digits or more: four are a year. Grafana's ${__from} before 1970 is negative.
const EPOCH_MS = /^-?\d{5,15}$/
const DATE_BOUND_FORMS = 'use YYYY, YYYY-MM, YYYY-MM-DD, an RFC 3339 date-time or epoch milliseconds'

/** The instant a date-time or epoch-milliseconds bound names, or undefined for a calendar form (YYYY, YYYY-MM, YYYY-MM-DD). */
function instantOf (value: string): Date | undefined {
  if (EPOCH_MS.test(value)) return new Date(Number(value))
  if (DATE_TIME.test(value)) return new Date(value)
  return undefined
}

/**
 * `from`/`to`: a calendar date of any precision, or an instant as Grafana's time macros send it
 * (`${__from}` epoch milliseconds, `${__from:date:iso}` RFC 3339), which names the UTC day it falls in.
 */
export const DateBoundSchema = z.string().max(40)
  .refine((v) => PARTIAL_DATE.test(v) || (instantOf(v) !== undefined && dayBoundsValid(instantOf(v)!)), DATE_BOUND_FORMS)
  .describe('YYYY, YYYY-MM, YYYY-MM-DD, an RFC 3339 date-time (its UTC day) or epoch milliseconds (as Grafana\'s time macros send them)')

function dayBoundsValid (instant: Date): boolean {
  const year = instant.getUTCFullYear()
  return !Number.isNaN(instant.getTime()) && year >= 1 && year <= 9999
}

/** The first and last day a `from`/`to` value can mean: the whole year, month or day, or an instant's UTC day. */
export function dayBounds (value: string): [Date, Date] {
  const instant = instantOf(value)
  if (instant === undefined) return bounds(value)
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))
  return [day, day]
}
export const SlugListSchema = z.array(z.string().min(1).max(200)).max(20)

export const UndatedSchema = z.enum(['exclude', 'include', 'only'])
  .describe('Records the paper does not date: `exclude` leaves them out, `include` keeps them beside the dated ones that match, `only` lists them alone. Default: excluded when `from` or `to` is given (they have no date to compare), included otherwise')

/**
 * A record dated "2014" covers 2014-01-01..2014-12-31 and matches any range it overlaps:
 * `from=2014-06` finds it, `to=2013` does not. Undated records match no range; `undated` says
 * whether they are left out (the default with a range), kept beside the matches, or the only answer.
 */
export function dateFilter (from: string | undefined, to: string | undefined, undated?: z.infer<typeof UndatedSchema>): Prisma.Sql[] {
  assertWindow(from, to)
  if (undated === 'only') return [Prisma.sql`t.date_earliest IS NULL`]
  const overlap: Prisma.Sql[] = []
  if (from !== undefined) overlap.push(Prisma.sql`t.date_latest >= ${isoDate(dayBounds(from)[0])}::date`)
  if (to !== undefined) overlap.push(Prisma.sql`t.date_earliest <= ${isoDate(dayBounds(to)[1])}::date`)
  if (undated === 'include') return overlap.length === 0 ? [] : [Prisma.sql`(${Prisma.join(overlap, ' AND ')} OR t.date_earliest IS NULL)`]
  if (undated === 'exclude') return [...overlap, Prisma.sql`t.date_earliest IS NOT NULL`]
  return overlap
}

/** A 400 when `from` begins after `to` ends. */
export function assertWindow (from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && dayBounds(from)[0] > dayBounds(to)[1]) {
    throw new InvalidInputError('from', `from (${from}) is after to (${to})`)
  }
}

/** What a user may type into a full-text search: web-search syntax, at most 200 characters. */
export const SearchTextSchema = z.string().trim().min(1, 'q must not be empty').max(200, 'q must be at most 200 characters')
  .describe('Words to find, in web-search syntax: "a phrase", either OR other, -excluded. English stemming: "sanction" finds "sanctions"; synonyms count as one ("border" finds "frontier", "DPRK" finds "North Korea"). Records are found by their evidence quotes and the names of what they link to as well.')

/**
 * The user's words as a tsquery: typography normalised as in the indexed text, synonyms expanded
 * (search_query, prisma/migrations/20261206010000_search_evidence_and_links). A scalar subquery, so
 * it is computed once per statement, and `q` a bind parameter, never spliced.
 */
export function tsquery (q: string): Prisma.Sql {
  return Prisma.sql`(SELECT search_query(${q}::text))`
}

/** Throws when `q` has nothing to search for (only stop words such as "the", or punctuation). */
export async function assertSearchable (db: PrismaClient, field: string, q: string): Promise<void> {
  const [row] = await db.$queryRaw<Array<{ nodes: number }>>`SELECT numnode(${tsquery(q)}) AS nodes`
  if (row === undefined || row.nodes === 0) throw new InvalidInputError(field, `"${q}" has no words to search for (only stop words or punctuation)`)
}

export const TextFilterSchema = SearchTextSchema.describe('Full-text search in web-search syntax ("a phrase", OR, -word), as in /v1/search; the sort stays as asked')

/** Records whose own full-text column matches `q` (listRecords tells "no words to search for" apart from "no match"). */
export function matchesText (q: string | undefined): Prisma.Sql[] {
  return q === undefined ? [] : [Prisma.sql`t.search @@ ${tsquery(q)}`]
}

/** `column = ANY(values)`, when values are given. */
export function anyOf (column: string, values: readonly string[] | undefined): Prisma.Sql[] {
  return values === undefined ? [] : [Prisma.sql`${Prisma.raw(`t."${column}"`)} = ANY(${[...values]}::text[])`]
}

/** `column = value`, when a value is given. */
export function equals (column: string, value: string | number | undefined): Prisma.Sql[] {
  if (value === undefined) return []
  return [typeof value === 'number' ? Prisma.sql`${Prisma.raw(`t."${column}"`)} = ${value}::int` : Prisma.sql`${Prisma.raw(`t."${column}"`)} = ${value}::text`]
}

/** The id of the record of `table` with this slug, as a subquery. */
function idOfSlug (table: string, slug: string): Prisma.Sql {
  return Prisma.sql`(SELECT o.id FROM ${Prisma.raw(`"${table}"`)} o WHERE o.slug = ${slug}::text)`
}

/** Records whose `column` points at the record of `table` with this slug. */
export function refersTo (column: string, table: string, slug: string | undefined): Prisma.Sql[] {
  if (slug === undefined) return []
  return [Prisma.sql`${Prisma.raw(`t."${column}"`)} = ${idOfSlug(table, slug)}`]
}

/**
 * Records linked to another through a join table: `linked('event_actors', 'event_id', 'actor_id', 7)`
 * is "the event involves actor 7". With `slugOf`, the other side is named by its slug.
 */
export function linked (joinTable: string, ownColumn: string, otherColumn: string, other: number | string | undefined, slugOf?: string): Prisma.Sql[] {
  if (other === undefined) return []
  const link = Prisma.raw(`FROM "${joinTable}" l WHERE l."${ownColumn}" = t.id AND l."${otherColumn}"`)
  if (slugOf === undefined) return [Prisma.sql`EXISTS (SELECT 1 ${link} = ${other}::int)`]
  return [Prisma.sql`EXISTS (SELECT 1 ${link} = ${idOfSlug(slugOf, String(other))})`]
}

export function slugify (s: string): string {
  return s.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

/** `dprk`, `north-korea`, `North Korea` and `Pyongyang` all name the same actor. */
export async function resolveActor (db: PrismaClient, field: string, name: string): Promise<number> {
  const wanted = slugify(name)
  const actors = await db.actor.findMany({ select: { id: true, slug: true, name: true, aliases: true } })
  const bySlug = actors.find((a) => a.slug === wanted)
  if (bySlug !== undefined) return bySlug.id
  const byName = actors.filter((a) => [a.name, ...a.aliases].some((n) => slugify(n) === wanted))
  if (byName.length === 1) return byName[0]!.id
  if (byName.length > 1) throw new InvalidInputError(field, `"${name}" names several actors: ${byName.map((a) => a.slug).join(', ')}`)
  throw new InvalidInputError(field, `no actor is called "${name}"`)
}

export async function resolveActors (db: PrismaClient, field: string, names: string[] | undefined): Promise<number[] | undefined> {
  if (names === undefined) return undefined
  return await Promise.all(names.map(async (n) => await resolveActor(db, field, n)))
}

export const ActorRoleListSchema = z.array(ActorRoleSchema).max(20)
  .describe(`Roles the actors named in \`actor\` must hold (any of): ${ActorRoleSchema.options.join(', ')}. An actor written \`name:role\` (or \`name:role|role\`) holds its own`)
export const OnlyActorsSchema = z.boolean()
  .describe('true: no actor other than those named in `actor` is linked (in the roles of `role`, when given); e.g. actor=russia,dprk&role=signatory,party&onlyActors=true for bilateral agreements')

/** Actor filters: `actor` (every named actor, each in its own roles or those of `role`) and `onlyActors`. */
export interface ActorFilter { actor?: string[], role?: Array<z.infer<typeof ActorRoleSchema>>, onlyActors?: boolean }

/**
 * Records linked through `joinTable` (its `ownColumn` names the record) to every actor named in
 * `actor`: by slug or alias, optionally `:role` or `:role|role`, otherwise in the roles of `role`
 * (any role without it). With `onlyActors`, no other actor holds those roles in the record.
 */
export async function actorsLinked (db: PrismaClient, joinTable: string, ownColumn: string, f: ActorFilter): Promise<Prisma.Sql[]> {
  const link = Prisma.raw(`"${joinTable}" l WHERE l."${ownColumn}" = t.id`)
  const inRoles = (roles: readonly string[] | undefined): Prisma.Sql => roles === undefined || roles.length === 0 ? Prisma.empty : Prisma.sql`AND l.role = ANY(${[...roles]}::text[])`
  const named = await Promise.all((f.actor ?? []).map(async (item) => {
    const [name, roleText] = item.split(':') as [string, string | undefined]
    const roles = roleText?.split('|').map((r) => r.trim()).filter((r) => r !== '')
    for (const role of roles ?? []) {
      if (!ActorRoleSchema.safeParse(role).success) throw new InvalidInputError('actor', `"${role}" is not a role; use one of ${ActorRoleSchema.options.join(', ')}`)
    }
    return { id: await resolveActor(db, 'actor', name), roles: roles !== undefined && roles.length > 0 ? roles : f.role }
  }))
  if (f.role !== undefined && named.length === 0) throw new InvalidInputError('role', 'role applies to the actors in actor; name them there')
  const conditions = named.map(({ id, roles }) => Prisma.sql`EXISTS (SELECT 1 FROM ${link} AND l.actor_id = ${id}::int ${inRoles(roles)})`)
  if (f.onlyActors === true) {
    if (named.length === 0) throw new InvalidInputError('onlyActors', 'onlyActors needs the actors in actor')
    conditions.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM ${link} AND l.actor_id <> ALL(${named.map((n) => n.id)}::int[]) ${inRoles(f.role)})`)
  }
  return conditions
}

/** Records with a piece of evidence that carries footnote `number`. `subject` is the evidence column naming the record. */
export function citesFootnote (subject: string, number: number | undefined): Prisma.Sql[] {
  if (number === undefined) return []
  return [Prisma.sql`EXISTS (SELECT 1 FROM evidence e JOIN evidence_footnotes ef ON ef.evidence_id = e.id JOIN footnotes f ON f.id = ef.footnote_id
    WHERE e.${Prisma.raw(`"${subject}"`)} = t.id AND f.number = ${number}::int)`]
}

/** Records with a piece of evidence whose footnotes cite the source `slug`. */
export function citesSource (subject: string, slug: string | undefined): Prisma.Sql[] {
  if (slug === undefined) return []
  return [Prisma.sql`EXISTS (SELECT 1 FROM evidence e JOIN evidence_footnotes ef ON ef.evidence_id = e.id
    JOIN footnote_sources fs ON fs.footnote_id = ef.footnote_id JOIN sources s ON s.id = fs.source_id
    WHERE e.${Prisma.raw(`"${subject}"`)} = t.id AND s.slug = ${slug}::text)`]
}

export function isoDate (d: Date | null): string | null {
  return d === null ? null : d.toISOString().slice(0, 10)
}

export const PaperDateSchema = z.object({
  printed: z.string().nullable().describe('The date exactly as the paper prints it'),
  value: z.string().nullable().describe('Machine form: YYYY, YYYY-MM, YYYY-MM-DD or start/end'),
  precision: DatePrecisionSchema,
  approximate: z.boolean(),
  basis: DateBasisSchema.describe('Where the date comes from: the body text, only a footnote, or the context'),
  note: z.string().nullable(),
  earliest: z.string().nullable().describe('First day the date can mean (ISO)'),
  latest: z.string().nullable().describe('Last day the date can mean (ISO)')
}).meta({ id: 'PaperDate' })

/** A citation's date in machine form, beside the printed one: read from it, never sharpened. */
export const CitationDateSchema = z.object({
  value: z.string().nullable().describe('Machine form: YYYY, YYYY-MM, YYYY-MM-DD or start/end; null when the printed date reads as none'),
  precision: DatePrecisionSchema,
  earliest: z.string().nullable().describe('First day the date can mean (ISO)'),
  latest: z.string().nullable().describe('Last day the date can mean (ISO)')
}).meta({ id: 'CitationDate' })

export function citationDateOf (r: Pick<DatedRow, 'dateValue' | 'datePrecision' | 'dateEarliest' | 'dateLatest'>): z.infer<typeof CitationDateSchema> {
  return { value: r.dateValue, precision: r.datePrecision as z.infer<typeof CitationDateSchema>['precision'], earliest: isoDate(r.dateEarliest), latest: isoDate(r.dateLatest) }
}

/** The PaperDate of the row aliased `alias`, as JSON built by PostgreSQL (what `paperDate` makes of the row in JavaScript). */
export function paperDateJson (alias: string): Prisma.Sql {
  return Prisma.raw(`json_build_object('printed', ${alias}.date_printed, 'value', ${alias}.date_value, 'precision', ${alias}.date_precision,
    'approximate', ${alias}.date_approximate, 'basis', ${alias}.date_basis, 'note', ${alias}.date_note,
    'earliest', to_char(${alias}.date_earliest, 'YYYY-MM-DD'), 'latest', to_char(${alias}.date_latest, 'YYYY-MM-DD'))`)
}

export interface DatedRow {
  datePrinted: string | null
  dateValue: string | null
  datePrecision: string
  dateApproximate: boolean
  dateBasis: string
  dateNote: string | null
  dateEarliest: Date | null
  dateLatest: Date | null
}

export function paperDate (r: DatedRow): z.infer<typeof PaperDateSchema> {
  return {
    printed: r.datePrinted,
    value: r.dateValue,
    precision: r.datePrecision as z.infer<typeof PaperDateSchema>['precision'],
    approximate: r.dateApproximate,
    basis: r.dateBasis as z.infer<typeof PaperDateSchema>['basis'],
    note: r.dateNote,
    earliest: isoDate(r.dateEarliest),
    latest: isoDate(r.dateLatest)
  }
}
