// Reads and checks every file under seed/ before anything touches the database: zod shapes,
// references between records, footnote numbers, and that each quote is in the paper.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { locateQuote, parsePaper, type ParsedPassage, type PaperLayout } from './paper'
import { kindNamed } from '../knowledge'
import { curatedInLoadOrder, slugPaths } from '../knowledge/curation'
import { DocumentSeedSchema, FootnoteSeedSchema, type Evidence } from './schemas'

export const PAPER_FILE = 'lukin-2016-russia-north-korea.txt'

const LayoutSchema = z.strictObject({ bodyStart: z.string().min(1), sections: z.array(z.string().min(1)).min(1) })

/** A seed file that cannot be loaded; the message names the file, the record and the field. */
export class SeedError extends Error {
  constructor (readonly file: string, readonly record: string | null, readonly field: string | null, problem: string) {
    super(`${file}${record !== null ? ` › ${record}` : ''}${field !== null ? ` › ${field}` : ''}: ${problem}`)
    this.name = 'SeedError'
  }
}

/** A record of a curated kind as its file gives it: the kind's `curation.schema`. */
export type SeedRecord = Record<string, unknown> & { slug: string, evidence?: Evidence[] }

export interface SeedData {
  document: z.infer<typeof DocumentSeedSchema>
  footnotes: Array<z.infer<typeof FootnoteSeedSchema>>
  /** The records of every curated kind (src/knowledge), by kind name. */
  records: Record<string, SeedRecord[]>
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
  const data: SeedData = {
    document: parseFile(dir, 'document.yaml', DocumentSeedSchema),
    footnotes: parseFile(dir, 'footnotes.yaml', z.array(FootnoteSeedSchema)),
    records: Object.fromEntries(curatedInLoadOrder().map((def) => [def.name, parseFile(dir, def.curation.file, z.array(def.curation.schema)) as SeedRecord[]]))
  }
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
  const curated = curatedInLoadOrder()
  const known = new Map(curated.map((def) => [def.name, slugsOf(def.curation.file, data.records[def.name]!)]))

  const footnoteNumbers = new Set<number>()
  for (const f of data.footnotes) {
    const name = `footnote ${f.number}`
    if (footnoteNumbers.has(f.number)) throw new SeedError('footnotes.yaml', name, 'number', 'this footnote is listed twice')
    footnoteNumbers.add(f.number)
    if (!passages.some((p) => p.footnoteNumber === f.number)) throw new SeedError('footnotes.yaml', name, 'number', 'the paper has no such footnote')
    f.sources.forEach((s, i) => { if (known.get('sources')?.has(s) !== true) throw new SeedError('footnotes.yaml', name, `sources.${i}`, `unknown source "${s}"`) })
  }

  const passageOf = new Map<Evidence, number>()
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

  for (const { name, curation } of curated) {
    for (const r of data.records[name]!) {
      for (const [field, ref] of Object.entries(curation.refs ?? {})) {
        for (const { path, slug } of slugPaths(field, ref, r[field])) {
          if (known.get(ref.kind)?.has(slug) !== true) throw new SeedError(curation.file, r.slug, path, `unknown ${kindNamed(ref.kind).noun} "${slug}"`)
        }
      }
      checkEvidence(curation.file, r.slug, r.evidence ?? [])
    }
  }
  return passageOf
}
