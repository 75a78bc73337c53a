// The REST surface over the paper's real data: filters, pagination, formats, caching and errors.
import request from 'supertest'
import { useTestApp } from '../helpers/app'

const ctx = useTestApp()
const { get } = ctx

async function slugs (query: string, params: unknown[] = []): Promise<string[]> {
  return (await ctx.sql.query<{ slug: string }>(query, params)).rows.map((r) => r.slug)
}

describe('events', () => {
  it('lists events between 2014 and 2016 involving Russia and the DPRK, in date order', async () => {
    const res = await get('/v1/events?from=2014&to=2016&actor=russia,dprk&limit=200').expect(200)
    const expected = await slugs(`
      SELECT e.slug FROM events e
      WHERE e.date_latest >= '2014-01-01' AND e.date_earliest <= '2016-12-31'
        AND EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id AND a.slug = 'russia')
        AND EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id AND a.slug = 'dprk')
      ORDER BY e.date_earliest, e.id`)
    expect(expected.length).toBeGreaterThan(10)
    expect(res.body.data.map((e: { slug: string }) => e.slug)).toEqual(expected)
    expect(res.body.page).toEqual({ limit: 200, total: expected.length, nextCursor: null })
    expect(res.body.data).toContainEqual(expect.objectContaining({ slug: 'unsc-resolution-2270-adopted' }))
  })

  it('matches a date by overlap: an event dated "2014" is found by a range inside 2014', async () => {
    const res = await get('/v1/events?from=2014-06-01&to=2014-12-31&precision=year&limit=200').expect(200)
    const trade = res.body.data.find((e: { slug: string }) => e.slug === 'russia-dprk-trade-2014')
    expect(trade.date).toEqual({ printed: '2014', value: '2014', precision: 'year', approximate: false, basis: 'text', note: null, earliest: '2014-01-01', latest: '2014-12-31' })
    const before = await get('/v1/events?to=2013-12-31&precision=year&limit=200').expect(200)
    expect(before.body.data.map((e: { slug: string }) => e.slug)).not.toContain('russia-dprk-trade-2014')
  })

  it('takes from/to as Grafana sends them: epoch milliseconds and RFC 3339, each naming its UTC day', async () => {
    const slugsOf = async (query: string): Promise<string[]> => (await get(`/v1/events?limit=200&${query}`).expect(200)).body.data.map((e: { slug: string }) => e.slug)
    const days = await slugsOf('from=2014-06-15&to=2015-11-30')
    expect(days.length).toBeGreaterThan(5)
    expect(await slugsOf(`from=${Date.parse('2014-06-15T23:59:59.999Z')}&to=${Date.parse('2015-11-30T00:00:00Z')}`)).toEqual(days)
    // 2014-06-16T01:00+09:00 is 2014-06-15 in UTC.
    expect(await slugsOf('from=2014-06-16T01:00:00%2B09:00&to=2015-11-30T12:00:00.000Z')).toEqual(days)
    expect(await slugsOf(`from=${Date.parse('1900-01-01T00:00:00Z')}&to=2016`)).toEqual(await slugsOf('from=1900&to=2016'))
  })

  it('says what happens to undated events under a date filter: left out by default, kept or alone on request', async () => {
    const listed = async (query: string): Promise<string[]> => (await get(`/v1/events?${query}&limit=200`).expect(200)).body.data.map((e: { slug: string }) => e.slug)
    const dated = await listed('from=2014&to=2016&actor=russia,dprk')
    const undated = await slugs(`
      SELECT e.slug FROM events e WHERE e.date_earliest IS NULL
        AND EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id AND a.slug = 'russia')
        AND EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id AND a.slug = 'dprk')
      ORDER BY e.id`)
    expect(undated).toContain('dprk-seeks-russian-weapons')
    expect(await listed('from=2014&to=2016&actor=russia,dprk&undated=exclude')).toEqual(dated)
    // Undated records sort last, as in every date order.
    expect(await listed('from=2014&to=2016&actor=russia,dprk&undated=include')).toEqual([...dated, ...undated])
    expect(await listed('from=2014&to=2016&actor=russia,dprk&undated=only')).toEqual(undated)
    // Without a date range, undated events are listed unless asked otherwise.
    const all = await listed('actor=russia,dprk')
    expect(all).toEqual(expect.arrayContaining(undated))
    expect(await listed('actor=russia,dprk&undated=exclude')).toEqual(all.filter((slug) => !undated.includes(slug)))
    const agreements = (await get('/v1/agreements?from=2000&undated=only&limit=200').expect(200)).body.data.map((a: { slug: string, date: { value: string | null } }) => a.date.value)
    expect(agreements.length).toBeGreaterThan(0)
    expect(new Set(agreements)).toEqual(new Set([null]))
    const bad = await get('/v1/events?undated=sometimes').expect(400)
    expect(bad.body.errors[0].field).toBe('undated')
  })

  it('knows an actor by any alias: dprk, north-korea, Pyongyang', async () => {
    const [a, b, c] = await Promise.all(['dprk', 'north-korea', 'Pyongyang'].map(async (name) => (await get(`/v1/events?actor=${name}&limit=200`).expect(200)).body))
    expect(a.page.total).toBeGreaterThan(30)
    expect(b).toEqual(a)
    expect(c).toEqual(a)
  })

  it('gives every event its evidence: passage, verbatim quote and footnotes with sources', async () => {
    const res = await get('/v1/events/military-activity-agreement-signed-2015').expect(200)
    expect(res.body).toMatchObject({
      slug: 'military-activity-agreement-signed-2015',
      date: { printed: 'November 2015', value: '2015-11', precision: 'month' },
      agreements: [expect.objectContaining({ slug: 'military-activity-agreement-2015' })]
    })
    expect(res.body.evidence).toContainEqual({
      quote: expect.stringContaining('The agreement, concluded at the level of the two countries\' general staffs'),
      note: null,
      passage: { id: expect.any(Number), ordinal: expect.any(Number), kind: 'body', section: 'Russia and North Korea: The Renaissance of an Old Alliance?', paragraph: 10 },
      footnotes: [{ number: 8, sources: [{ slug: expect.any(String), title: 'N. Korea, Russia Sign Military Agreement', url: 'http://www.nknews.org/2015/11/n-korea-russia-sign-military-agreement/?utm_source=dlvr.it&utm_medium=twitter' }] }]
    })
    expect(res.body.actors.map((a: { slug: string }) => a.slug)).toEqual(expect.arrayContaining(['russia', 'dprk']))
  })

  it('fetches a record by numeric id or slug alike', async () => {
    const bySlug = await get('/v1/events/russo-japanese-war-1904').expect(200)
    const byId = await get(`/v1/events/${bySlug.body.id as number}`).expect(200)
    expect(byId.body).toEqual(bySlug.body)
  })

  it('embeds relations in lists only when asked', async () => {
    const plain = await get('/v1/events?limit=1').expect(200)
    expect(plain.body.data[0]).not.toHaveProperty('actors')
    const embedded = await get('/v1/events?limit=1&include=actors,agreements').expect(200)
    expect(embedded.body.data[0]).toHaveProperty('actors')
    expect(embedded.body.data[0]).toHaveProperty('agreements')
  })

  it('pages through every event with cursors, no duplicates or gaps, in every sort', async () => {
    for (const sort of ['date', '-date', 'title', '-category', 'id']) {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const res: request.Response = await get(`/v1/events?limit=7&sort=${sort}${cursor !== null ? `&cursor=${cursor}` : ''}`).expect(200)
        seen.push(...res.body.data.map((e: { slug: string }) => e.slug))
        cursor = res.body.page.nextCursor
        pages += 1
      } while (cursor !== null && pages < 50)
      const all = (await get(`/v1/events?limit=200&sort=${sort}`).expect(200)).body.data.map((e: { slug: string }) => e.slug)
      expect(seen).toEqual(all)
      expect(new Set(seen).size).toBe(all.length)
      expect(all.length).toBe(Number((await ctx.sql.query('SELECT count(*) FROM events')).rows[0].count))
    }
  })
})

