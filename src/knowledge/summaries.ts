// The short form of each kind of record, used wherever one record embeds another (an event's
// actors, a channel's figures). Kept in one file so that kinds can embed each other without cycles.
import { z } from 'zod'
import { PassageKindSchema } from '../seed/paper'
import { ActorKindSchema, AgreementKindSchema, AgreementStatusSchema, EventCategorySchema, FootnoteKindSchema, LeverageChannelKindSchema, SourceKindSchema } from '../seed/schemas'
import { type DatedRow, paperDate, PaperDateSchema } from './date-filters'

/** The Prisma `select` of a summary: exactly its schema's fields, so that the two never drift apart. */
function selectOf<S extends z.ZodRawShape> (schema: z.ZodObject<S>): { [K in keyof S]: true } {
  return Object.fromEntries(Object.keys(schema.shape).map((field) => [field, true])) as { [K in keyof S]: true }
}

export const ActorSummarySchema = z.object({ id: z.number().int(), slug: z.string(), name: z.string(), kind: ActorKindSchema }).meta({ id: 'ActorSummary' })
export type ActorSummary = z.infer<typeof ActorSummarySchema>
export const actorSummarySelect = selectOf(ActorSummarySchema)

export const EventSummarySchema = z.object({ id: z.number().int(), slug: z.string(), title: z.string(), category: EventCategorySchema, date: PaperDateSchema }).meta({ id: 'EventSummary' })
export const AgreementSummarySchema = z.object({ id: z.number().int(), slug: z.string(), title: z.string(), kind: AgreementKindSchema, status: AgreementStatusSchema, date: PaperDateSchema }).meta({ id: 'AgreementSummary' })
// The database holds only the closed-set values the seed and write schemas let in (text columns; the enums live in zod).
export function eventSummary (r: DatedRow & { id: number, slug: string, title: string, category: string }): z.infer<typeof EventSummarySchema> {
  return { id: r.id, slug: r.slug, title: r.title, category: r.category as z.infer<typeof EventCategorySchema>, date: paperDate(r) }
}
export function agreementSummary (r: DatedRow & { id: number, slug: string, title: string, kind: string, status: string }): z.infer<typeof AgreementSummarySchema> {
  return { id: r.id, slug: r.slug, title: r.title, kind: r.kind as z.infer<typeof AgreementKindSchema>, status: r.status as z.infer<typeof AgreementStatusSchema>, date: paperDate(r) }
}

export const ChannelSummarySchema = z.object({ id: z.number().int(), slug: z.string(), name: z.string(), kind: LeverageChannelKindSchema }).meta({ id: 'LeverageChannelSummary' })
export const channelSummarySelect = selectOf(ChannelSummarySchema)

export const FigureSummarySchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  measure: z.string(),
  printed: z.string(),
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  unit: z.string(),
  currency: z.string().nullable(),
  period: z.string().nullable()
}).meta({ id: 'FigureSummary' })
export const figureSummarySelect = selectOf(FigureSummarySchema)

export const ScenarioSummarySchema = z.object({ id: z.number().int(), slug: z.string(), number: z.number().int(), title: z.string() }).meta({ id: 'ScenarioSummary' })
export const scenarioSummarySelect = selectOf(ScenarioSummarySchema)

export const ClaimSummarySchema = z.object({ id: z.number().int(), slug: z.string(), section: z.string(), text: z.string() }).meta({ id: 'ClaimSummary' })
export const claimSummarySelect = selectOf(ClaimSummarySchema)

export const SourceSummarySchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  kind: SourceKindSchema,
  authors: z.array(z.string()),
  title: z.string().nullable(),
  publication: z.string().nullable(),
  date: z.string().nullable(),
  url: z.string().nullable()
}).meta({ id: 'SourceSummary' })
export const sourceSummarySelect = selectOf(SourceSummarySchema)

export const FootnoteSummarySchema = z.object({ number: z.number().int(), kind: FootnoteKindSchema, text: z.string() }).meta({ id: 'FootnoteSummary' })

export const PassageSummarySchema = z.object({
  id: z.number().int(), ordinal: z.number().int(), kind: PassageKindSchema, section: z.string().nullable(), paragraph: z.number().int()
}).meta({ id: 'PassageSummary' })

/** Groups link rows by the id of the record they belong to. */
export function groupBy<T> (ids: readonly number[], rows: T[], keyOf: (row: T) => number | null, map: (row: T) => unknown): Map<number, unknown[]> {
  const out = new Map<number, unknown[]>(ids.map((id) => [id, []]))
  for (const row of rows) {
    const key = keyOf(row)
    if (key !== null) out.get(key)?.push(map(row))
  }
  return out
}
