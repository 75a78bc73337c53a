// Synthetic events for `npm run bench -- --scale N`: generated deterministically (a seeded PRNG, so
// every run loads the same rows) and written only into the benchmark's own throw-away database.
// Each event gets 1-3 actors, 1-2 pieces of evidence quoting the paper's passages and carrying its
// footnotes (so sources are cited through them), and every fifth event a figure. Rows go in with
// one INSERT ... SELECT FROM unnest(...) per table and batch.
import { Client } from 'pg'

const BATCH = 5000
const CATEGORIES = ['nuclear-test', 'missile-launch', 'visit', 'treaty', 'agreement', 'sanctions', 'un-vote', 'economic', 'military', 'diplomatic', 'political', 'shipment', 'institutional', 'other']
const WORDS = ['sanctions', 'pipeline', 'railway', 'port', 'summit', 'delegation', 'debt', 'coal', 'oil', 'labour', 'missile', 'nuclear', 'resolution', 'trade', 'bank', 'visit', 'border', 'energy', 'talks', 'aid', 'grain', 'electricity', 'bridge', 'fisheries']

/** mulberry32: small, fast and the same on every machine. */
function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Adds `count` events numbered from `first` (so that a run can grow the data step by step). */
export async function loadSyntheticEvents (url: string, count: number, first = 0): Promise<{ events: number, ms: number }> {
  const started = Date.now()
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const ids = async (sql: string): Promise<number[]> => (await client.query<{ id: number }>(sql)).rows.map((r) => r.id)
    const actors = await ids('SELECT id FROM actors ORDER BY id')
    const passages = await ids('SELECT id FROM passages ORDER BY id')
    const footnotes = await ids('SELECT id FROM footnotes ORDER BY id')
    const random = prng(20161127 + first)
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!
    await client.query('BEGIN')
    for (let start = 0; start < count; start += BATCH) {
      const n = Math.min(BATCH, count - start)
      const e = { slug: [] as string[], title: [] as string[], summary: [] as string[], category: [] as string[], printed: [] as string[], value: [] as string[], earliest: [] as string[], latest: [] as string[] }
      for (let i = 0; i < n; i++) {
        const k = first + start + i
        const day = new Date(Date.UTC(1990, 0, 1) + Math.floor(random() * 12_000) * 86_400_000).toISOString().slice(0, 10)
        const words = [pick(WORDS), pick(WORDS), pick(WORDS)]
        e.slug.push(`synthetic-event-${String(k).padStart(6, '0')}`)
        e.title.push(`Synthetic ${words.join(' ')} event ${k}`)
        e.summary.push(`A generated event about ${words.join(', ')} and ${pick(WORDS)}, for measuring the service at scale.`)
        e.category.push(pick(CATEGORIES))
        e.printed.push(day)
        e.value.push(day)
        e.earliest.push(day)
        e.latest.push(day)
      }
      const eventIds = (await client.query<{ id: number }>(`
        INSERT INTO events (slug, title, summary, category, date_printed, date_value, date_precision, date_basis, date_earliest, date_latest)
        SELECT slug, title, summary, category, printed, value, 'day', 'text', earliest::date, latest::date
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
          AS t(slug, title, summary, category, printed, value, earliest, latest)
        RETURNING id`, [e.slug, e.title, e.summary, e.category, e.printed, e.value, e.earliest, e.latest])).rows.map((r) => r.id)

      const links = { event: [] as number[], actor: [] as number[], role: [] as string[] }
      const evidence = { event: [] as number[], passage: [] as number[], quote: [] as string[], position: [] as number[] }
      const figures = { slug: [] as string[], event: [] as number[], value: [] as number[] }
      eventIds.forEach((id, i) => {
        const chosen = new Set<number>()
        const actorCount = 1 + Math.floor(random() * 3)
        while (chosen.size < Math.min(actorCount, actors.length)) chosen.add(pick(actors))
        for (const actor of chosen) { links.event.push(id); links.actor.push(actor); links.role.push('participant') }
        const pieces = 1 + Math.floor(random() * 2)
        for (let p = 0; p < pieces; p++) { evidence.event.push(id); evidence.passage.push(pick(passages)); evidence.quote.push(e.summary[i]!); evidence.position.push(p) }
        if ((start + i) % 5 === 0) { figures.slug.push(`synthetic-figure-${String(first + start + i).padStart(6, '0')}`); figures.event.push(id); figures.value.push(Math.round(random() * 1e6)) }
      })
      await client.query('INSERT INTO event_actors (event_id, actor_id, role) SELECT * FROM unnest($1::int[], $2::int[], $3::text[])', [links.event, links.actor, links.role])
      const evidenceIds = (await client.query<{ id: number }>(`
        INSERT INTO evidence (event_id, passage_id, quote, position) SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[]) RETURNING id`,
      [evidence.event, evidence.passage, evidence.quote, evidence.position])).rows.map((r) => r.id)
      const carried = evidenceIds.filter(() => random() < 0.6)
      await client.query('INSERT INTO evidence_footnotes (evidence_id, footnote_id) SELECT * FROM unnest($1::int[], $2::int[])', [carried, carried.map(() => pick(footnotes))])
      await client.query(`
        INSERT INTO figures (slug, measure, printed, value, unit, currency, event_id)
        SELECT slug, 'synthetic trade volume', '$' || value || ' million', value, 'million', 'USD', event_id FROM unnest($1::text[], $2::int[], $3::float8[]) AS t(slug, event_id, value)`,
      [figures.slug, figures.event, figures.value])
    }
    await client.query('COMMIT')
    // What autovacuum would do soon after a bulk load: statistics, the visibility map (index-only
    // scans), and the full-text indexes' pending entries merged.
    await client.query('VACUUM (ANALYZE)')
    return { events: count, ms: Date.now() - started }
  } finally {
    await client.end()
  }
}