describe('the other kinds', () => {
  it('names the sources cited for the Khasan-Rajin project', async () => {
    const res = await get('/v1/sources?agreement=rasonkontrans').expect(200)
    expect(res.body.data.map((s: { slug: string }) => s.slug)).toEqual(['unsc-resolution-2270'])
  })

  it('lists the leverage channels that have a dollar figure, in paper order, with their figures', async () => {
    const res = await get('/v1/leverage-channels?figureCurrency=USD&include=figures').expect(200)
    const expected = await slugs('SELECT c.slug FROM leverage_channels c WHERE EXISTS (SELECT 1 FROM figures f WHERE f.channel_id = c.id AND f.currency = \'USD\') ORDER BY c.ordinal')
    expect(res.body.data.map((c: { slug: string }) => c.slug)).toEqual(expected)
    expect(expected).toEqual(expect.arrayContaining(['trade', 'investment', 'finance']))
    const trade = res.body.data.find((c: { slug: string }) => c.slug === 'trade')
    expect(trade.figures).toContainEqual(expect.objectContaining({ printed: '$92 million', value: 92000000, currency: 'USD' }))
  })

  it('shows an agreement with its parties, events and figures', async () => {
    const res = await get('/v1/agreements/debt-settlement-2014').expect(200)
    expect(res.body).toMatchObject({ slug: 'debt-settlement-2014', status: 'settled', date: { value: '2014-05', precision: 'month' } })
    expect(res.body.parties.map((p: { slug: string }) => p.slug)).toEqual(expect.arrayContaining(['russia', 'dprk']))
    expect(res.body.figures.map((f: { printed: string }) => f.printed)).toEqual(expect.arrayContaining(['$11 billion']))
  })

  it('shows an actor with its aliases and events', async () => {
    const res = await get('/v1/actors/dalcombank').expect(200)
    expect(res.body).toMatchObject({ slug: 'dalcombank', kind: 'bank' })
    expect(res.body.events.length).toBeGreaterThan(0)
  })

  it('serves footnotes by number with their sources; 27 and 29 cite the same resolution', async () => {
    const [f27, f29] = await Promise.all([get('/v1/footnotes/27').expect(200), get('/v1/footnotes/29').expect(200)])
    expect(f27.body.sources).toEqual(f29.body.sources)
    expect(f27.body.text).toBe('UNSC Resolution 2270. Adopted on 2 March, 2016, http://www.un.org/en/sc/documents/resolutions/2016.shtml')
    expect((await get('/v1/footnotes/25').expect(200)).body.sources).toHaveLength(2)
  })

  it('serves the paper paragraph by paragraph, and the scenarios, claims and figures', async () => {
    const passages = await get('/v1/passages?kind=body&limit=200').expect(200)
    expect(passages.body.page.total).toBe(Number((await ctx.sql.query("SELECT count(*) FROM passages WHERE kind = 'body'")).rows[0].count))
    const scenarios = await get('/v1/scenarios?include=claims').expect(200)
    expect(scenarios.body.data.map((s: { number: number }) => s.number)).toEqual([1, 2, 3])
    const claims = await get('/v1/claims?scenario=scenario-2-second-fiddle-to-china').expect(200)
    expect(claims.body.data.length).toBeGreaterThan(0)
    const migrants = await get('/v1/figures?channel=north-korean-labor').expect(200)
    expect(migrants.body.data).toContainEqual(expect.objectContaining({ low: 20000, high: 26000 }))
  })

  it('describes the paper itself', async () => {
    const res = await get('/v1/document').expect(200)
    expect(res.body).toMatchObject({ slug: 'lukin-2016', authors: ['Artyom Lukin'], year: 2016, counts: { footnotes: 30 } })
  })
})

