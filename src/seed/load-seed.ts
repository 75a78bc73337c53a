// Writes the checked seed into the database in one transaction: all or nothing. Records are upserted
// by slug and their links replaced, so a second run with the same files changes nothing. Each kind is
// written in one INSERT … ON CONFLICT statement (and its links in one DELETE and one INSERT), not one
// statement per record: the load's cost is a few dozen round trips whatever the seed's size.
import { columnOf, type PrismaClient } from '../db/prisma'
import { Prisma } from '../generated/prisma/client'
import { citationDate, dateBounds } from './dates'
import { readSeed, type Seed } from './read-seed'
import type { Evidence, PaperDate } from './schemas'

type Tx = Prisma.TransactionClient
export type SeedCounts = Record<string, number>

type Subject = 'eventId' | 'agreementId' | 'channelId' | 'figureId' | 'scenarioId' | 'claimId' | 'actorId'

export function dateColumns (date: PaperDate | null): {
  datePrinted: string | null,
  dateValue: string | null,
  datePrecision: string,
  dateApproximate: boolean,
  dateBasis: string,
  dateNote: string | null,
  dateEarliest: Date | null,
  dateLatest: Date | null
} {
  const { precision, earliest, latest } = dateBounds(date)
  return {
    datePrinted: date?.printed ?? null,
    dateValue: date?.value ?? null,
    datePrecision: precision,
    dateApproximate: date?.approximate ?? false,
    dateBasis: date?.basis ?? 'text',
    dateNote: date?.note ?? null,
    dateEarliest: earliest,
    dateLatest: latest
  }
}

/** A source's date columns: its printed date as printed, and the machine form read from it (null when none can be read). */
export function citationDateColumns (printed: string | null): { date: string | null, dateValue: string | null, datePrecision: string, dateApproximate: boolean, dateEarliest: Date | null, dateLatest: Date | null } {
  const { datePrinted, dateValue, datePrecision, dateApproximate, dateEarliest, dateLatest } = dateColumns(citationDate(printed))
  return { date: datePrinted ?? printed, dateValue, datePrecision, dateApproximate, dateEarliest, dateLatest }
}

export async function loadSeedDir (prisma: PrismaClient, dir: string): Promise<SeedCounts> {
  return await loadSeed(prisma, readSeed(dir))
}

export async function loadSeed (prisma: PrismaClient, seed: Seed): Promise<SeedCounts> {
  return await prisma.$transaction(async (tx) => await write(tx, seed), { timeout: 60_000, maxWait: 10_000 })
}

/** `YYYY-MM-DD` of a date column's value, for the JSON that jsonb_populate_recordset reads. */
const day = (d: Date | null): string | null => d === null ? null : d.toISOString().slice(0, 10)

/**
 * Upserts many rows of one table in one statement and returns the ids by key. Rows are JSON keyed by
 * column name, read with jsonb_populate_recordset (so PostgreSQL applies the column types), inserted
 * in the given order (ids of a first load follow the seed's order), and an existing row is rewritten
 * only where a column differs. Table and column names are constants of this file, never input.
 */
async function upsertMany (tx: Tx, table: string, key: string, rows: Array<Record<string, unknown>>, scope: Prisma.Sql = Prisma.empty): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map()
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const conflict = scope === Prisma.empty ? [key] : ['document_id', key]
  const updated = columns.filter((c) => !conflict.includes(c))
  const names = (cs: string[], prefix = ''): Prisma.Sql => Prisma.raw(cs.map((c) => `${prefix}"${c}"`).join(', '))
  const t = Prisma.raw(`"${table}"`)
  await tx.$executeRaw`
    INSERT INTO ${t} (${names(columns)})
    SELECT ${names(columns, 'r.')} FROM jsonb_populate_recordset(NULL::${t}, ${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS r ORDER BY r.ordinality
    ON CONFLICT (${names(conflict)}) DO UPDATE SET (${names(updated)}) = ROW(${names(updated, 'EXCLUDED.')})
    WHERE (${names(updated, `${table}.`)}) IS DISTINCT FROM (${names(updated, 'EXCLUDED.')})`
  const keys = rows.map((r) => r[key])
  const found = await tx.$queryRaw<Array<{ id: number, key: string | number }>>`
    SELECT id, ${Prisma.raw(`"${key}"`)} AS key FROM ${t} WHERE ${Prisma.raw(`"${key}"`)} = ANY(${keys}) ${scope}`
  return new Map(found.map((r) => [String(r.key), r.id]))
}

