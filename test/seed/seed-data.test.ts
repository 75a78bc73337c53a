// The data is the product: these checks hold every record in seed/ against the paper.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { createPrisma, type PrismaClient } from '../../src/db/prisma'
import { resources } from '../../src/knowledge'
import { dateBounds } from '../../src/knowledge/paper-dates'
import { foldWhitespace, normalizeText } from '../../src/knowledge/quotes'
import { readSeed } from '../../src/seed/read-seed'
import { testDatabaseUrl } from '../helpers/app'

const seed = readSeed('seed')
const { data } = seed
const paper = normalizeText(readFileSync('seed/lukin-2016-russia-north-korea.txt', 'utf8'))

/** Every record of every kind with evidence, as [kind, record]. */
const withEvidence = resources.filter((def) => def.curation !== undefined && def.evidence !== null)
  .flatMap((def) => data.records[def.name]!.map((r) => [def.name, { slug: r.slug, evidence: r.evidence! }] as const))
const quotes = withEvidence.flatMap(([kind, r]) => r.evidence.map((e) => [`${kind}/${r.slug}`, e.quote, e.footnotes] as const))

let prisma: PrismaClient
beforeAll(() => { prisma = createPrisma(testDatabaseUrl()) })
afterAll(async () => { await prisma.$disconnect() })

describe('every quote in seed/', () => {
  it('there are quotes to check', () => {
    expect(quotes.length).toBeGreaterThan(200)
  })

  it.each(quotes)('%s quotes the paper verbatim: %s', (_record, quote) => {
    expect(paper).toContain(foldWhitespace(quote))
  })

  it('cites only footnotes that sit in the quoted paragraph (or the footnote it quotes)', () => {
    const misplaced = withEvidence.flatMap(([kind, r]) => r.evidence.flatMap((e) => {
      const passage = seed.passages.find((p) => p.ordinal === seed.passageOf.get(e))!
      return e.footnotes.filter((n) => !passage.footnotes.includes(n) && passage.footnoteNumber !== n).map((n) => `${kind}/${r.slug}: footnote ${n}`)
    }))
    expect(misplaced).toEqual([])
  })
})

describe('the loaded database', () => {
  it('holds every quote of seed/ for its record, in order, with its passage and footnotes', async () => {
    // The evidence row's relation to its record: its column without `Id` (channelId: channel).
    const subjects = Object.fromEntries(resources.flatMap((def) => def.evidence !== null ? [[def.name, def.evidence.replace(/Id$/, '')]] : []))
    const rows = await prisma.evidence.findMany({
      orderBy: [{ position: 'asc' }],
      include: {
        passage: { select: { ordinal: true } },
        footnotes: { include: { footnote: { select: { number: true } } } },
        ...Object.fromEntries(Object.values(subjects).map((relation) => [relation, { select: { slug: true } }]))
      }
    }) as unknown as Array<{ position: number, quote: string, passage: { ordinal: number } | null, footnotes: Array<{ footnote: { number: number } }> } & Record<string, { slug: string } | null>>
    const inDb = rows.map((r) => {
      const [kind, relation] = Object.entries(subjects).find(([, rel]) => r[rel] !== null)!
      return `${kind}/${(r[relation] as { slug: string }).slug} #${r.position} ¶${r.passage!.ordinal} [${r.footnotes.map((f) => f.footnote.number).sort((a, b) => a - b).join(',')}] ${r.quote}`
    }).sort()
    const inSeed = withEvidence.flatMap(([kind, r]) => r.evidence.map((e, i) =>
      `${kind}/${r.slug} #${i} ¶${seed.passageOf.get(e)!} [${[...new Set(e.footnotes)].sort((a, b) => a - b).join(',')}] ${e.quote}`)).sort()
    expect(inDb).toEqual(inSeed)
  })
})