describe('formats', () => {
  it('streams every event as CSV with a fixed header, by format= or Accept', async () => {
    const byParam = await get('/v1/events?format=csv').expect(200)
    const byAccept = await get('/v1/events').set('accept', 'text/csv').expect(200)
    expect(byParam.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(byAccept.text).toBe(byParam.text)
    const lines = byParam.text.trimEnd().split('\r\n')
    expect(lines[0]).toBe('id,slug,title,summary,category,date.printed,date.value,date.precision,date.approximate,date.basis,date.note,date.earliest,date.latest,evidence')
    const total = Number((await ctx.sql.query('SELECT count(*) FROM events')).rows[0].count)
    const rows = parseCsv(byParam.text)
    expect(rows).toHaveLength(total + 1)
    expect(rows.every((r) => r.length === 14)).toBe(true)
    const withActors = parseCsv((await get('/v1/events?format=csv&include=actors').expect(200)).text)
    expect(withActors[0]!.at(-1)).toBe('actors')
    expect(JSON.parse(withActors.find((r) => r[1] === 'dprk-nuclear-test-2016')!.at(-1)!)).toEqual(['dprk'])
    expect(rows.find((r) => r[1] === 'russo-japanese-war-1904')?.slice(5, 8)).toEqual(['1904', '1904', 'year'])
  })

  it('writes a list in a cell as JSON array text, which splits back into the list exactly', async () => {
    const json = (await get('/v1/events?limit=200&include=actors').expect(200)).body.data as Array<{ slug: string, evidence: Array<{ quote: string }>, actors: Array<{ slug: string }> }>
    const csv = parseCsv((await get('/v1/events?format=csv&include=actors').expect(200)).text)
    const [header, ...rows] = csv
    const column = (name: string): number => header!.indexOf(name)
    // Quotes hold commas and double quotes; a curated record may hold any separator a joined list would use.
    expect(json.some((e) => e.evidence.some((q) => q.quote.includes(',') && q.quote.includes('"')))).toBe(true)
    for (const row of rows) {
      const event = json.find((e) => e.slug === row[1])!
      expect(JSON.parse(row[column('evidence')]!)).toEqual(event.evidence.map((q) => q.quote))
      expect(JSON.parse(row[column('actors')]!)).toEqual(event.actors.map((a) => a.slug))
    }
  })

  it('starts CSV with a byte-order mark for Excel when asked (bom=true), and only then', async () => {
    for (const url of ['/v1/events?format=csv&limit=2', '/v1/timeline?format=csv', '/v1/stats?format=csv', '/v1/search?q=THAAD&format=csv', '/v1/changes?format=csv']) {
      const plain = await request(ctx.app.server).get(url).buffer(true).parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))) }).expect(200)
      const marked = await request(ctx.app.server).get(`${url}&bom=true`).buffer(true).parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))) }).expect(200)
      expect({ url, marked: (marked.body as Buffer).subarray(0, 3).toString('hex') }).toEqual({ url, marked: 'efbbbf' })
      expect(Buffer.compare((marked.body as Buffer).subarray(3), plain.body as Buffer)).toBe(0)
    }
    expect((await get('/v1/events?format=csv&bom=yes').expect(400)).body.errors[0]).toMatchObject({ field: 'bom', message: 'use true or false' })
  })

  it('answers search and the changes feed as CSV and NDJSON too, every hit without a limit', async () => {
    const hits = (await get('/v1/search?q=sanctions&limit=200').expect(200)).body
    expect(hits.page.nextCursor).toBeNull()
    const csv = parseCsv((await get('/v1/search?q=sanctions&format=csv').expect(200).expect('content-type', 'text/csv; charset=utf-8')).text)
    expect(csv[0]).toEqual(['kind', 'id', 'key', 'title', 'snippet', 'rank'])
    expect(csv.slice(1).map((r) => `${r[0]!}/${r[2]!}`)).toEqual(hits.data.map((h: { kind: string, key: string }) => `${h.kind}/${h.key}`))
    const ndjson = (await get('/v1/search?q=sanctions&format=ndjson&limit=3').expect(200)).text.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(ndjson).toEqual(hits.data.slice(0, 3))
    const changes = await get('/v1/changes?format=csv').expect(200).expect('content-type', 'text/csv; charset=utf-8')
    expect(changes.text.split('\r\n')[0]).toBe('id,at,by,kind,recordId,slug,action,before,after')
  })

  it('streams NDJSON, one JSON record per line, equal to the JSON list', async () => {
    const res = await get('/v1/agreements?format=ndjson').expect(200)
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8')
    const records = res.text.trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(records).toEqual((await get('/v1/agreements?limit=200').expect(200)).body.data)
  })

  it('refuses a media type it cannot produce with 406', async () => {
    const res = await get('/v1/events').set('accept', 'application/xml').expect(406)
    expect(res.body).toMatchObject({ status: 406, code: 'not-acceptable' })
  })
})

