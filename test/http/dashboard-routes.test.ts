// GET /v1/timeline, /v1/stats and /v1/actors/{id}/network, checked against the lists they summarise
// and against the database.
import { resources } from '../../src/knowledge'
import { useTestApp } from '../helpers/app'

const ctx = useTestApp()
const { get } = ctx

interface ListedEvent { slug: string, category: string, date: { earliest: string | null }, actors?: Array<{ slug: string }> }

async function listEvents (query: string): Promise<{ data: ListedEvent[], total: number }> {
  const res = await get(`/v1/events?limit=200&${query}`).expect(200)
  expect(res.body.page.nextCursor).toBeNull()
  return { data: res.body.data, total: res.body.page.total }
}

interface Buckets { buckets: Array<{ time: string, label: string, count: number }>, outside: { before: number, after: number } }

/**
 * The timeline a reader would draw from the list: each event in the year of its earliest day, whatever
 * the window; the window (else the first and last dated event) picks the years shown.
 */
function yearlyFromList (data: ListedEvent[], window: { from?: number, to?: number } = {}): Buckets {
  const years = data.filter((e) => e.date.earliest !== null).map((e) => Number(e.date.earliest!.slice(0, 4)))
  const first = window.from ?? Math.min(...years)
  const last = window.to ?? Math.max(...years)
  const buckets = []
  for (let y = first; y <= last; y++) buckets.push({ time: `${y}-01-01`, label: String(y), count: years.filter((x) => x === y).length })
  return { buckets, outside: { before: years.filter((y) => y < first).length, after: years.filter((y) => y > last).length } }
}

const undatedIn = (data: ListedEvent[]): number => data.filter((e) => e.date.earliest === null).length
const byLabel = (buckets: Array<{ label: string, count: number }>): Record<string, number> => Object.fromEntries(buckets.map((b) => [b.label, b.count]))

