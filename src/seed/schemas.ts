// The shape of the files under seed/: what a reviewer reads and what the loader accepts.
import { z } from 'zod'

export const SlugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug is lowercase words joined by hyphens')
export const FootnoteNumberSchema = z.number().int().min(1).max(30)

/** A piece of the paper that supports a record: a verbatim quote and the footnotes attached to it. */
export const EvidenceSchema = z.strictObject({
  quote: z.string().min(3),
  footnotes: z.array(FootnoteNumberSchema).default([]),
  note: z.string().optional()
})

/** Where a date comes from: the body text, only a footnote, or the context around it. */
export const DateBasisSchema = z.enum(['text', 'footnote', 'context'])

const isoPart = String.raw`\d{4}(?:-\d{2}(?:-\d{2})?)?`
/**
 * A date as the paper gives it. `value` is the machine form: `2016-01-06`, `2016-01`, `2016`, or a
 * range `1993/1994`, `2014-02/2016-03`. `printed` keeps the paper's wording.
 */
export const PaperDateSchema = z.strictObject({
  printed: z.string().nullable(),
  value: z.string().regex(new RegExp(`^${isoPart}(?:/${isoPart})?$`), 'use YYYY, YYYY-MM, YYYY-MM-DD or start/end').nullable(),
  approximate: z.boolean().default(false),
  basis: DateBasisSchema.default('text'),
  note: z.string().optional()
})

export const ActorKindSchema = z.enum([
  'state', 'international-organization', 'forum', 'government-body', 'company', 'bank',
  'person', 'group', 'region', 'weapon-system'
])

export const ActorSeedSchema = z.strictObject({
  slug: SlugSchema,
  name: z.string().min(1),
  kind: ActorKindSchema,
  aliases: z.array(z.string().min(1)).default([]),
  role: z.string().optional(),
  affiliation: SlugSchema.optional(),
  description: z.string().optional(),
  evidence: z.array(EvidenceSchema).default([])
})

export const ActorRoleSchema = z.enum([
  'participant', 'initiator', 'target', 'host', 'visitor', 'signatory', 'party', 'subject',
  'mediator', 'beneficiary', 'sponsor', 'opponent', 'supporter', 'shareholder', 'representative', 'observer'
])

const ActorLinkSchema = z.strictObject({
  actor: SlugSchema,
  role: ActorRoleSchema.default('participant'),
  note: z.string().optional()
})

export const EventCategorySchema = z.enum([
  'nuclear-test', 'missile-launch', 'visit', 'treaty', 'agreement', 'sanctions', 'un-vote',
  'economic', 'military', 'diplomatic', 'political', 'war', 'shipment', 'institutional', 'other'
])

export const EventSeedSchema = z.strictObject({
  slug: SlugSchema,
  title: z.string().min(1),
  summary: z.string().min(1),
  category: EventCategorySchema,
  date: PaperDateSchema,
  actors: z.array(ActorLinkSchema).default([]),
  agreements: z.array(SlugSchema).default([]),
  channels: z.array(SlugSchema).default([]),
  evidence: z.array(EvidenceSchema).min(1)
})

export const AgreementKindSchema = z.enum([
  'treaty', 'intergovernmental-agreement', 'military-agreement', 'un-resolution', 'joint-venture',
  'investment-deal', 'debt-settlement', 'sanctions-deal', 'other'
])
export const AgreementStatusSchema = z.enum([
  'in-force', 'declared-obsolete', 'tentative', 'under-negotiation', 'settled', 'signed', 'adopted',
  'operational', 'proposed', 'planned', 'unknown'
])

export const AgreementSeedSchema = z.strictObject({
  slug: SlugSchema,
  title: z.string().min(1),
  kind: AgreementKindSchema,
  status: AgreementStatusSchema,
  statusNote: z.string().optional(),
  date: PaperDateSchema.nullable(),
  parties: z.array(ActorLinkSchema).default([]),
  terms: z.array(z.string().min(1)).default([]),
  channels: z.array(SlugSchema).default([]),
  evidence: z.array(EvidenceSchema).min(1)
})