describe('caching', () => {
  it('sends an ETag and answers a matching If-None-Match with 304', async () => {
    const first = await get('/v1/scenarios').expect(200)
    expect(first.headers['cache-control']).toBe('public, max-age=60')
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[^"]+"$/)
    const again = await get('/v1/scenarios').set('if-none-match', etag).expect(304)
    expect(again.text).toBe('')
    await get('/v1/scenarios').set('if-none-match', '"stale"').expect(200)
  })
})

describe('errors are problem+json, never a 500', () => {
  it.each([
    ['/v1/events?bogus=1', 400, 'validation-failed', 'bogus'],
    ['/v1/events?limit=0', 400, 'validation-failed', 'limit'],
    ['/v1/events?limit=100000', 400, 'validation-failed', 'limit'],
    ['/v1/events?from=2014-13', 400, 'validation-failed', 'from'],
    ['/v1/events?from=2016&to=2014', 400, 'invalid-parameter', 'from'],
    ['/v1/events?sort=colour', 400, 'validation-failed', 'sort'],
    ['/v1/events?include=everything', 400, 'validation-failed', 'include.0'],
    ['/v1/events?cursor=not-a-cursor', 400, 'invalid-parameter', 'cursor'],
    ['/v1/events?actor=atlantis', 400, 'invalid-parameter', 'actor'],
    ['/v1/events?footnote=abc', 400, 'validation-failed', 'footnote'],
    ['/v1/events?category=picnic', 400, 'validation-failed', 'category.0']
  ])('%s → %i %s naming %s', async (url, status, code, field) => {
    const res = await get(url).expect(status)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.body).toMatchObject({ type: `/problems/${code}`, status, code, instance: url })
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field)
  })

  it('refuses an unknown query parameter on every GET route of the API, naming it', async () => {
    const paths = Object.entries((ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths)
      .filter(([path, operations]) => path.startsWith('/v1/') && 'get' in operations).map(([path]) => path.replace(/\{\w+\}/g, 'russia'))
    expect(paths).toEqual(expect.arrayContaining(['/v1/document', '/v1/events/russia', '/v1/actors/russia/network', '/v1/keys']))
    for (const path of paths) {
      const res = await get(`${path}?bogus=1`)
      // /v1/search also misses its q.
      expect({ path, status: res.status, type: res.headers['content-type'], errors: res.body.errors })
        .toEqual({ path, status: 400, type: 'application/problem+json; charset=utf-8', errors: expect.arrayContaining([{ in: 'querystring', field: 'bogus', message: 'unknown parameter bogus' }]) })
    }
  })

  it('refuses an actor name with nothing to match rather than matching every actor', async () => {
    const res = await get('/v1/actors?name=!!!').expect(400)
    expect(res.body.errors).toEqual([{ in: 'querystring', field: 'name', message: 'has no Latin letters or digits to match (case, accents and punctuation are ignored)' }])
    expect((await get('/v1/actors?name=Pyongyang').expect(200)).body.data.map((a: { slug: string }) => a.slug)).toContain('dprk')
  })

  it('refuses a cursor minted for another sort', async () => {
    const page = await get('/v1/events?limit=2&sort=title').expect(200)
    const res = await get(`/v1/events?limit=2&sort=date&cursor=${page.body.page.nextCursor as string}`).expect(400)
    expect(res.body.detail).toBe('cursor belongs to sort "title", not "date"')
  })

  it('answers an unknown record with 404', async () => {
    const res = await get('/v1/events/no-such-event').expect(404)
    expect(res.body).toEqual({ type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'no event "no-such-event"', instance: '/v1/events/no-such-event', code: 'not-found' })
    await get('/v1/footnotes/31').expect(404)
    await get('/v1/footnotes/abc').expect(404)
  })

  it('answers a wrong method with 405 and the allowed ones', async () => {
    // Footnotes are the paper's own: they are read-only, unlike events.
    const res = await request(ctx.app.server).delete('/v1/footnotes/25').expect(405)
    expect(res.headers.allow).toBe('GET, HEAD')
    expect(res.body).toMatchObject({ status: 405, code: 'method-not-allowed' })
  })
})

