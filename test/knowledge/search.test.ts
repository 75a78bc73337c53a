// Full-text search over the paper's real data, checked against plain-text oracles computed from the
// same rows with ILIKE / regular expressions, so the tsvector columns and the query are both tested.
import { Client } from 'pg'
import { createPrisma, type PrismaClient } from '../../src/db/prisma'
import { InvalidInputError } from '../../src/errors'
import { search, SEARCH_KINDS, type SearchHit } from '../../src/knowledge/search'
import { testDatabaseUrl } from '../helpers/app'

let db: PrismaClient
let sql: Client
beforeAll(async () => {
  db = createPrisma(testDatabaseUrl())
  sql = new Client({ connectionString: testDatabaseUrl() })
  await sql.connect()
})
afterAll(async () => {
  await db.$disconnect()
  await sql.end()
})

/**
 * `kind:key` of every record whose row, as JSON text, matches the SQL condition on `j`. The row
 * minus its search vector and slug is all the text a record has; for a rare proper noun that is
 * what full-text search must find.
 */
async function oracle (condition: string, params: unknown[]): Promise<string[]> {
  const { rows } = await sql.query<{ hit: string }>(`
    SELECT kind || ':' || key AS hit FROM (
      SELECT 'events' AS kind, slug AS key, (to_jsonb(t) - 'search' - 'slug')::text AS j FROM events t UNION ALL
      SELECT 'agreements', slug, (to_jsonb(t) - 'search' - 'slug')::text FROM agreements t UNION ALL
      SELECT 'leverage-channels', slug, (to_jsonb(t) - 'search' - 'slug')::text FROM leverage_channels t UNION ALL
      SELECT 'figures', slug, (to_jsonb(t) - 'search' - 'slug')::text FROM figures t UNION ALL
      SELECT 'actors', slug, (to_jsonb(t) - 'search' - 'slug')::text FROM actors t UNION ALL
      SELECT 'sources', slug, (to_jsonb(t) - 'search' - 'slug' - 'url')::text FROM sources t UNION ALL
      SELECT 'scenarios', slug, (to_jsonb(t) - 'search' - 'slug')::text FROM scenarios t UNION ALL
      SELECT 'claims', slug, (to_jsonb(t) - 'search' - 'slug')::text FROM claims t UNION ALL
      SELECT 'passages', ordinal::text, (to_jsonb(t) - 'search')::text FROM passages t
    ) rows WHERE ${condition} ORDER BY 1`, params)
  return rows.map((r) => r.hit)
}

const hits = (data: SearchHit[]): string[] => data.map((h) => `${h.kind}:${h.key}`).sort()

async function everything (q: string, kinds?: typeof SEARCH_KINDS[number][]): Promise<SearchHit[]> {
  return (await search(db, { q, kinds, limit: 200 })).data
}

