// Writes the checked seed into the database in one transaction: all or nothing. Records are upserted
// by slug and their links replaced, so a second run with the same files changes nothing.
import type { PrismaClient } from '../db/prisma'
import type { Prisma } from '../generated/prisma/client'
import { dateBounds } from './dates'
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

export async function loadSeedDir (prisma: PrismaClient, dir: string): Promise<SeedCounts> {
  return await loadSeed(prisma, readSeed(dir))
}

export async function loadSeed (prisma: PrismaClient, seed: Seed): Promise<SeedCounts> {
  return await prisma.$transaction(async (tx) => await write(tx, seed), { timeout: 60_000, maxWait: 10_000 })
}

/** Two instances starting on one empty database must not both seed it. */
const SEED_LOCK = 72707370

async function write (tx: Tx, { data, passages, passageOf }: Seed): Promise<SeedCounts> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`
  const d = data.document
  const documentFields = { title: d.title, authors: d.authors, authorNote: d.authorNote, publisher: d.publisher, year: d.year, url: d.url, note: d.note ?? null }
  const document = await tx.document.upsert({ where: { slug: d.slug }, create: { slug: d.slug, ...documentFields }, update: documentFields })

  const passageIds = new Map<number, number>()
  for (const p of passages) {
    const fields = { kind: p.kind, section: p.section, paragraph: p.paragraph, text: p.text, footnoteNumbers: p.footnotes, lineStart: p.lines[0], lineEnd: p.lines[1] }
    const row = await tx.passage.upsert({
      where: { documentId_ordinal: { documentId: document.id, ordinal: p.ordinal } },
      create: { documentId: document.id, ordinal: p.ordinal, ...fields },
      update: fields
    })
    passageIds.set(p.ordinal, row.id)
  }

  const sourceIds = new Map<string, number>()
  for (const { slug, note, ...s } of data.sources) {
    const fields = { ...s, note: note ?? null }
    sourceIds.set(slug, (await tx.source.upsert({ where: { slug }, create: { slug, ...fields }, update: fields })).id)
  }

  const footnoteIds = new Map<number, number>()
  for (const f of data.footnotes) {
    const passage = passages.find((p) => p.footnoteNumber === f.number)!
    const fields = { kind: f.kind, note: f.note ?? null, passageId: passageIds.get(passage.ordinal)! }
    const row = await tx.footnote.upsert({
      where: { documentId_number: { documentId: document.id, number: f.number } },
      create: { documentId: document.id, number: f.number, ...fields },
      update: fields
    })
    footnoteIds.set(f.number, row.id)
    await tx.footnoteSource.deleteMany({ where: { footnoteId: row.id } })
    await tx.footnoteSource.createMany({ data: f.sources.map((s, position) => ({ footnoteId: row.id, sourceId: sourceIds.get(s)!, position })) })
  }

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

  const actorIds = new Map<string, number>()
  for (const a of data.actors) {
    const fields = { name: a.name, kind: a.kind, aliases: a.aliases, role: a.role ?? null, description: a.description ?? null }
    actorIds.set(a.slug, (await tx.actor.upsert({ where: { slug: a.slug }, create: { slug: a.slug, ...fields }, update: fields })).id)
  }
  for (const a of data.actors) {
    const id = actorIds.get(a.slug)!
    await tx.actor.update({ where: { id }, data: { affiliationId: a.affiliation !== undefined ? actorIds.get(a.affiliation)! : null } })
    await writeEvidence('actorId', id, a.evidence)
  }

  const channelIds = new Map<string, number>()
  for (const c of data.leverageChannels) {
    const fields = { name: c.name, kind: c.kind, ordinal: c.ordinal, description: c.description }
    const id = (await tx.leverageChannel.upsert({ where: { slug: c.slug }, create: { slug: c.slug, ...fields }, update: fields })).id
    channelIds.set(c.slug, id)
    await tx.channelActor.deleteMany({ where: { channelId: id } })
    await tx.channelActor.createMany({ data: c.actors.map((s) => ({ channelId: id, actorId: actorIds.get(s)! })) })
    await writeEvidence('channelId', id, c.evidence)
  }

  const agreementIds = new Map<string, number>()
  for (const a of data.agreements) {
    const fields = { title: a.title, kind: a.kind, status: a.status, statusNote: a.statusNote ?? null, terms: a.terms, ...dateColumns(a.date) }
    const id = (await tx.agreement.upsert({ where: { slug: a.slug }, create: { slug: a.slug, ...fields }, update: fields })).id
    agreementIds.set(a.slug, id)
    await tx.agreementParty.deleteMany({ where: { agreementId: id } })
    await tx.agreementParty.createMany({ data: a.parties.map((p) => ({ agreementId: id, actorId: actorIds.get(p.actor)!, role: p.role, note: p.note ?? null })) })
    await tx.agreementChannel.deleteMany({ where: { agreementId: id } })
    await tx.agreementChannel.createMany({ data: a.channels.map((s) => ({ agreementId: id, channelId: channelIds.get(s)! })) })
    await writeEvidence('agreementId', id, a.evidence)
  }

  const eventIds = new Map<string, number>()
  for (const e of data.events) {
    const fields = { title: e.title, summary: e.summary, category: e.category, ...dateColumns(e.date) }
    const id = (await tx.event.upsert({ where: { slug: e.slug }, create: { slug: e.slug, ...fields }, update: fields })).id
    eventIds.set(e.slug, id)
    await tx.eventActor.deleteMany({ where: { eventId: id } })
    await tx.eventActor.createMany({ data: e.actors.map((p) => ({ eventId: id, actorId: actorIds.get(p.actor)!, role: p.role, note: p.note ?? null })) })
    await tx.eventAgreement.deleteMany({ where: { eventId: id } })
    await tx.eventAgreement.createMany({ data: e.agreements.map((s) => ({ eventId: id, agreementId: agreementIds.get(s)! })) })
    await tx.eventChannel.deleteMany({ where: { eventId: id } })
    await tx.eventChannel.createMany({ data: e.channels.map((s) => ({ eventId: id, channelId: channelIds.get(s)! })) })
    await writeEvidence('eventId', id, e.evidence)
  }

  const ref = (ids: Map<string, number>, slug: string | null): number | null => slug === null ? null : ids.get(slug)!
  for (const f of data.figures) {
    const fields = {
      measure: f.measure,
      printed: f.printed,
      value: f.value,
      low: f.low,
      high: f.high,
      unit: f.unit,
      currency: f.currency,
      period: f.period,
      note: f.note ?? null,
      channelId: ref(channelIds, f.channel),
      eventId: ref(eventIds, f.event),
      agreementId: ref(agreementIds, f.agreement),
      actorId: ref(actorIds, f.actor)
    }
    const id = (await tx.figure.upsert({ where: { slug: f.slug }, create: { slug: f.slug, ...fields }, update: fields })).id
    await writeEvidence('figureId', id, f.evidence)
  }

  const scenarioIds = new Map<string, number>()
  for (const s of data.scenarios) {
    const fields = { number: s.number, title: s.title, summary: s.summary, conditions: s.conditions, expectedBehaviour: s.expectedBehaviour }
    const id = (await tx.scenario.upsert({ where: { slug: s.slug }, create: { slug: s.slug, ...fields }, update: fields })).id
    scenarioIds.set(s.slug, id)
    await writeEvidence('scenarioId', id, s.evidence)
  }

  for (const c of data.claims) {
    const fields = { section: c.section, text: c.text }
    const id = (await tx.claim.upsert({ where: { slug: c.slug }, create: { slug: c.slug, ...fields }, update: fields })).id
    await tx.claimScenario.deleteMany({ where: { claimId: id } })
    await tx.claimScenario.createMany({ data: c.scenarios.map((s) => ({ claimId: id, scenarioId: scenarioIds.get(s)! })) })
    await tx.claimChannel.deleteMany({ where: { claimId: id } })
    await tx.claimChannel.createMany({ data: c.channels.map((s) => ({ claimId: id, channelId: channelIds.get(s)! })) })
    await tx.claimActor.deleteMany({ where: { claimId: id } })
    await tx.claimActor.createMany({ data: c.actors.map((s) => ({ claimId: id, actorId: actorIds.get(s)! })) })
    await writeEvidence('claimId', id, c.evidence)
  }

  await flushEvidence()
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