/** A small RFC 4180 reader, enough to read our own CSV back. */
function parseCsv (text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(cell); cell = '' } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++ } else cell += ch
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row) }
  return rows
}

describe('source and footnote dates', () => {
  it('lists the sources of 2016 by their printed dates, in date order, the printed text kept', async () => {
    const res = await get('/v1/sources?from=2016&to=2016&sort=date&limit=200').expect(200)
    const expected = (await ctx.sql.query<{ slug: string }>('SELECT slug FROM sources WHERE date ~ \'2016\' ORDER BY date_earliest, id')).rows.map((r) => r.slug)
    expect(expected.length).toBeGreaterThan(4)
    expect(res.body.data.map((s: { slug: string }) => s.slug)).toEqual(expected)
    expect(res.body.data.find((s: { slug: string }) => s.slug === 'unsc-resolution-2270')).toMatchObject({
      date: '2 March, 2016', published: { value: '2016-03-02', precision: 'day', earliest: '2016-03-02', latest: '2016-03-02' }
    })
  })

  it('sorts sources chronologically, "Summer/Fall 1997" as 1997 and undated ones last either way', async () => {
    const asc = (await get('/v1/sources?sort=date&limit=200').expect(200)).body.data as Array<{ slug: string, date: string | null, published: { earliest: string | null } }>
    const dated = asc.filter((s) => s.published.earliest !== null)
    expect(dated.map((s) => s.published.earliest)).toEqual([...dated.map((s) => s.published.earliest)].sort())
    expect(asc[0]).toMatchObject({ date: 'Summer/Fall 1997', published: { value: '1997-06/1997-11', precision: 'approximate' } })
    expect(asc.at(-1)!.published.earliest).toBeNull()
    const desc = (await get('/v1/sources?sort=-date&limit=200').expect(200)).body.data as typeof asc
    expect(desc.at(-1)!.published.earliest).toBeNull()
    expect(desc[0]!.published.earliest! >= dated.at(-1)!.published.earliest!).toBe(true)
    const undated = (await get('/v1/sources?undated=only').expect(200)).body.data as typeof asc
    expect(undated.map((s) => s.slug)).toEqual(asc.filter((s) => s.published.earliest === null).map((s) => s.slug))
  })

  it('dates a footnote by the sources it cites, for from/to and sort=date', async () => {
    const res = await get('/v1/footnotes?from=2016&sort=date&limit=200').expect(200)
    const expected = (await ctx.sql.query<{ number: number }>(`
      SELECT f.number FROM footnotes f WHERE EXISTS (SELECT 1 FROM footnote_sources fs JOIN sources s ON s.id = fs.source_id WHERE fs.footnote_id = f.id AND s.date_latest >= '2016-01-01')
      ORDER BY (SELECT min(s.date_earliest) FROM footnote_sources fs JOIN sources s ON s.id = fs.source_id WHERE fs.footnote_id = f.id), f.id`)).rows.map((r) => r.number)
    expect(res.body.data.map((f: { number: number }) => f.number)).toEqual(expected)
    expect((await get('/v1/footnotes/27').expect(200)).body.published).toEqual({ earliest: '2016-03-02', latest: '2016-03-02' })
    // Footnote 18 is a comment citing no source.
    expect((await get('/v1/footnotes/18').expect(200)).body.published).toEqual({ earliest: null, latest: null })
  })

  it('keeps a footnote\'s dates when a source\'s date is rewritten, in the same transaction', async () => {
    await ctx.sql.query('BEGIN')
    try {
      await ctx.sql.query("UPDATE sources SET date_earliest = '2001-01-01', date_latest = '2001-12-31' WHERE slug = 'unsc-resolution-2270'")
      const { rows } = await ctx.sql.query<{ number: number, earliest: string }>("SELECT number, to_char(date_earliest, 'YYYY-MM-DD') AS earliest FROM footnotes WHERE number IN (27, 29) ORDER BY number")
      expect(rows).toEqual([{ number: 27, earliest: '2001-01-01' }, { number: 29, earliest: '2001-01-01' }])
    } finally {
      await ctx.sql.query('ROLLBACK')
    }
  })
})