export const LeverageChannelKindSchema = z.enum(['economic', 'political', 'social'])

export const LeverageChannelSeedSchema = z.strictObject({
  slug: SlugSchema,
  name: z.string().min(1),
  kind: LeverageChannelKindSchema,
  ordinal: z.number().int().min(1),
  description: z.string().min(1),
  actors: z.array(SlugSchema).default([]),
  evidence: z.array(EvidenceSchema).min(1)
})

/** What a number is: a measured amount, share or count; a position in an ordering; or a number in a name or turn of phrase ("Six Party", "two actors", "near zero"). */
export const FigureKindSchema = z.enum(['quantity', 'rank', 'figurative'])

export const FigureSeedSchema = z.strictObject({
  slug: SlugSchema,
  kind: FigureKindSchema.default('quantity'),
  measure: z.string().min(1),
  printed: z.string().min(1),
  value: z.number().nullable(),
  low: z.number().nullable().default(null),
  high: z.number().nullable().default(null),
  unit: z.string().min(1),
  currency: z.string().length(3).nullable().default(null),
  period: z.string().nullable().default(null),
  channel: SlugSchema.nullable().default(null),
  event: SlugSchema.nullable().default(null),
  agreement: SlugSchema.nullable().default(null),
  actor: SlugSchema.nullable().default(null),
  note: z.string().optional(),
  evidence: z.array(EvidenceSchema).min(1)
})

export const ScenarioSeedSchema = z.strictObject({
  slug: SlugSchema,
  number: z.number().int().min(1),
  title: z.string().min(1),
  summary: z.string().min(1),
  conditions: z.array(z.string().min(1)).min(1),
  expectedBehaviour: z.array(z.string().min(1)).min(1),
  evidence: z.array(EvidenceSchema).min(1)
})

export const ClaimSeedSchema = z.strictObject({
  slug: SlugSchema,
  section: z.string().min(1),
  text: z.string().min(1),
  scenarios: z.array(SlugSchema).default([]),
  channels: z.array(SlugSchema).default([]),
  actors: z.array(SlugSchema).default([]),
  evidence: z.array(EvidenceSchema).min(1)
})

export const SourceKindSchema = z.enum([
  'book', 'journal-article', 'news-article', 'blog-post', 'report', 'press-release', 'interview',
  'testimony', 'web-page', 'un-resolution', 'personal-communication'
])

export const SourceSeedSchema = z.strictObject({
  slug: SlugSchema,
  kind: SourceKindSchema,
  authors: z.array(z.string().min(1)).default([]),
  title: z.string().nullable(),
  publication: z.string().nullable().default(null),
  publisher: z.string().nullable().default(null),
  place: z.string().nullable().default(null),
  date: z.string().nullable().default(null),
  pages: z.string().nullable().default(null),
  url: z.string().nullable().default(null),
  /** null where the paper states no language and nothing printed settles it. */
  language: z.string().regex(/^[a-z]{2}$/).nullable(),
  note: z.string().optional()
})

/** A footnote cites sources, comments, or does both. */
export const FootnoteKindSchema = z.enum(['citation', 'comment', 'mixed'])

export const FootnoteSeedSchema = z.strictObject({
  number: FootnoteNumberSchema,
  kind: FootnoteKindSchema,
  sources: z.array(SlugSchema).default([]),
  note: z.string().optional()
})

export const DocumentSeedSchema = z.strictObject({
  slug: SlugSchema,
  title: z.string().min(1),
  authors: z.array(z.string().min(1)).min(1),
  authorNote: z.string().nullable().default(null),
  publisher: z.string().nullable().default(null),
  year: z.number().int(),
  url: z.string().nullable().default(null),
  note: z.string().optional()
})

export type Evidence = z.infer<typeof EvidenceSchema>
export type PaperDate = z.infer<typeof PaperDateSchema>