describe('GET /v1/timeline', () => {
  it('counts 2014-2016 per year in buckets that do not move: each event in the year it began', async () => {
    const all = await listEvents('')
    const res = await get('/v1/timeline?from=2014&to=2016').expect(200)
    expect(res.body).toEqual({ interval: 'year', split: null, total: all.total, ...yearlyFromList(all.data, { from: 2014, to: 2016 }), undated: { count: undatedIn(all.data) } })
    // Events that began before 2014 (a range from 2008, one from 2013) stay in their own years, outside this window.
    expect(byLabel(res.body.buckets)).toEqual({ 2014: 17, 2015: 7, 2016: 7 })
    expect(res.body.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0) + res.body.outside.before + res.body.outside.after + res.body.undated.count).toBe(all.total)
  })

  it('gives a year the same count in every window that shows it, whatever form Grafana sends the window in', async () => {
    const ms = (iso: string): number => Date.parse(iso)
    const windows = [
      '', 'from=2014&to=2014', 'from=2010&to=2020', 'from=2014-06-15&to=2014-06-15',
      // ${__from} / ${__to}: epoch milliseconds; ${__from:date:iso}: RFC 3339 (its UTC day counts).
      `from=${ms('2014-06-15T12:00:00Z')}&to=${ms('2016-03-01T00:00:00Z')}`,
      'from=2014-06-15T09:30:00%2B09:00&to=2016-12-31T23:59:59.999Z'
    ]
    for (const window of windows) {
      const res = await get(`/v1/timeline?${window}`).expect(200)
      expect({ window, 2014: byLabel(res.body.buckets)['2014'] }).toEqual({ window, 2014: 17 })
    }
    const grafana = (await get(`/v1/timeline?from=${ms('2014-06-15T12:00:00Z')}&to=${ms('2016-03-01T00:00:00Z')}`).expect(200)).body
    expect(grafana).toEqual((await get('/v1/timeline?from=2014&to=2016').expect(200)).body)
  })

  it('counts undated events apart, never in a bucket; undated=exclude or only as in the list', async () => {
    const filters = 'from=2014&to=2016&actor=russia,dprk'
    const undated = await listEvents('actor=russia,dprk&undated=only')
    expect(undated.total).toBeGreaterThan(0)
    const kept = (await get(`/v1/timeline?${filters}`).expect(200)).body
    expect(kept.undated).toEqual({ count: undated.total })
    const left = (await get(`/v1/timeline?${filters}&undated=exclude`).expect(200)).body
    expect(left).toEqual({ ...kept, total: kept.total - undated.total, undated: { count: 0 } })
    const only = (await get(`/v1/timeline?${filters}&undated=only`).expect(200)).body
    expect(only).toMatchObject({ total: undated.total, outside: { before: 0, after: 0 }, undated: { count: undated.total } })
    expect(only.buckets.every((bucket: { count: number }) => bucket.count === 0)).toBe(true)
  })

  it('accepts every filter of /v1/events: actors by alias, categories, q', async () => {
    for (const [filters, window] of [['actor=north-korea,russia&category=visit,diplomatic', ''], ['q=sanctions', 'to=2016-02'], ['source=cherkashin-2015-current-relations', ''], ['precision=approximate,unknown&channel=trade', '']] as const) {
      const list = await listEvents(filters)
      const res = await get(`/v1/timeline?${filters}&${window}`).expect(200)
      expect(list.total).toBeGreaterThan(0)
      expect(res.body).toEqual({
        interval: 'year', split: null, total: list.total, ...yearlyFromList(list.data, window === '' ? {} : { to: 2016 }), undated: { count: undatedIn(list.data) }
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
    const undated = undatedIn(list.data)
    expect(undated).toBeGreaterThan(0)
    const res = await get('/v1/timeline').expect(200)
    expect(res.body.undated).toEqual({ count: undated })
    expect(res.body.outside).toEqual({ before: 0, after: 0 })
    expect(res.body.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0) + undated).toBe(list.total)
  })

  it('splits each bucket by category, the series adding up to the bucket', async () => {
    const list = await listEvents('')
    const res = await get('/v1/timeline?from=2014&to=2016&split=category&interval=quarter').expect(200)
    const expected: Record<string, Record<string, number>> = {}
    for (const e of list.data) {
      const d = e.date.earliest
      if (d === null || d < '2014' || d > '2017') continue
      const label = `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`
      expected[label] ??= {}
      expected[label][e.category] = (expected[label][e.category] ?? 0) + 1
    }
    const got = Object.fromEntries(res.body.buckets.filter((b: { count: number }) => b.count > 0).map((b: { label: string, series: Record<string, number> }) => [b.label, b.series]))
    expect(got).toEqual(expected)
    for (const b of res.body.buckets) expect(Object.values(b.series as Record<string, number>).reduce((n, v) => n + v, 0)).toBe(b.count)
    expect(res.body.buckets.map((b: { label: string }) => b.label)).toEqual(['2014', '2015', '2016'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`)))
    expect(res.body.buckets.find((b: { label: string }) => b.label === '2015-Q2')).toMatchObject({ time: '2015-04-01' })
  })

  it('splits by actor, an event counting once for each of its actors', async () => {
    const list = await listEvents('include=actors')
    const res = await get('/v1/timeline?from=2015&to=2015&split=actor').expect(200)
    const in2015 = list.data.filter((e) => e.date.earliest?.startsWith('2015') === true)
    const expected: Record<string, number> = {}
    for (const e of in2015) for (const slug of new Set(e.actors!.map((a) => a.slug))) expected[slug] = (expected[slug] ?? 0) + 1
    expect(res.body.buckets).toHaveLength(1)
    expect(res.body.buckets[0].series).toEqual(expected)
    expect(res.body.buckets[0].series.russia).toBe(in2015.filter((e) => e.actors!.some((a) => a.slug === 'russia')).length)
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

  it('gives every series a row in every bucket when split, zeros included, so lines do not bridge gaps', async () => {
    const split = (await get('/v1/timeline?from=2014&to=2016&split=category').expect(200)).body
    const rows = (await get('/v1/timeline?from=2014&to=2016&split=category&shape=rows').expect(200)).body
    const series = [...new Set(split.buckets.flatMap((b: { series: Record<string, number> }) => Object.keys(b.series)))]
    expect(rows).toHaveLength(split.buckets.length * series.length)
    for (const b of split.buckets) {
      const time = `${b.time}T00:00:00.000Z`
      expect(Object.fromEntries(rows.filter((r: { time: string }) => r.time === time).map((r: { series: string, value: number }) => [r.series, r.value])))
        .toEqual(Object.fromEntries(series.map((name) => [name, b.series[name as string] ?? 0])))
    }
    expect(rows.some((r: { value: number }) => r.value === 0)).toBe(true)
  })

  it('rejects what /v1/events rejects, and what a timeline cannot do', async () => {
    const bad = await get('/v1/timeline?from=2016&to=2014').expect(400)
    const badList = await get('/v1/events?from=2016&to=2014').expect(400)
    expect({ ...bad.body, instance: undefined }).toEqual({ ...badList.body, instance: undefined })
    expect((await get('/v1/timeline?interval=week').expect(400)).body.errors[0].field).toBe('interval')
    expect((await get('/v1/timeline?limit=5').expect(400)).body.errors).toEqual([{ in: 'querystring', field: 'limit', message: 'unknown parameter limit' }])
    expect((await get('/v1/timeline?split=source').expect(400)).body.errors[0].field).toBe('split')
    expect((await get('/v1/timeline?from=0001&to=9999&interval=month').expect(400)).body.errors[0].field).toBe('interval')
    for (const from of ['2014-13', '99999999999999999', '2014-06-15T25:00:00Z', '2014-06-15T10:00:00']) {
      expect({ from, errors: (await get(`/v1/timeline?from=${from}`).expect(400)).body.errors }).toEqual({
        from, errors: [{ in: 'querystring', field: 'from', message: 'use YYYY, YYYY-MM, YYYY-MM-DD, an RFC 3339 date-time or epoch milliseconds' }]
      })
    }
  })
})

describe('GET /v1/stats', () => {
  const kinds = resources.map((def) => def.name)

  it('counts every kind as its list totals', async () => {
    const stats = (await get('/v1/stats').expect(200)).body
    const totals = Object.fromEntries(await Promise.all(kinds.map(async (k) => [k, (await get(`/v1/${k}?limit=1`).expect(200)).body.page.total as number])))
    expect(stats.counts).toEqual(totals)
  })

  it('counts facets as the lists filtered by them', async () => {
    const stats = (await get('/v1/stats').expect(200)).body
    // Each facet is also a filter of its list, by the same name.
    const checks = resources.flatMap((def) => Object.keys(def.facets).map((facet) => [def.name, facet, facet] as const))
    expect(checks.length).toBeGreaterThanOrEqual(12)
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
