// Writes the checked seed into the database in one transaction: all or nothing. Records are upserted
// by slug and their links replaced, so a second run with the same files changes nothing. Each kind is
// written in one INSERT … ON CONFLICT statement (and its links in one DELETE and one INSERT), not one
// statement per record: the load's cost is a few dozen round trips whatever the seed's size.
import { columnOf, type PrismaClient } from '../db/prisma'
import { Prisma } from '../generated/prisma/client'
import { curatedInLoadOrder, linkRows, ownColumns, replaceLinks } from '../knowledge/curation'
import type { EvidenceSubject } from '../knowledge/evidence'
import { graphqlNames, type ColumnReference } from '../knowledge/resource'
import { readSeed, type Seed, type SeedRecord } from './read-seed'
import type { Evidence } from './schemas'

type Tx = Prisma.TransactionClient
export type SeedCounts = Record<string, number>

export async function loadSeedDir (prisma: PrismaClient, dir: string): Promise<SeedCounts> {
  return await loadSeed(prisma, readSeed(dir))
}

export async function loadSeed (prisma: PrismaClient, seed: Seed): Promise<SeedCounts> {
  return await prisma.$transaction(async (tx) => await write(tx, seed), { timeout: 60_000, maxWait: 10_000 })
}

/** Columns (Prisma fields) as the JSON jsonb_populate_recordset reads: snake_case names, dates as `YYYY-MM-DD`. */
function asColumns (fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [columnOf(k), v instanceof Date ? v.toISOString().slice(0, 10) : v]))
}

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

  // The curated kinds, each after the kinds it names: their rows, then their links (and
  // references among records of one kind, once all of them have ids).
  const curated = curatedInLoadOrder()
  const ids = new Map<string, Map<string, number>>()
  const idOf = (kind: string) => (slug: string): number => ids.get(kind)!.get(slug)!
  for (const { name, table, curation } of curated) {
    const records = data.records[name]!
    const refs = Object.entries(curation.refs ?? {})
    const columnRefs = refs.filter((entry): entry is [string, ColumnReference] => 'column' in entry[1])
    const byColumn = (r: SeedRecord, own: boolean): Record<string, unknown> => Object.fromEntries(columnRefs.filter(([, ref]) => (ref.kind === name) === own)
      .map(([field, ref]) => [columnOf(ref.column), r[field] === undefined || r[field] === null ? null : idOf(ref.kind)(r[field] as string)]))
    const rowIds = await upsertMany(tx, table, 'slug', records.map((r) => ({ slug: r.slug, ...asColumns(ownColumns(curation, r, true)), ...byColumn(r, false) })))
    ids.set(name, rowIds)
    for (const [, ref] of columnRefs.filter(([, ref]) => ref.kind === name)) {
      const column = Prisma.raw(`"${columnOf(ref.column)}"`)
      const values = JSON.stringify(records.map((r) => ({ id: rowIds.get(r.slug)!, value: byColumn(r, true)[columnOf(ref.column)] ?? null })))
      await tx.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)} t SET ${column} = x.value FROM jsonb_to_recordset(${values}::jsonb) AS x(id int, value int)
        WHERE t.id = x.id AND t.${column} IS DISTINCT FROM x.value`
    }
    for (const [field, ref] of refs) {
      if (!('link' in ref)) continue
      await replaceLinks(tx, ref.link, [...rowIds.values()], records.flatMap((r) => linkRows(ref, rowIds.get(r.slug)!, r[field], idOf(ref.kind))))
    }
  }

  const sourceIds = ids.get('sources')!
  const footnoteIdsByKey = await upsertMany(tx, 'footnotes', 'number', data.footnotes.map((f) => ({
    document_id: document.id, number: f.number, kind: f.kind, note: f.note ?? null, passage_id: passageIds.get(passages.find((p) => p.footnoteNumber === f.number)!.ordinal)!
  })), inDocument)
  const footnoteIds = new Map(data.footnotes.map((f) => [f.number, footnoteIdsByKey.get(String(f.number))!]))
  await replaceLinks(tx, { table: 'footnote_sources', owner: 'footnoteId' }, [...footnoteIds.values()], data.footnotes.flatMap((f) => f.sources.map((s, position) => ({ footnoteId: footnoteIds.get(f.number)!, sourceId: sourceIds.get(s)!, position }))))

  // Evidence is compared per record and rewritten only where it changed, so ids stay stable across
  // loads; new rows are written in two batched statements at the end.
  const evidenceRows = await tx.evidence.findMany({ include: { footnotes: true }, orderBy: { position: 'asc' } })
  const pendingEvidence: Array<{ row: Prisma.EvidenceCreateManyInput, footnoteIds: number[] }> = []
  const writeEvidence = async (subject: EvidenceSubject, id: number, evidence: Evidence[]): Promise<void> => {
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

  for (const { name, evidence } of curated) {
    if (evidence === null) continue
    for (const r of data.records[name]!) await writeEvidence(evidence, ids.get(name)!.get(r.slug)!, r.evidence ?? [])
  }

  await flushEvidence()
  await tx.$executeRaw`SELECT refresh_every_search_context()`
  return {
    documents: 1,
    passages: passages.length,
    footnotes: data.footnotes.length,
    ...Object.fromEntries(curated.map((def) => [graphqlNames(def).list, data.records[def.name]!.length])),
    evidence: await tx.evidence.count()
  }
}
