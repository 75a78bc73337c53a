// GET /v1/timeline, /v1/stats and /v1/actors/{id}/network, checked against the lists they summarise
// and against the database.
import { useTestApp } from '../helpers/app'

const ctx = useTestApp()
const { get } = ctx

interface ListedEvent { slug: string, category: string, date: { earliest: string | null }, actors?: Array<{ slug: string }> }

async function listEvents (query: string): Promise<{ data: ListedEvent[], total: number }> {
  const res = await get(`/v1/events?limit=200&${query}`).expect(200)
  expect(res.body.page.nextCursor).toBeNull()
  return { data: res.body.data, total: res.body.page.total }
}

/** The day an event is counted at: its earliest day, or the start of the range if it began before. */
function countedAt (earliest: string, from?: string): string {
  return from !== undefined && earliest < from ? from : earliest
}

/** The timeline a reader would draw from the list: each event at the year it is counted at, every year in between. */
function yearlyFromList (data: ListedEvent[], from?: string): Array<{ time: string, label: string, count: number }> {
  const years = data.filter((e) => e.date.earliest !== null).map((e) => Number(countedAt(e.date.earliest!, from).slice(0, 4)))
  const out = []
  for (let y = Math.min(...years); y <= Math.max(...years); y++) {
    out.push({ time: `${y}-01-01`, label: String(y), count: years.filter((x) => x === y).length })
  }
  return out
}

describe('GET /v1/timeline', () => {
  it('counts the events of 2014-2016 per year exactly as /v1/events lists them', async () => {
    const filters = 'from=2014&to=2016'
    const list = await listEvents(filters)
    const res = await get(`/v1/timeline?${filters}`).expect(200)
    expect(res.body).toEqual({ interval: 'year', split: null, total: list.total, buckets: yearlyFromList(list.data, '2014-01-01'), undated: { count: 0 } })
    // By earliest day; the two events that began before 2014 (in 2008 and 2013) count in 2014.
    const byYear = Object.fromEntries(res.body.buckets.map((b: { label: string, count: number }) => [b.label, b.count]))
    expect(byYear).toEqual({ 2014: 14, 2015: 7, 2016: 7 })
  })

  it('accepts every filter of /v1/events: actors by alias, categories, q', async () => {
    for (const filters of ['actor=north-korea,russia&category=visit,diplomatic', 'q=sanctions&to=2016-02', 'source=cherkashin-2015-current-relations', 'precision=approximate,unknown&channel=trade']) {
      // None of these has `from`, so every event counts at its own earliest day.
      const list = await listEvents(filters)
      const res = await get(`/v1/timeline?${filters}`).expect(200)
      expect(list.total).toBeGreaterThan(0)
      expect(res.body).toEqual({
        interval: 'year', split: null, total: list.total, buckets: yearlyFromList(list.data), undated: { count: list.data.filter((e) => e.date.earliest === null).length }
      })
    }
  })

  it('explains a q of stop words as /v1/events does, instead of counting nothing', async () => {
    const list = await get('/v1/events?q=the').expect(400)
    const res = await get('/v1/timeline?q=the').expect(400)
    expect(res.body.errors).toEqual([{ field: 'q', message: '"the" has no words to search for (only stop words or punctuation)' }])
    expect({ ...res.body, instance: undefined }).toEqual({ ...list.body, instance: undefined })
  })

  it('reports undated events apart from the buckets', async () => {
    const list = await listEvents('')
    const undated = list.data.filter((e) => e.date.earliest === null).length
    expect(undated).toBeGreaterThan(0)
    const res = await get('/v1/timeline').expect(200)
    expect(res.body.undated).toEqual({ count: undated })
    expect(res.body.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0) + undated).toBe(list.total)
  })

  it('splits each bucket by category, the series adding up to the bucket', async () => {
    const list = await listEvents('from=2014&to=2016')
    const res = await get('/v1/timeline?from=2014&to=2016&split=category&interval=quarter').expect(200)
    const expected: Record<string, Record<string, number>> = {}
    for (const e of list.data) {
      const d = countedAt(e.date.earliest!, '2014-01-01')
      const label = `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`
      expected[label] ??= {}
      expected[label][e.category] = (expected[label][e.category] ?? 0) + 1
    }
    const got = Object.fromEntries(res.body.buckets.filter((b: { count: number }) => b.count > 0).map((b: { label: string, series: Record<string, number> }) => [b.label, b.series]))
    expect(got).toEqual(expected)
    for (const b of res.body.buckets) expect(Object.values(b.series as Record<string, number>).reduce((n, v) => n + v, 0)).toBe(b.count)
    expect(res.body.buckets.find((b: { label: string }) => b.label === '2015-Q2')).toMatchObject({ time: '2015-04-01' })
  })

  it('splits by actor, an event counting once for each of its actors', async () => {
    const list = await listEvents('from=2015&to=2015&include=actors')
    const res = await get('/v1/timeline?from=2015&to=2015&split=actor').expect(200)
    const expected: Record<string, Record<string, number>> = {}
    for (const e of list.data) {
      const year = countedAt(e.date.earliest!, '2015-01-01').slice(0, 4)
      expected[year] ??= {}
      for (const slug of new Set(e.actors!.map((a) => a.slug))) expected[year][slug] = (expected[year][slug] ?? 0) + 1
    }
    const got = Object.fromEntries(res.body.buckets.filter((b: { count: number }) => b.count > 0).map((b: { label: string, series: Record<string, number> }) => [b.label, b.series]))
    expect(got).toEqual(expected)
    expect(got['2015']!.russia).toBe(list.data.filter((e) => e.actors!.some((a) => a.slug === 'russia')).length)
  })

  it('gives the same counts as flat rows in JSON, CSV and NDJSON', async () => {
    const timeline = (await get('/v1/timeline?from=2014&to=2016').expect(200)).body
    const rows = timeline.buckets.map((b: { time: string, count: number }) => ({ time: `${b.time}T00:00:00.000Z`, series: 'events', value: b.count }))
    expect((await get('/v1/timeline?from=2014&to=2016&shape=rows').expect(200)).body).toEqual(rows)

    const csv = await get('/v1/timeline?from=2014&to=2016').set('accept', 'text/csv').expect(200).expect('content-type', 'text/csv; charset=utf-8')
    const [header, ...lines] = csv.text.trimEnd().split('\r\n')
    expect(header).toBe('time,series,value')
    expect(lines.map((l) => { const [time, series, value] = l.split(','); return { time, series, value: Number(value) } })).toEqual(rows)

    const ndjson = await get('/v1/timeline?from=2014&to=2016&format=ndjson').expect(200).expect('content-type', 'application/x-ndjson; charset=utf-8')
    expect(ndjson.text.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(rows)
  })

  it('lists only non-empty series as rows when split', async () => {
    const split = (await get('/v1/timeline?from=2014&to=2016&split=category').expect(200)).body
    const rows = (await get('/v1/timeline?from=2014&to=2016&split=category&shape=rows').expect(200)).body
    expect(rows).toEqual(split.buckets.flatMap((b: { time: string, series: Record<string, number> }) =>
      Object.entries(b.series).map(([series, value]) => ({ time: `${b.time}T00:00:00.000Z`, series, value }))))
    expect(rows.every((r: { value: number }) => r.value > 0)).toBe(true)
  })

  it('rejects what /v1/events rejects, and what a timeline cannot do', async () => {
    const bad = await get('/v1/timeline?from=2016&to=2014').expect(400)
    const badList = await get('/v1/events?from=2016&to=2014').expect(400)
    expect({ ...bad.body, instance: undefined }).toEqual({ ...badList.body, instance: undefined })
    expect((await get('/v1/timeline?interval=week').expect(400)).body.errors[0].field).toBe('interval')
    expect((await get('/v1/timeline?limit=5').expect(400)).body.errors).toEqual([{ in: 'querystring', field: 'limit', message: 'unknown parameter limit' }])
    expect((await get('/v1/timeline?split=source').expect(400)).body.errors[0].field).toBe('split')
  })
})

