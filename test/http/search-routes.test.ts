// GET /v1/search and the `q` filter of every list, over the paper's real data.
import { search, SEARCH_KINDS } from '../../src/knowledge/search'
import { useTestApp } from '../helpers/app'

const ctx = useTestApp()
const { get } = ctx

describe('GET /v1/search', () => {
  it('answers with the search service\'s page, as JSON', async () => {
    const res = await get('/v1/search?q=Dalcombank').expect(200).expect('content-type', /^application\/json/)
    expect(res.body).toEqual(await search(ctx.app.prisma, { q: 'Dalcombank', limit: 20 }))
    expect(res.body.data.map((h: { kind: string, key: string }) => `${h.kind}:${h.key}`)).toEqual(expect.arrayContaining([
      'leverage-channels:finance', 'events:dalcombank-transfer-2007', 'passages:44'
    ]))
  })

  it('narrows by kind (comma-separated or repeated) and pages with limit and cursor', async () => {
    const a = await get('/v1/search?q=THAAD&kind=events,claims').expect(200)
    const b = await get('/v1/search?q=THAAD&kind=events&kind=claims').expect(200)
    expect(b.body).toEqual(a.body)
    expect(a.body.data.map((h: { kind: string, key: string }) => `${h.kind}:${h.key}`)).toEqual([
      'events:russia-china-thaad-security-dialogue-2015',
      'claims:sino-russian-coordination-revives-cold-war-division',
      'events:us-pressures-china-on-sanctions-2016',
      'claims:russian-sanctions-compliance-mirrors-china'
    ])
    const first = await get('/v1/search?q=THAAD&kind=events,claims&limit=3').expect(200)
    expect(first.body.data).toEqual(a.body.data.slice(0, 3))
    const second = await get(`/v1/search?q=THAAD&kind=events,claims&limit=3&cursor=${first.body.page.nextCursor as string}`).expect(200)
    expect(second.body).toEqual({ data: a.body.data.slice(3), page: { limit: 3, total: 4, nextCursor: null } })
  })

  it('finds a figure by its evidence: q=border lists both border lengths, whose measures say "frontier"', async () => {
    const res = await get('/v1/figures?q=border&limit=200').expect(200)
    expect(res.body.data.map((f: { slug: string }) => f.slug)).toEqual(expect.arrayContaining(['china-dprk-border-length', 'russia-dprk-border-length']))
    const top = await get('/v1/search?q=border%20length&limit=2').expect(200)
    expect(top.body.data.map((h: { key: string }) => h.key).sort()).toEqual(['china-dprk-border-length', 'russia-dprk-border-length'])
  })

  it.each([
    ['an empty q', '/v1/search?q=', 'q', 'q must not be empty'],
    ['a q of blanks', '/v1/search?q=%20%20', 'q', 'q must not be empty'],
    ['an oversized q', `/v1/search?q=${'a'.repeat(201)}`, 'q', 'q must be at most 200 characters'],
    ['no q', '/v1/search', 'q', 'Invalid input: expected string, received undefined'],
    ['an unknown parameter', '/v1/search?q=THAAD&sort=rank', 'sort', 'unknown parameter sort'],
    ['a limit too large', '/v1/search?q=THAAD&limit=201', 'limit', 'Too big: expected number to be <=200']
  ])('rejects %s with a problem+json 400', async (_, url, field, message) => {
    const res = await get(url).expect(400).expect('content-type', /^application\/problem\+json/)
    expect(res.body).toEqual({
      type: '/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: `${field}: ${message}`,
      instance: url,
      code: 'validation-failed',
      errors: [{ in: 'querystring', field, message }]
    })
  })

  it('rejects an unknown kind, naming the ones there are', async () => {
    const res = await get('/v1/search?q=THAAD&kind=footnotes').expect(400)
    expect(res.body.errors).toEqual([{ in: 'querystring', field: 'kind.0', message: `Invalid option: expected one of ${SEARCH_KINDS.map((k) => `"${k}"`).join('|')}` }])
  })

  it('explains a q of stop words instead of finding nothing', async () => {
    const res = await get('/v1/search?q=the').expect(400)
    const message = '"the" has no words to search for (only stop words or punctuation)'
    expect(res.body).toEqual({
      type: '/problems/invalid-parameter',
      title: 'Bad Request',
      status: 400,
      detail: message,
      instance: '/v1/search?q=the',
      code: 'invalid-parameter',
      errors: [{ field: 'q', message }]
    })
  })
})

describe('the q filter of the lists', () => {
  it('finds the events that mention THAAD, in date order', async () => {
    const res = await get('/v1/events?q=THAAD').expect(200)
    const expected = (await ctx.sql.query<{ slug: string }>(`
      SELECT slug FROM events WHERE title ILIKE '%thaad%' OR summary ILIKE '%thaad%' ORDER BY date_earliest NULLS LAST, id`)).rows.map((r) => r.slug)
    expect(expected).toEqual(['russia-china-thaad-security-dialogue-2015', 'us-pressures-china-on-sanctions-2016'])
    expect(res.body.data.map((e: { slug: string }) => e.slug)).toEqual(expected)
    expect(res.body.page).toEqual({ limit: 50, total: 2, nextCursor: null })
    expect(res.body.data[0].date).toMatchObject({ printed: expect.stringContaining('April 2015'), earliest: '2015-04-01', latest: '2015-04-30' })
  })

  it('combines with the other filters', async () => {
    const res = await get('/v1/events?q=sanctions&from=2016&category=sanctions&sort=title').expect(200)
    const expected = (await ctx.sql.query<{ slug: string }>(`
      SELECT slug FROM events
      WHERE (title ~* '\\msanction' OR summary ~* '\\msanction' OR category = 'sanctions') AND date_latest >= '2016-01-01' AND category = 'sanctions'
      ORDER BY title, id`)).rows.map((r) => r.slug)
    expect(expected.length).toBeGreaterThan(1)
    expect(res.body.data.map((e: { slug: string }) => e.slug)).toEqual(expected)
  })

  it.each(SEARCH_KINDS.map((kind) => [kind, kind]))('filters /v1/%s to the records /v1/search finds for that kind', async (list, kind) => {
    let found = 0
    for (const q of ['Rajin', 'China sanctions', '"Far East"', 'Korea -Russia']) {
      const hits = await get(`/v1/search?q=${encodeURIComponent(q)}&kind=${kind}&limit=200`).expect(200)
      const listed = await get(`/v1/${list}?q=${encodeURIComponent(q)}&limit=200`).expect(200)
      expect(listed.body.data.map((r: { id: number }) => r.id).sort((a: number, b: number) => a - b))
        .toEqual(hits.body.data.map((h: { id: number }) => h.id).sort((a: number, b: number) => a - b))
      expect(listed.body.page.total).toBe(hits.body.page.total)
      found += hits.body.page.total
    }
    expect(found).toBeGreaterThan(0)
  })

  it('searches a footnote by its text', async () => {
    const res = await get('/v1/footnotes?q=Dalcombank').expect(200)
    expect(res.body.data.map((f: { number: number }) => f.number)).toEqual([21])
  })

  it('rejects an empty q and a q of stop words on a list too', async () => {
    expect((await get('/v1/events?q=').expect(400)).body.errors).toEqual([{ in: 'querystring', field: 'q', message: 'q must not be empty' }])
    expect((await get('/v1/actors?q=the').expect(400)).body.code).toBe('invalid-parameter')
  })
})