describe('search across every kind', () => {
  it('finds everything that mentions Dalcombank: the bank, the 2007 event, the finance channel, the paragraph and its footnote', async () => {
    const result = await search(db, { q: 'Dalcombank', limit: 200 })
    const expected = await oracle('j ILIKE $1', ['%dalcombank%'])
    expect(expected).toEqual(expect.arrayContaining([
      'actors:dalcombank', 'events:dalcombank-transfer-2007', 'leverage-channels:finance', 'passages:44', 'passages:78', 'sources:ria-novosti-2007-dalcombank'
    ]))
    expect(hits(result.data)).toEqual(expected)
    expect(result.page).toEqual({ limit: 200, total: expected.length, nextCursor: null })
  })

  it('ranks best first, and a title match above a mention in passing', async () => {
    const data = await everything('Dalcombank')
    expect(data.map((h) => h.rank)).toEqual([...data.map((h) => h.rank)].sort((a, b) => b - a))
    const rankOf = (kind: string, key: string): number => data.find((h) => h.kind === kind && h.key === key)!.rank
    expect(rankOf('events', 'dalcombank-transfer-2007')).toBeGreaterThan(rankOf('leverage-channels', 'finance'))
    expect(rankOf('actors', 'dalcombank')).toBeGreaterThan(rankOf('claims', 'russian-banks-rare-financial-channel'))
  })

  it('gives each hit its kind, key, title and a highlighted snippet', async () => {
    const data = await everything('Dalcombank', ['events', 'passages'])
    expect(data.find((h) => h.key === 'dalcombank-transfer-2007')).toEqual({
      kind: 'events',
      id: expect.any(Number),
      key: 'dalcombank-transfer-2007',
      title: 'Dalcombank mediates the transfer of frozen Banco Delta Asia funds to North Korea',
      snippet: expect.stringMatching(/^<mark>Dalcombank<\/mark> mediates the transfer/),
      rank: expect.any(Number)
    })
    expect(data.find((h) => h.key === '78')).toEqual({
      kind: 'passages', id: expect.any(Number), key: '78', title: 'Footnote 21', snippet: expect.stringContaining('<mark>Dalcombank</mark> transfers Macao funds'), rank: expect.any(Number)
    })
    expect(data.find((h) => h.key === '44')).toMatchObject({ title: 'What is Russia\'s Leverage with North Korea?, paragraph 10' })
  })

  it('finds the April 2015 Russia-China security dialogue by "THAAD"', async () => {
    const data = await everything('THAAD')
    expect(hits(data)).toEqual(await oracle('j ILIKE $1', ['%thaad%']))
    expect(data).toContainEqual(expect.objectContaining({ kind: 'events', key: 'russia-china-thaad-security-dialogue-2015', title: 'First round of the Russia-China dialogue on security in Northeast Asia' }))
  })

  it('finds actors by their aliases: Pyongyang is the DPRK, RFE the Russian Far East, Rajin its port', async () => {
    const firstActor = async (q: string): Promise<string | undefined> => (await everything(q, ['actors']))[0]?.key
    expect(await firstActor('Pyongyang')).toBe('dprk')
    expect(await firstActor('North Korea')).toBe('dprk')
    expect(await firstActor('RFE')).toBe('russian-far-east')
    expect(await firstActor('Rajin')).toBe('rajin')
    expect((await everything('Rajin'))[0]).toMatchObject({ kind: 'actors', key: 'rajin', snippet: '<mark>Rajin</mark> · port of <mark>Rajin</mark> · North Korean port; Russia was granted a long-term lease of one of its piers' })
  })

  it('reads the paper\'s typography: “Dalcombank (curly quote) and People’s are plain words', async () => {
    expect(hits(await everything('Dalcombank', ['passages']))).toContain('passages:78')
    expect(hits(await everything('"Democratic People\'s Republic"', ['actors']))).toEqual(['actors:dprk'])
    // A user who pastes curly quotes gets a phrase search too.
    expect(hits(await everything('“Democratic People’s Republic”', ['actors']))).toEqual(['actors:dprk'])
  })

  it('searches a "phrase" as adjacent words, stemmed', async () => {
    const phrase = hits(await everything('"Kim regime"', ['passages']))
    const words = hits(await everything('Kim regime', ['passages']))
    const adjacent = (await sql.query<{ hit: string }>(String.raw`SELECT 'passages:' || ordinal AS hit FROM passages WHERE text ~* '\mKim regime' ORDER BY 1`)).rows.map((r) => r.hit)
    const both = (await sql.query<{ hit: string }>(String.raw`SELECT 'passages:' || ordinal AS hit FROM passages WHERE text ~* '\mKim\M' AND text ~* '\mregime' ORDER BY 1`)).rows.map((r) => r.hit)
    expect(phrase).toEqual(adjacent)
    expect(words).toEqual(both)
    expect(words.length).toBeGreaterThan(phrase.length)
  })

  it('excludes -words and unites with OR', async () => {
    expect(hits(await everything('Dalcombank -Macao'))).toEqual(await oracle('j ILIKE $1 AND j NOT ILIKE $2', ['%dalcombank%', '%macao%']))
    expect(hits(await everything('Dalcombank -Macao'))).toEqual(['actors:dalcombank', 'claims:russian-banks-rare-financial-channel', 'leverage-channels:finance'])
    expect(hits(await everything('THAAD OR Dalcombank'))).toEqual(await oracle('(j ILIKE $1 OR j ILIKE $2)', ['%thaad%', '%dalcombank%']))
  })

  it('searches only the asked-for kinds', async () => {
    const data = await everything('Dalcombank', ['leverage-channels', 'events'])
    expect(hits(data)).toEqual(['events:dalcombank-transfer-2007', 'events:us-financial-sanctions-freeze-bda-assets', 'leverage-channels:finance'])
  })

  it('escapes the text of snippets, so only <mark> is markup', async () => {
    // Footnote 8 prints a url with "&" in it.
    const [hit] = await everything('Byrne', ['passages'])
    expect(hit!.snippet).toContain('?utm_source=dlvr.it&amp;utm_medium=twitter')
    expect(hit!.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/)
  })
})

describe('search pages', () => {
  it('walks the hits for "Rajin" three at a time, in rank order, without gaps or repeats', async () => {
    const all = await search(db, { q: 'Rajin', limit: 200 })
    expect(all.data.length).toBeGreaterThan(10)
    const walked: SearchHit[] = []
    let cursor: string | undefined
    do {
      const page = await search(db, { q: 'Rajin', limit: 3, cursor })
      expect(page.page.total).toBe(all.data.length)
      walked.push(...page.data)
      cursor = page.page.nextCursor ?? undefined
    } while (cursor !== undefined)
    expect(walked).toEqual(all.data)
  })

  it('refuses a cursor from another search', async () => {
    const first = await search(db, { q: 'Rajin', limit: 1 })
    await expect(search(db, { q: 'THAAD', limit: 1, cursor: first.page.nextCursor! })).rejects.toThrow(new InvalidInputError('cursor', 'cursor belongs to another search; repeat the same q and kind'))
    await expect(search(db, { q: 'Rajin', limit: 1, cursor: 'bm9wZQ' })).rejects.toThrow(InvalidInputError)
  })

  it('refuses an empty or oversized q with a named error, as GraphQL needs it', async () => {
    await expect(search(db, { q: '  ', limit: 5 })).rejects.toThrow(new InvalidInputError('q', 'q must not be empty'))
    await expect(search(db, { q: 'x'.repeat(201), limit: 5 })).rejects.toThrow(new InvalidInputError('q', 'q must be at most 200 characters'))
  })

  it('says so when the words are all stop words, rather than finding nothing', async () => {
    await expect(search(db, { q: 'the of', limit: 5 })).rejects.toThrow(new InvalidInputError('q', '"the of" has no words to search for (only stop words or punctuation)'))
    expect(await search(db, { q: 'zzyzx', limit: 5 })).toEqual({ data: [], page: { limit: 5, total: 0, nextCursor: null } })
  })

  it('takes user input only as a parameter', async () => {
    const q = '\'); DROP TABLE events; --'
    expect((await search(db, { q, limit: 5 })).data).toEqual([])
    expect(await db.event.count()).toBeGreaterThan(0)
  })
})
