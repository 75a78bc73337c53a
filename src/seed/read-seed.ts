// Reads and checks every file under seed/ before anything touches the database: zod shapes,
// references between records, footnote numbers, and that each quote is in the paper.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { locateQuote, parsePaper, type ParsedPassage, type PaperLayout } from './paper'
import { seedFiles, type Evidence, type SeedData } from './schemas'

export const PAPER_FILE = 'lukin-2016-russia-north-korea.txt'

const LayoutSchema = z.strictObject({ bodyStart: z.string().min(1), sections: z.array(z.string().min(1)).min(1) })

/** A seed file that cannot be loaded; the message names the file, the record and the field. */
export class SeedError extends Error {
  constructor (readonly file: string, readonly record: string | null, readonly field: string | null, problem: string) {
    super(`${file}${record !== null ? ` › ${record}` : ''}${field !== null ? ` › ${field}` : ''}: ${problem}`)
    this.name = 'SeedError'
  }
}

export interface Seed {
  data: SeedData
  paperText: string
  passages: ParsedPassage[]
  /** Passage ordinal for every evidence quote, keyed by the quote's own object. */
  passageOf: Map<Evidence, number>
}

function readYaml (dir: string, file: string): unknown {
  try {
    return parse(readFileSync(join(dir, file), 'utf8'))
  } catch (error) {
    throw new SeedError(file, null, null, (error as Error).message.split('\n')[0] ?? 'unreadable')
  }
}

function recordName (value: unknown, index: number): string {
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>
    if (typeof o.slug === 'string') return o.slug
    if (typeof o.number === 'number') return `footnote ${o.number}`
  }
  return `#${index + 1}`
}

function parseFile<S extends z.ZodType> (dir: string, file: string, schema: S): z.infer<S> {
  const raw = readYaml(dir, file)
  const result = schema.safeParse(raw)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const [index, ...field] = issue.path
  const isList = Array.isArray(raw) && typeof index === 'number'
  const record = isList ? recordName(raw[index], index) : null
  const fieldPath = (isList ? field : issue.path).join('.')
  throw new SeedError(file, record, fieldPath === '' ? null : fieldPath, issue.message)
}

export function readSeed (dir: string): Seed {
  const layout: PaperLayout = parseFile(dir, 'layout.yaml', LayoutSchema)
  let paperText: string
  try {
    paperText = readFileSync(join(dir, PAPER_FILE), 'utf8')
  } catch {
    throw new SeedError(PAPER_FILE, null, null, 'the paper text is missing')
  }
  const passages = parsePaper(paperText, layout)
  const data = Object.fromEntries(
    Object.entries(seedFiles).map(([key, { file, schema }]) => [key, parseFile(dir, file, schema)])
  ) as SeedData
  const passageOf = checkReferences(data, passages)
  return { data, paperText, passages, passageOf }
}

