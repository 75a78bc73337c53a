// Full-text search over the paper's real data, checked against plain-text oracles computed from the
// same rows with ILIKE / regular expressions, so the tsvector columns and the query are both tested.
import { Client } from 'pg'
import { columnOf, createPrisma, type PrismaClient } from '../../src/db/prisma'
import { InvalidInputError } from '../../src/errors'
import { resources } from '../../src/knowledge'
import { events } from '../../src/knowledge/events'
import { listRecords } from '../../src/knowledge/resource'
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

/** A record's evidence quotes and the names of what it links to, as one text (what search reads besides the row). */
function context (evidence: string, ...linked: string[]): string {
  return `coalesce((SELECT string_agg(quote, ' ') FROM evidence e WHERE e.${evidence} = t.id), '') || ' ' || ${linked.length > 0 ? `concat_ws(' ', ${linked.join(', ')})` : "''"}`
}
const names = (link: string, own: string, other: string, table: string, column = 'name'): string =>
  `(SELECT string_agg(o.${column}, ' ') FROM ${link} l JOIN ${table} o ON o.id = l.${other} WHERE l.${own} = t.id)`
const nameOf = (table: string, column: string, id: string): string => `(SELECT o.${column} FROM ${table} o WHERE o.id = t.${id})`

/**
 * `kind:key` of every record whose text matches the SQL condition on `j`: the row as JSON (minus
 * its search vectors and slug), its evidence quotes and the names of the records it links to.
 * For a rare proper noun that is what full-text search must find.
 */
/** What search reads besides a row and its evidence quotes: the names of the records it links to, per kind. */
const LINKED_NAMES: Record<string, string[]> = {
  events: [names('event_actors', 'event_id', 'actor_id', 'actors'), names('event_agreements', 'event_id', 'agreement_id', 'agreements', 'title'), names('event_channels', 'event_id', 'channel_id', 'leverage_channels')],
  agreements: [names('agreement_parties', 'agreement_id', 'actor_id', 'actors'), names('agreement_channels', 'agreement_id', 'channel_id', 'leverage_channels')],
  'leverage-channels': [names('channel_actors', 'channel_id', 'actor_id', 'actors')],
  figures: [nameOf('leverage_channels', 'name', 'channel_id'), nameOf('events', 'title', 'event_id'), nameOf('agreements', 'title', 'agreement_id'), nameOf('actors', 'name', 'actor_id')],
  claims: [names('claim_actors', 'claim_id', 'actor_id', 'actors'), names('claim_channels', 'claim_id', 'channel_id', 'leverage_channels'), names('claim_scenarios', 'claim_id', 'scenario_id', 'scenarios', 'title')]
}

/**
 * `kind:key` of every record whose text matches the SQL condition on `j`: the row as JSON (minus
 * its search vectors and slug), its evidence quotes and the names of the records it links to.
 * For a rare proper noun that is what full-text search must find.
 */