describe('footnotes and sources', () => {
  it('loads footnotes 1 to 30, each with its text from the paper', async () => {
    const footnotes = await prisma.footnote.findMany({ orderBy: { number: 'asc' }, include: { passage: true, sources: { include: { source: true } } } })
    expect(footnotes.map((f) => f.number)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(footnotes.find((f) => f.number === 13)!.passage.text).toBe('Dmitri Trenin, Post-Imperium: A Eurasian Story (Moscow: Carnegie Moscow Center, 2012), p. 194.')
  })

  it('links every citing footnote to its sources, and comment-only footnotes to none', async () => {
    const footnotes = await prisma.footnote.findMany({ orderBy: { number: 'asc' }, include: { sources: { orderBy: { position: 'asc' }, include: { source: true } } } })
    for (const f of footnotes) {
      if (f.kind === 'comment') expect(f.sources).toEqual([])
      else expect(f.sources.length).toBeGreaterThan(0)
    }
    expect(footnotes.filter((f) => f.kind === 'comment').map((f) => f.number)).toEqual([6, 18, 23])
    const slugsOf = (n: number): string[] => footnotes.find((f) => f.number === n)!.sources.map((s) => s.source.slug)
    expect(slugsOf(25)).toHaveLength(2)
    expect(slugsOf(27)).toEqual(slugsOf(29))
    expect(slugsOf(27)).toEqual(['unsc-resolution-2270'])
  })

  it('keeps urls exactly as printed, oddities included', async () => {
    const sources = await prisma.source.findMany({ where: { url: { not: null } } })
    for (const s of sources) expect(paper).toContain(s.url!)
    const bloomberg = await prisma.source.findFirstOrThrow({ where: { publication: 'Bloomberg' } })
    expect(bloomberg.url).toBe('http://www.bloomberg.com/news/articles/2016-03-02/saudi-arabia-faces-a-new-oil-titan-once-battle-with-shale-is-won-ila2vccq')
    expect(bloomberg.note).toMatch(/url/i)
  })

  it('every footnote a record cites exists', async () => {
    const cited = [...new Set(quotes.flatMap(([, , footnotes]) => footnotes))].sort((a, b) => a - b)
    const existing = (await prisma.footnote.findMany({ select: { number: true } })).map((f) => f.number)
    expect(cited.filter((n) => !existing.includes(n))).toEqual([])
  })
})

describe('slugs', () => {
  it.each(resources.flatMap((def) => def.curation !== undefined ? [[def.name, def.curation.file]] : []))('are unique and well-formed in %s', (_kind, file) => {
    const records = parse(readFileSync(`seed/${file}`, 'utf8')) as Array<{ slug: string }>
    const slugs = records.map((r) => r.slug)
    expect(new Set(slugs).size).toBe(slugs.length)
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })
})

describe('dates', () => {
  it('store bounds consistent with their precision', async () => {
    const rows = [...await prisma.event.findMany(), ...await prisma.agreement.findMany()]
    expect(rows.length).toBeGreaterThan(50)
    for (const r of rows) {
      const iso = (d: Date | null): string | null => d?.toISOString().slice(0, 10) ?? null
      const expected = dateBounds(r.dateValue === null ? null : { printed: r.datePrinted, value: r.dateValue, approximate: r.dateApproximate, basis: 'text' })
      expect({ slug: r.slug, precision: r.datePrecision, earliest: iso(r.dateEarliest), latest: iso(r.dateLatest) })
        .toEqual({ slug: r.slug, precision: expected.precision, earliest: iso(expected.earliest), latest: iso(expected.latest) })
      if (r.datePrecision === 'year') {
        expect([iso(r.dateEarliest), iso(r.dateLatest)]).toEqual([`${r.dateValue}-01-01`, `${r.dateValue}-12-31`])
      }
    }
  })

  it('span the nineteenth century to 2 March 2016, as the paper does', async () => {
    const first = await prisma.event.findFirstOrThrow({ where: { dateEarliest: { not: null } }, orderBy: { dateEarliest: 'asc' } })
    const last = await prisma.event.findFirstOrThrow({ where: { dateEarliest: { not: null } }, orderBy: { dateEarliest: 'desc' } })
    expect(first).toMatchObject({ datePrinted: 'the second half of the nineteenth century', dateValue: '1850/1899' })
    expect(await prisma.event.findFirst({ where: { dateValue: '1904' } })).not.toBeNull()
    expect(last.dateValue).toBe('2016-03-02')
  })

  it('keep the printed form of the paper\'s key dates', async () => {
    const test = await prisma.event.findFirstOrThrow({ where: { category: 'nuclear-test', dateValue: '2016-01-06' } })
    expect(test).toMatchObject({ datePrinted: 'Jan. 6, 2016', datePrecision: 'day' })
    const military = await prisma.agreement.findUniqueOrThrow({ where: { slug: 'military-activity-agreement-2015' } })
    expect(military).toMatchObject({ dateValue: '2015-11', datePrecision: 'month', datePrinted: 'November 2015' })
  })
})

describe('the knowledge the paper states', () => {
  it('has the ten leverage channels in the paper\'s order, each with evidence', async () => {
    const channels = await prisma.leverageChannel.findMany({ orderBy: { ordinal: 'asc' }, include: { _count: { select: { evidence: true } } } })
    expect(channels.map((c) => c.slug).sort()).toEqual(['aircraft', 'education', 'finance', 'fishing', 'investment', 'north-korean-labor', 'six-party-talks', 'trade', 'transportation-links', 'unsc-permanent-membership'])
    for (const c of channels) expect(c._count.evidence).toBeGreaterThan(0)
  })

  it('has the three scenarios', async () => {
    const scenarios = await prisma.scenario.findMany({ orderBy: { number: 'asc' } })
    expect(scenarios.map((s) => [s.number, s.slug])).toEqual([
      [1, 'scenario-1-russia-obstructs'], [2, 'scenario-2-second-fiddle-to-china'], [3, 'scenario-3-constructive-independent-player']
    ])
  })

  it('keeps numbers as printed next to their machine form', async () => {
    const migrants = await prisma.figure.findFirstOrThrow({ where: { printed: { contains: '20-26 thousand' } } })
    expect(migrants).toMatchObject({ low: 20000, high: 26000 })
    const trade = await prisma.figure.findFirstOrThrow({ where: { printed: '$92 million' }, include: { channel: true } })
    expect(trade).toMatchObject({ value: 92000000, currency: 'USD', channel: { slug: 'trade' } })
  })

  it('knows the DPRK by its aliases', async () => {
    const dprk = await prisma.actor.findUniqueOrThrow({ where: { slug: 'dprk' } })
    expect(dprk.aliases).toEqual(expect.arrayContaining(['North Korea', 'Pyongyang']))
  })
})