describe('actors in their roles', () => {
  const listed = async (path: string): Promise<string[]> => (await get(`${path}&limit=200`).expect(200)).body.data.map((r: { slug: string }) => r.slug)
  const partiesOf = async (where: string): Promise<string[]> => await slugs(`SELECT g.slug FROM agreements g WHERE ${where} ORDER BY g.date_earliest NULLS LAST, g.id`)
  const holds = (actor: string, roles?: string[]): string => `EXISTS (SELECT 1 FROM agreement_parties p JOIN actors a ON a.id = p.actor_id WHERE p.agreement_id = g.id AND a.slug = '${actor}'${roles !== undefined ? ` AND p.role IN (${roles.map((r) => `'${r}'`).join(', ')})` : ''})`

  it('tells a party from a target: UNSC Resolution 2270 names the DPRK, but as its target', async () => {
    expect(await listed('/v1/agreements?actor=russia,dprk')).toContain('unsc-resolution-2270')
    const parties = await listed('/v1/agreements?actor=russia,north-korea&role=signatory,party')
    expect(parties).toEqual(await partiesOf(`${holds('russia', ['signatory', 'party'])} AND ${holds('dprk', ['signatory', 'party'])}`))
    expect(parties).not.toContain('unsc-resolution-2270')
    expect(parties).toContain('military-activity-agreement-2015')
  })

  it('takes a role per actor: name:role, or name:role|role', async () => {
    expect(await listed('/v1/agreements?actor=russia:signatory,dprk:signatory')).toEqual(['military-activity-agreement-2015', 'illegal-migrants-agreement-2016'])
    expect(await listed('/v1/agreements?actor=russia:sponsor|party,dprk:party')).toEqual(await partiesOf(`${holds('russia', ['sponsor', 'party'])} AND ${holds('dprk', ['party'])}`))
    const visits = await listed('/v1/events?actor=kim-jong-il:visitor')
    expect(visits).toEqual(['kim-jong-il-visits-russia-2001', 'kim-jong-il-visits-russia-2002', 'putin-kim-jong-il-vladivostok-2002', 'kim-jong-il-visits-russia-2011'])
    expect(await listed('/v1/events?actor=kim-jong-un:visitor')).toEqual([])
  })

  it('asks for bilateral agreements: no party but the named ones', async () => {
    const bilateral = await listed('/v1/agreements?actor=russia,dprk&onlyActors=true')
    expect(bilateral).toEqual(await partiesOf(`${holds('russia')} AND ${holds('dprk')} AND NOT EXISTS (SELECT 1 FROM agreement_parties p JOIN actors a ON a.id = p.actor_id WHERE p.agreement_id = g.id AND a.slug NOT IN ('russia', 'dprk'))`))
    expect(bilateral).toEqual(expect.arrayContaining(['debt-settlement-2014', 'use-of-rubles']))
    expect(bilateral).not.toContain('unsc-resolution-2270')
    // In the signing roles only: the general staffs also signed the 2015 agreement.
    expect(await listed('/v1/agreements?actor=russia,dprk&role=signatory&onlyActors=true')).toEqual(['illegal-migrants-agreement-2016'])
  })

  it.each([
    ['/v1/agreements?actor=russia:king', 'actor', '"king" is not a role'],
    ['/v1/agreements?role=party', 'role', 'role applies to the actors in actor'],
    ['/v1/agreements?role=king&actor=russia', 'role.0', undefined],
    ['/v1/events?onlyActors=true', 'onlyActors', 'onlyActors needs the actors in actor'],
    ['/v1/events?onlyActors=yes&actor=russia', 'onlyActors', undefined]
  ])('refuses %s', async (path, field, message) => {
    const res = await get(path).expect(400)
    expect(res.body.errors[0].field).toBe(field)
    if (message !== undefined) expect(res.body.errors[0].message).toContain(message)
  })
})