async function oracle (condition: string, params: unknown[]): Promise<string[]> {
  const selects = resources.filter((def) => SEARCH_KINDS.includes(def.name)).map((def) => {
    const key = def.key.field === 'slug' ? 'slug' : `${def.key.field}::text`
    // A source's URL is not searched; a slug is never text.
    const row = `(to_jsonb(t) - 'search' - 'search_context' - 'slug'${def.name === 'sources' ? " - 'url'" : ''})::text`
    const text = def.evidence !== null ? `${row} || ${context(columnOf(def.evidence), ...(LINKED_NAMES[def.name] ?? []))}` : row
    return `SELECT '${def.name}' AS kind, ${key} AS key, ${text} AS j FROM ${def.table} t`
  })
  const { rows } = await sql.query<{ hit: string }>(`
    SELECT kind || ':' || key AS hit FROM (${selects.join(' UNION ALL ')}) rows WHERE ${condition} ORDER BY 1`, params)
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
    expect((await everything('Rajin', ['actors']))[0]).toMatchObject({ kind: 'actors', key: 'rajin', snippet: '<mark>Rajin</mark> · port of <mark>Rajin</mark> · North Korean port; Russia was granted a long-term lease of one of its piers. · the 54-kilometer cross-border railway link from … Russia\'s Khasan to the North Korean port of <mark>Rajin</mark>. · This was accompanied with the modernization of the <mark>Rajin</mark> port facilities, where Russia was granted a long-term lease' })
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
    // The DPRK and Khabarovsk (the actor and the place), whose evidence quotes the sentence only up
    // to its Macao clause; the bank's own evidence, the finance channel's and the claim's name Macao.
    expect(hits(await everything('Dalcombank -Macao'))).toEqual(['actors:dprk', 'actors:khabarovsk', 'places:khabarovsk'])
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

describe('search reads a record\'s evidence and the names of what it links to', () => {
  it('finds both border-length figures by "border", a word only their evidence quotes use', async () => {
    const found = hits(await everything('border', ['figures']))
    expect(found).toEqual(expect.arrayContaining(['figures:china-dprk-border-length', 'figures:russia-dprk-border-length']))
    const measures = (await sql.query<{ measure: string }>("SELECT measure FROM figures WHERE slug IN ('china-dprk-border-length', 'russia-dprk-border-length')")).rows
    expect(measures.map((m) => m.measure)).toEqual([expect.not.stringMatching(/border/i), expect.not.stringMatching(/border/i)])
  })

  it('ranks the two border lengths first for "border length", above the 54-km cross-border railway', async () => {
    const data = await everything('border length')
    expect(data.slice(0, 2).map((h) => `${h.kind}:${h.key}`).sort()).toEqual(['figures:china-dprk-border-length', 'figures:russia-dprk-border-length'])
    expect(data.map((h) => h.key)).toContain('khasan-rajin-railway-length')
  })

  it('finds a figure by its channel\'s name and an event by its actors\' names', async () => {
    expect(hits(await everything('"North Korean labor"', ['figures']))).toContain('figures:dprk-government-share-of-overseas-wages')
    expect(hits(await everything('"Boris Yeltsin"', ['events']))).toContain('events:dprk-ties-with-russian-communist-opposition')
    expect(hits(await everything('"Vladimir Putin"', ['events']))).toContain('events:russian-intervention-in-syria')
  })

  it('keeps the names current: renaming an actor changes what finds its events, in the same transaction', async () => {
    await sql.query('BEGIN')
    try {
      await sql.query("UPDATE actors SET name = 'Boris Nikolayevich Zzyeltsin' WHERE slug = 'boris-yeltsin'")
      const { rows } = await sql.query<{ slug: string }>("SELECT slug FROM events WHERE search @@ search_query('Zzyeltsin') ORDER BY slug")
      const linked = await sql.query<{ slug: string }>("SELECT e.slug FROM events e JOIN event_actors ea ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id WHERE a.slug = 'boris-yeltsin' ORDER BY e.slug")
      expect(rows.map((r) => r.slug)).toEqual(linked.rows.map((r) => r.slug))
      expect(rows.length).toBeGreaterThan(0)
      // And a new quote is searchable as soon as it is written.
      await sql.query(`INSERT INTO evidence (event_id, passage_id, quote, position)
        SELECT e.id, p.id, 'Zzquotedword', 99 FROM events e, passages p WHERE e.slug = 'russo-japanese-war-1904' AND p.ordinal = 1`)
      expect((await sql.query("SELECT slug FROM events WHERE search @@ search_query('Zzquotedword')")).rows).toEqual([{ slug: 'russo-japanese-war-1904' }])
    } finally {
      await sql.query('ROLLBACK')
    }
  })
})

describe('synonyms: a word of a group finds what any word of the group finds', () => {
  const SYNONYMS: Record<string, string[]> = {
    border: ['border', 'frontier'],
    labor: ['labor', 'labour'],
    railway: ['rail', 'railroad', 'railway'],
    dprk: ['DPRK', 'North Korea', 'Pyongyang'],
    rok: ['ROK', 'Seoul', 'South Korea'],
    china: ['Beijing', 'China', 'PRC'],
    ussr: ['Soviet Union', 'USSR'],
    unsc: ['Security Council', 'UNSC'],
    rfe: ['RFE', 'Russian Far East'],
    defense: ['defence', 'defense']
  }

  it('are the groups the search_synonyms table holds', async () => {
    const { rows } = await sql.query<{ group_name: string, phrases: string[] }>('SELECT group_name, array_agg(phrase ORDER BY phrase) AS phrases FROM search_synonyms GROUP BY group_name')
    expect(Object.fromEntries(rows.map((r) => [r.group_name, r.phrases]))).toEqual(SYNONYMS)
  })

  async function allHits (q: string): Promise<SearchHit[]> {
    const out: SearchHit[] = []
    let cursor: string | undefined
    do {
      const page = await search(db, { q, limit: 200, cursor })
      out.push(...page.data)
      cursor = page.page.nextCursor ?? undefined
    } while (cursor !== undefined)
    return out
  }

  /** What a phrase finds without synonyms, straight from the stored vectors. */
  async function plain (phrase: string): Promise<string[]> {
    const tables = resources.filter((def) => SEARCH_KINDS.includes(def.name) && def.key.field === 'slug').map((def) => [def.name, def.table])
    const { rows } = await sql.query<{ hit: string }>(tables.map(([kind, table]) =>
      `SELECT '${kind}:' || slug AS hit FROM ${table} WHERE search @@ phraseto_tsquery('english', search_plain($1))`).join(' UNION ') + ' ORDER BY 1', [phrase])
    return rows.map((r) => r.hit)
  }

  it.each(Object.entries(SYNONYMS))('%s: each of its words finds what all of them find, also in a q filter', async (_group, phrases) => {
    const union = [...new Set((await Promise.all(phrases.map(plain))).flat())].sort()
    expect(union.length).toBeGreaterThan(0)
    for (const phrase of phrases) {
      const found = hits(await allHits(`"${phrase}"`)).filter((h) => !h.startsWith('passages:'))
      expect({ phrase, found }).toEqual({ phrase, found: union })
    }
    const matching = await sql.query<{ slug: string }>(`SELECT slug FROM events WHERE ${phrases.map((_, i) => `search @@ phraseto_tsquery('english', search_plain($${i + 1}))`).join(' OR ')} ORDER BY slug`, phrases)
    const listed = (await listRecords(events, db, { filter: { q: phrases[0]! }, limit: 200 })).data.map((e) => e.slug as string).sort()
    expect(listed).toEqual(matching.rows.map((r) => r.slug))
  })
})
