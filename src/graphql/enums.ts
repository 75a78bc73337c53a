// The closed sets GraphQL serves as enums, each the zod enum REST validates with (one source of
// truth). GraphQL spells a value NUCLEAR_TEST; the enum's internal value is REST's `nuclear-test`, so
// resolvers and filters read and return the service's own values and never translate them.
import type { z } from 'zod'
import { ChangeActionSchema } from '../knowledge/changes'
import { IntervalSchema, SplitSchema } from '../knowledge/timeline'
import { UndatedSchema } from '../knowledge/date-filters'
import { PlaceKindSchema } from '../knowledge/places'
import { SearchKindSchema } from '../knowledge/search'
import { DatePrecisionSchema } from '../knowledge/paper-dates'
import { PassageKindSchema } from '../seed/paper'
import {
  ActorKindSchema, ActorRoleSchema, AgreementKindSchema, AgreementStatusSchema, DateBasisSchema, EventCategorySchema,
  FigureKindSchema, FootnoteKindSchema, LeverageChannelKindSchema, SourceKindSchema
} from '../seed/schemas'

/** Each GraphQL enum over a closed set, by its name in the SDL. */
export const graphqlEnums = {
  EventCategory: EventCategorySchema,
  ActorKind: ActorKindSchema,
  ActorRole: ActorRoleSchema,
  AgreementKind: AgreementKindSchema,
  AgreementStatus: AgreementStatusSchema,
  LeverageChannelKind: LeverageChannelKindSchema,
  FigureKind: FigureKindSchema,
  SourceKind: SourceKindSchema,
  FootnoteKind: FootnoteKindSchema,
  PassageKind: PassageKindSchema,
  DatePrecision: DatePrecisionSchema,
  DateBasis: DateBasisSchema,
  Undated: UndatedSchema,
  SearchKind: SearchKindSchema,
  TimelineInterval: IntervalSchema,
  TimelineSplit: SplitSchema,
  ChangeAction: ChangeActionSchema,
  PlaceKind: PlaceKindSchema
} satisfies Record<string, z.ZodEnum<Record<string, string>>>

/** A value's GraphQL name: `nuclear-test` → `NUCLEAR_TEST`. */
export function enumName (value: string): string {
  return value.toUpperCase().replace(/-/g, '_')
}

/** Each enum's values as GraphQL names with their internal (REST) values: `{ EventCategory: { NUCLEAR_TEST: 'nuclear-test', ... } }`. */
export const enumValues: Record<string, Record<string, string>> = Object.fromEntries(Object.entries(graphqlEnums).map(([name, schema]) =>
  [name, Object.fromEntries(schema.options.map((value) => [enumName(value), value]))]))