describe('typing that changes answers', () => {
  it('tells quantities from ranks and figurative numbers, and filters by kind', async () => {
    const kinds = async (query: string): Promise<Record<string, string>> => Object.fromEntries((await get(`/v1/figures?${query}&limit=200`).expect(200)).body.data.map((f: { slug: string, kind: string }) => [f.slug, f.kind]))
    const all = await kinds('sort=id')
    expect(all).toMatchObject({ 'pivotal-actors-count': 'figurative', 'six-party-talks-parties': 'figurative', 'russia-rank-dprk-import-partners': 'rank', 'russia-dprk-trade-2014': 'quantity' })
    const measured = await kinds('kind=quantity,rank')
    expect(Object.keys(measured).sort()).toEqual(Object.keys(all).filter((slug) => all[slug] !== 'figurative').sort())
  })

  it('lists under a channel only the figures the paper states in its leverage section', async () => {
    const investment = (await get('/v1/leverage-channels/investment').expect(200)).body.figures.map((f: { slug: string }) => f.slug)
    expect(investment).not.toContain('pobeda-investment-amount')
    const pobeda = (await get('/v1/figures/pobeda-investment-amount').expect(200)).body
    expect(pobeda).toMatchObject({ section: 'Russia and North Korea: The Renaissance of an Old Alliance?', channel: null, agreement: { slug: 'pobeda-project' } })
    const sections = (await get('/v1/figures?channel=investment&limit=200').expect(200)).body.data.map((f: { section: string }) => f.section)
    expect(new Set(sections)).toEqual(new Set(["What is Russia's Leverage with North Korea?"]))
  })

  it('finds the contract-labor ranking among the labor channel\'s figures', async () => {
    const labor = (await get('/v1/figures?channel=north-korean-labor&kind=rank').expect(200)).body.data
    expect(labor).toEqual([expect.objectContaining({ slug: 'russia-rank-north-korean-contract-labor', printed: 'the world\'s biggest recipient', value: 1, unit: 'rank' })])
    expect(labor[0].evidence[0]).toMatchObject({ quote: 'According to some estimates, Russia is the world\'s biggest recipient of North Korean contract labor.', footnotes: [{ number: 17 }] })
  })

  it('links THAAD as a record events and claims name, found by search', async () => {
    const thaad = (await get('/v1/actors/thaad').expect(200)).body
    expect(thaad.kind).toBe('weapon-system')
    expect((await get('/v1/events?actor=thaad').expect(200)).body.data.map((e: { slug: string }) => e.slug)).toEqual(['russia-china-thaad-security-dialogue-2015', 'us-pressures-china-on-sanctions-2016'])
    expect((await get('/v1/claims?actor=thaad').expect(200)).body.page.total).toBe(2)
    expect((await get('/v1/search?q=THAAD&kind=actors').expect(200)).body.data[0].key).toBe('thaad')
  })

  it('leaves a source\'s language unknown where the paper states none', async () => {
    const unknown = (await get('/v1/sources?limit=200').expect(200)).body.data.filter((s: { language: string | null }) => s.language === null).map((s: { slug: string }) => s.slug)
    expect(unknown.sort()).toEqual(['gorbachev-foundation-2003-final-report', 'lukin-2016-vladivostok-conversations', 'mfa-2015-morgulov-interview', 'ministry-far-east-2015-press-release'])
  })
})