describe('GET /v1/stats', () => {
  const kinds = ['events', 'agreements', 'leverage-channels', 'figures', 'actors', 'sources', 'footnotes', 'scenarios', 'claims', 'passages']

  it('counts every kind as its list totals', async () => {
    const stats = (await get('/v1/stats').expect(200)).body
    const totals = Object.fromEntries(await Promise.all(kinds.map(async (k) => [k, (await get(`/v1/${k}?limit=1`).expect(200)).body.page.total as number])))
    expect(stats.counts).toEqual(totals)
  })

  it('counts facets as the lists filtered by them', async () => {
    const stats = (await get('/v1/stats').expect(200)).body
    const checks: Array<[string, string, string]> = [
      ['events', 'category', 'category'], ['events', 'precision', 'precision'], ['agreements', 'kind', 'kind'], ['agreements', 'status', 'status'],
      ['actors', 'kind', 'kind'], ['sources', 'kind', 'kind'], ['sources', 'language', 'language'], ['leverage-channels', 'kind', 'kind'],
      ['figures', 'currency', 'currency'], ['figures', 'unit', 'unit'], ['footnotes', 'kind', 'kind'], ['passages', 'kind', 'kind']
    ]
    for (const [kind, facet, param] of checks) {
      const values = stats.facets[kind][facet] as Array<{ value: string | null, count: number }>
      expect(values.reduce((n, v) => n + v.count, 0)).toBe(stats.counts[kind])
      for (const { value, count } of values.filter((v) => v.value !== null)) {
        const listed = await get(`/v1/${kind}?limit=1&${param}=${encodeURIComponent(value!)}`).expect(200)
        expect([kind, facet, value, listed.body.page.total]).toEqual([kind, facet, value, count])
      }
    }
    expect(stats.facets.figures.currency).toEqual([
      { value: null, count: Number((await ctx.sql.query('SELECT count(*) FROM figures WHERE currency IS NULL')).rows[0].count) },
      { value: 'USD', count: Number((await ctx.sql.query('SELECT count(*) FROM figures WHERE currency = \'USD\'')).rows[0].count) }
    ])
    expect(stats.facets.scenarios).toEqual({})
  })

  it('gives the same numbers as rows, with no time', async () => {
    const stats = (await get('/v1/stats').expect(200)).body
    const rows = (await get('/v1/stats?shape=rows').expect(200)).body
    expect(rows[0]).toEqual({ time: null, series: 'events', value: stats.counts.events })
    expect(rows).toContainEqual({ time: null, series: 'figures.currency=(none)', value: stats.facets.figures.currency[0].count })
    expect(rows).toContainEqual({ time: null, series: 'events.category=visit', value: 12 })
    expect(rows.length).toBe(kinds.length + Object.values(stats.facets as Record<string, Record<string, unknown[]>>).flatMap((f) => Object.values(f)).flat().length)
    const csv = await get('/v1/stats?format=csv').expect(200)
    expect(csv.text.split('\r\n').slice(0, 2)).toEqual(['time,series,value', `,events,${stats.counts.events as number}`])
  })
})