function checkReferences (data: SeedData, passages: ParsedPassage[]): Map<Evidence, number> {
  const slugsOf = (file: string, records: Array<{ slug: string }>): Set<string> => {
    const seen = new Set<string>()
    for (const r of records) {
      if (seen.has(r.slug)) throw new SeedError(file, r.slug, 'slug', 'this slug is used twice')
      seen.add(r.slug)
    }
    return seen
  }
  const known = {
    sources: slugsOf('sources.yaml', data.sources),
    actors: slugsOf('actors.yaml', data.actors),
    channels: slugsOf('leverage-channels.yaml', data.leverageChannels),
    agreements: slugsOf('agreements.yaml', data.agreements),
    events: slugsOf('events.yaml', data.events),
    scenarios: slugsOf('scenarios.yaml', data.scenarios)
  }
  slugsOf('figures.yaml', data.figures)
  slugsOf('claims.yaml', data.claims)

  const footnoteNumbers = new Set<number>()
  for (const f of data.footnotes) {
    const name = `footnote ${f.number}`
    if (footnoteNumbers.has(f.number)) throw new SeedError('footnotes.yaml', name, 'number', 'this footnote is listed twice')
    footnoteNumbers.add(f.number)
    if (!passages.some((p) => p.footnoteNumber === f.number)) throw new SeedError('footnotes.yaml', name, 'number', 'the paper has no such footnote')
    f.sources.forEach((s, i) => { if (!known.sources.has(s)) throw new SeedError('footnotes.yaml', name, `sources.${i}`, `unknown source "${s}"`) })
  }

  const passageOf = new Map<Evidence, number>()
  const expect = (file: string, record: string, field: string, set: Set<string>, slug: string | null, what: string): void => {
    if (slug !== null && !set.has(slug)) throw new SeedError(file, record, field, `unknown ${what} "${slug}"`)
  }
  const checkEvidence = (file: string, record: string, evidence: Evidence[]): void => {
    evidence.forEach((e, i) => {
      const passage = locateQuote(passages, e.quote)
      if (passage === undefined) throw new SeedError(file, record, `evidence.${i}.quote`, 'this quote is not in the paper verbatim')
      passageOf.set(e, passage.ordinal)
      e.footnotes.forEach((n, j) => {
        if (!footnoteNumbers.has(n)) throw new SeedError(file, record, `evidence.${i}.footnotes.${j}`, `footnote ${n} is not in footnotes.yaml`)
      })
    })
  }

  for (const a of data.actors) {
    expect('actors.yaml', a.slug, 'affiliation', known.actors, a.affiliation ?? null, 'actor')
    checkEvidence('actors.yaml', a.slug, a.evidence)
  }
  for (const c of data.leverageChannels) {
    c.actors.forEach((s, i) => expect('leverage-channels.yaml', c.slug, `actors.${i}`, known.actors, s, 'actor'))
    checkEvidence('leverage-channels.yaml', c.slug, c.evidence)
  }
  for (const a of data.agreements) {
    a.parties.forEach((p, i) => expect('agreements.yaml', a.slug, `parties.${i}.actor`, known.actors, p.actor, 'actor'))
    a.channels.forEach((s, i) => expect('agreements.yaml', a.slug, `channels.${i}`, known.channels, s, 'leverage channel'))
    checkEvidence('agreements.yaml', a.slug, a.evidence)
  }
  for (const e of data.events) {
    e.actors.forEach((p, i) => expect('events.yaml', e.slug, `actors.${i}.actor`, known.actors, p.actor, 'actor'))
    e.agreements.forEach((s, i) => expect('events.yaml', e.slug, `agreements.${i}`, known.agreements, s, 'agreement'))
    e.channels.forEach((s, i) => expect('events.yaml', e.slug, `channels.${i}`, known.channels, s, 'leverage channel'))
    checkEvidence('events.yaml', e.slug, e.evidence)
  }
  for (const f of data.figures) {
    expect('figures.yaml', f.slug, 'channel', known.channels, f.channel, 'leverage channel')
    expect('figures.yaml', f.slug, 'event', known.events, f.event, 'event')
    expect('figures.yaml', f.slug, 'agreement', known.agreements, f.agreement, 'agreement')
    expect('figures.yaml', f.slug, 'actor', known.actors, f.actor, 'actor')
    checkEvidence('figures.yaml', f.slug, f.evidence)
  }
  for (const s of data.scenarios) checkEvidence('scenarios.yaml', s.slug, s.evidence)
  for (const c of data.claims) {
    c.scenarios.forEach((s, i) => expect('claims.yaml', c.slug, `scenarios.${i}`, known.scenarios, s, 'scenario'))
    c.channels.forEach((s, i) => expect('claims.yaml', c.slug, `channels.${i}`, known.channels, s, 'leverage channel'))
    c.actors.forEach((s, i) => expect('claims.yaml', c.slug, `actors.${i}`, known.actors, s, 'actor'))
    checkEvidence('claims.yaml', c.slug, c.evidence)
  }
  return passageOf
}
