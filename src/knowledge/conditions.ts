// SQL conditions more than one kind filters by, on the table aliased `t`: values, references by
// slug, links, actors by slug or any alias in their roles, and provenance (evidence citing a
// footnote or a source). User input only ever travels as bind parameters.
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { InvalidInputError } from '../errors'
import { Prisma } from '../generated/prisma/client'
import { ActorRoleSchema } from '../seed/schemas'

export const SlugListSchema = z.array(z.string().min(1).max(200)).max(20)

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