describe('GET /v1/actors/{id}/network', () => {
  it('weights Russia\'s links by the events and agreements it shares, as the database counts them', async () => {
    const res = await get('/v1/actors/russia/network').expect(200)
    const { rows: expected } = await ctx.sql.query<{ slug: string, events: number, agreements: number }>(`
      SELECT a.slug,
        (SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND x.actor_id = r.id)
                                        AND EXISTS (SELECT 1 FROM event_actors y WHERE y.event_id = e.id AND y.actor_id = a.id))::int AS events,
        (SELECT count(*) FROM agreements g WHERE EXISTS (SELECT 1 FROM agreement_parties x WHERE x.agreement_id = g.id AND x.actor_id = r.id)
                                            AND EXISTS (SELECT 1 FROM agreement_parties y WHERE y.agreement_id = g.id AND y.actor_id = a.id))::int AS agreements
      FROM actors a, actors r WHERE r.slug = 'russia' AND a.id <> r.id`)
    const linked = expected.filter((e) => e.events + e.agreements > 0)
      .map((e) => ({ slug: e.slug, weight: e.events + e.agreements, events: e.events, agreements: e.agreements }))
      .sort((a, b) => b.weight - a.weight || a.slug.localeCompare(b.slug))
    expect(res.body.links.map((l: { actor: { slug: string }, weight: number, events: number, agreements: number }) =>
      ({ slug: l.actor.slug, weight: l.weight, events: l.events, agreements: l.agreements }))).toEqual(linked)
    expect(res.body.links[0]).toEqual({ actor: { id: expect.any(Number), slug: 'dprk', name: 'Democratic People’s Republic of Korea', kind: 'state' }, weight: linked[0]!.weight, events: linked[0]!.events, agreements: linked[0]!.agreements })
  })

  it('draws the same network as nodes and edges, centre first', async () => {
    const res = await get('/v1/actors/russia/network').expect(200)
    const own = await ctx.sql.query<{ n: number }>(`
      SELECT (SELECT count(DISTINCT event_id) FROM event_actors WHERE actor_id = a.id) + (SELECT count(DISTINCT agreement_id) FROM agreement_parties WHERE actor_id = a.id) AS n
      FROM actors a WHERE slug = 'russia'`)
    expect(res.body.nodes[0]).toEqual({ id: 'russia', title: 'Russia', subTitle: 'state', mainStat: Number(own.rows[0]!.n) })
    expect(res.body.nodes.slice(1)).toEqual(res.body.links.map((l: { actor: { slug: string, name: string, kind: string }, weight: number }) =>
      ({ id: l.actor.slug, title: l.actor.name, subTitle: l.actor.kind, mainStat: l.weight })))
    expect(res.body.edges).toEqual(res.body.links.map((l: { actor: { slug: string }, weight: number, events: number, agreements: number }) =>
      ({ id: `russia--${l.actor.slug}`, source: 'russia', target: l.actor.slug, mainStat: l.weight, events: l.events, agreements: l.agreements })))
  })

  it('finds an actor by id as by slug, and answers 404 and 400 as problems', async () => {
    const bySlug = await get('/v1/actors/dalcombank/network').expect(200)
    expect((await get(`/v1/actors/${bySlug.body.actor.id as number}/network`).expect(200)).body).toEqual(bySlug.body)
    expect((await get('/v1/actors/atlantis/network').expect(404)).body).toEqual({
      type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'no actor "atlantis"', instance: '/v1/actors/atlantis/network', code: 'not-found'
    })
    expect((await get('/v1/actors/russia/network?depth=2').expect(400)).body.errors).toEqual([{ in: 'querystring', field: 'depth', message: 'unknown parameter depth' }])
  })
})