/**
 * Replaces the link rows of the given owners in two statements: one DELETE, one INSERT of rows read
 * with jsonb_populate_recordset (keys are camelCase fields, written to their snake_case columns).
 */
async function replaceLinks (tx: Tx, table: string, owner: string, ids: number[], rows: Array<Record<string, unknown>>): Promise<void> {
  const t = Prisma.raw(`"${table}"`)
  await tx.$executeRaw`DELETE FROM ${t} WHERE ${Prisma.raw(`"${owner}"`)} = ANY(${ids}::int[])`
  if (rows.length === 0) return
  const json = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [columnOf(k), v])))
  const columns = Prisma.raw([...new Set(json.flatMap((r) => Object.keys(r)))].map((c) => `"${c}"`).join(', '))
  await tx.$executeRaw`INSERT INTO ${t} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${t}, ${JSON.stringify(json)}::jsonb)`
}

/** Two instances starting on one empty database must not both seed it. */
const SEED_LOCK = 72707370

async function write (tx: Tx, { data, passages, passageOf }: Seed): Promise<SeedCounts> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`
  // Search vectors read links and evidence: refreshed once at the end, not after every statement.
  await tx.$executeRaw`SELECT set_config('peninsula_kb.search_context_deferred', 'on', true)`
  const d = data.document
  const documentFields = { title: d.title, authors: d.authors, authorNote: d.authorNote, publisher: d.publisher, year: d.year, url: d.url, note: d.note ?? null }
  const document = await tx.document.upsert({ where: { slug: d.slug }, create: { slug: d.slug, ...documentFields }, update: documentFields })

  const inDocument = Prisma.sql`AND document_id = ${document.id}::int`
  const passageIdsByKey = await upsertMany(tx, 'passages', 'ordinal', passages.map((p) => ({
    document_id: document.id, ordinal: p.ordinal, kind: p.kind, section: p.section, paragraph: p.paragraph, text: p.text, footnote_numbers: p.footnotes, line_start: p.lines[0], line_end: p.lines[1]
  })), inDocument)
  const passageIds = new Map(passages.map((p) => [p.ordinal, passageIdsByKey.get(String(p.ordinal))!]))

  const sourceDateJson = (printed: string | null): Record<string, unknown> => {
    const c = citationDateColumns(printed)
    return { date: c.date, date_value: c.dateValue, date_precision: c.datePrecision, date_approximate: c.dateApproximate, date_earliest: day(c.dateEarliest), date_latest: day(c.dateLatest) }
  }
  const sourceIds = await upsertMany(tx, 'sources', 'slug', data.sources.map((s) => ({
    slug: s.slug,
    kind: s.kind,
    authors: s.authors,
    title: s.title,
    publication: s.publication,
    publisher: s.publisher,
    place: s.place,
    pages: s.pages,
    url: s.url,
    language: s.language,
    note: s.note ?? null,
    ...sourceDateJson(s.date)
  })))

  const footnoteIdsByKey = await upsertMany(tx, 'footnotes', 'number', data.footnotes.map((f) => ({
    document_id: document.id, number: f.number, kind: f.kind, note: f.note ?? null, passage_id: passageIds.get(passages.find((p) => p.footnoteNumber === f.number)!.ordinal)!
  })), inDocument)
  const footnoteIds = new Map(data.footnotes.map((f) => [f.number, footnoteIdsByKey.get(String(f.number))!]))
  await replaceLinks(tx, 'footnote_sources', 'footnote_id', [...footnoteIds.values()], data.footnotes.flatMap((f) => f.sources.map((s, position) => ({ footnoteId: footnoteIds.get(f.number)!, sourceId: sourceIds.get(s)!, position }))))

  // Evidence is compared per record and rewritten only where it changed, so ids stay stable across
  // loads; new rows are written in two batched statements at the end.
  const evidenceRows = await tx.evidence.findMany({ include: { footnotes: true }, orderBy: { position: 'asc' } })
  const pendingEvidence: Array<{ row: Prisma.EvidenceCreateManyInput, footnoteIds: number[] }> = []
  const writeEvidence = async (subject: Subject, id: number, evidence: Evidence[]): Promise<void> => {
    const wanted = evidence.map((e, position) => ({
      passageId: passageIds.get(passageOf.get(e)!)!,
      quote: e.quote,
      note: e.note ?? null,
      position,
      footnoteIds: [...new Set(e.footnotes.map((n) => footnoteIds.get(n)!))].sort((a, b) => a - b)
    }))
    const existing = evidenceRows.filter((r) => r[subject] === id).map((r) => ({
      passageId: r.passageId,
      quote: r.quote,
      note: r.note,
      position: r.position,
      footnoteIds: r.footnotes.map((f) => f.footnoteId).sort((a, b) => a - b)
    }))
    if (JSON.stringify(existing) === JSON.stringify(wanted)) return
    if (existing.length > 0) await tx.evidence.deleteMany({ where: { [subject]: id } })
    for (const { footnoteIds: ids, ...row } of wanted) pendingEvidence.push({ row: { ...row, [subject]: id }, footnoteIds: ids })
  }
  const flushEvidence = async (): Promise<void> => {
    if (pendingEvidence.length === 0) return
    const created = await tx.evidence.createManyAndReturn({ data: pendingEvidence.map((p) => p.row), select: { id: true } })
    await tx.evidenceFootnote.createMany({
      data: created.flatMap(({ id }, i) => pendingEvidence[i]!.footnoteIds.map((footnoteId) => ({ evidenceId: id, footnoteId })))
    })
  }

  const dateJson = (date: PaperDate | null): Record<string, unknown> => {
    const c = dateColumns(date)
    return {
      date_printed: c.datePrinted,
      date_value: c.dateValue,
      date_precision: c.datePrecision,
      date_approximate: c.dateApproximate,
      date_basis: c.dateBasis,
      date_note: c.dateNote,
      date_earliest: day(c.dateEarliest),
      date_latest: day(c.dateLatest)
    }
  }
  const idsOf = (ids: Map<string, number>): number[] => [...ids.values()]

  // Affiliations point at actors of the same file: the actors first, then their affiliations.
  const actorIds = await upsertMany(tx, 'actors', 'slug', data.actors.map((a) => ({
    slug: a.slug, name: a.name, kind: a.kind, aliases: a.aliases, role: a.role ?? null, description: a.description ?? null
  })))
  const affiliations = JSON.stringify(data.actors.map((a) => ({ id: actorIds.get(a.slug)!, affiliation_id: a.affiliation !== undefined ? actorIds.get(a.affiliation)! : null })))
  await tx.$executeRaw`
    UPDATE actors a SET affiliation_id = x.affiliation_id
    FROM jsonb_to_recordset(${affiliations}::jsonb) AS x(id int, affiliation_id int)
    WHERE a.id = x.id AND a.affiliation_id IS DISTINCT FROM x.affiliation_id`
  for (const a of data.actors) await writeEvidence('actorId', actorIds.get(a.slug)!, a.evidence)

  const channelIds = await upsertMany(tx, 'leverage_channels', 'slug', data.leverageChannels.map((c) => ({
    slug: c.slug, name: c.name, kind: c.kind, ordinal: c.ordinal, description: c.description
  })))
  await replaceLinks(tx, 'channel_actors', 'channel_id', idsOf(channelIds), data.leverageChannels.flatMap((c) => c.actors.map((s) => ({ channelId: channelIds.get(c.slug)!, actorId: actorIds.get(s)! }))))
  for (const c of data.leverageChannels) await writeEvidence('channelId', channelIds.get(c.slug)!, c.evidence)

  const agreementIds = await upsertMany(tx, 'agreements', 'slug', data.agreements.map((a) => ({
    slug: a.slug, title: a.title, kind: a.kind, status: a.status, status_note: a.statusNote ?? null, terms: a.terms, ...dateJson(a.date)
  })))
  await replaceLinks(tx, 'agreement_parties', 'agreement_id', idsOf(agreementIds), data.agreements.flatMap((a) => a.parties.map((p) => ({ agreementId: agreementIds.get(a.slug)!, actorId: actorIds.get(p.actor)!, role: p.role, note: p.note ?? null }))))
  await replaceLinks(tx, 'agreement_channels', 'agreement_id', idsOf(agreementIds), data.agreements.flatMap((a) => a.channels.map((s) => ({ agreementId: agreementIds.get(a.slug)!, channelId: channelIds.get(s)! }))))
  for (const a of data.agreements) await writeEvidence('agreementId', agreementIds.get(a.slug)!, a.evidence)

  const eventIds = await upsertMany(tx, 'events', 'slug', data.events.map((e) => ({
    slug: e.slug, title: e.title, summary: e.summary, category: e.category, ...dateJson(e.date)
  })))
  const eventId = (slug: string): number => eventIds.get(slug)!
  await replaceLinks(tx, 'event_actors', 'event_id', idsOf(eventIds), data.events.flatMap((e) => e.actors.map((p) => ({ eventId: eventId(e.slug), actorId: actorIds.get(p.actor)!, role: p.role, note: p.note ?? null }))))
  await replaceLinks(tx, 'event_agreements', 'event_id', idsOf(eventIds), data.events.flatMap((e) => e.agreements.map((s) => ({ eventId: eventId(e.slug), agreementId: agreementIds.get(s)! }))))
  await replaceLinks(tx, 'event_channels', 'event_id', idsOf(eventIds), data.events.flatMap((e) => e.channels.map((s) => ({ eventId: eventId(e.slug), channelId: channelIds.get(s)! }))))
  for (const e of data.events) await writeEvidence('eventId', eventId(e.slug), e.evidence)

  const ref = (ids: Map<string, number>, slug: string | null): number | null => slug === null ? null : ids.get(slug)!
  const figureIds = await upsertMany(tx, 'figures', 'slug', data.figures.map((f) => ({
    slug: f.slug,
    kind: f.kind,
    measure: f.measure,
    printed: f.printed,
    value: f.value,
    low: f.low,
    high: f.high,
    unit: f.unit,
    currency: f.currency,
    period: f.period,
    note: f.note ?? null,
    channel_id: ref(channelIds, f.channel),
    event_id: ref(eventIds, f.event),
    agreement_id: ref(agreementIds, f.agreement),
    actor_id: ref(actorIds, f.actor)
  })))
  for (const f of data.figures) await writeEvidence('figureId', figureIds.get(f.slug)!, f.evidence)

  const scenarioIds = await upsertMany(tx, 'scenarios', 'slug', data.scenarios.map((s) => ({
    slug: s.slug, number: s.number, title: s.title, summary: s.summary, conditions: s.conditions, expected_behaviour: s.expectedBehaviour
  })))
  for (const s of data.scenarios) await writeEvidence('scenarioId', scenarioIds.get(s.slug)!, s.evidence)

  const claimIds = await upsertMany(tx, 'claims', 'slug', data.claims.map((c) => ({ slug: c.slug, section: c.section, text: c.text })))
  const claimId = (slug: string): number => claimIds.get(slug)!
  await replaceLinks(tx, 'claim_scenarios', 'claim_id', idsOf(claimIds), data.claims.flatMap((c) => c.scenarios.map((s) => ({ claimId: claimId(c.slug), scenarioId: scenarioIds.get(s)! }))))
  await replaceLinks(tx, 'claim_channels', 'claim_id', idsOf(claimIds), data.claims.flatMap((c) => c.channels.map((s) => ({ claimId: claimId(c.slug), channelId: channelIds.get(s)! }))))
  await replaceLinks(tx, 'claim_actors', 'claim_id', idsOf(claimIds), data.claims.flatMap((c) => c.actors.map((s) => ({ claimId: claimId(c.slug), actorId: actorIds.get(s)! }))))
  for (const c of data.claims) await writeEvidence('claimId', claimId(c.slug), c.evidence)

  await flushEvidence()
  await tx.$executeRaw`SELECT refresh_every_search_context()`
  return {
    documents: 1,
    passages: passages.length,
    sources: data.sources.length,
    footnotes: data.footnotes.length,
    actors: data.actors.length,
    leverageChannels: data.leverageChannels.length,
    agreements: data.agreements.length,
    events: data.events.length,
    figures: data.figures.length,
    scenarios: data.scenarios.length,
    claims: data.claims.length,
    evidence: await tx.evidence.count()
  }
}
