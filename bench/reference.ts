// The yardstick for the REST list: what a hand-written Fastify + `pg` service would do for a page of
// events with their evidence, actors and sources. One set-based statement, one GROUP BY per
// relation, the page's JSON assembled in Node. Not part of the service; it lives in bench/ only.
import type { Pool } from 'pg'

const PAGE = `
WITH page AS (
  SELECT id, slug, title, summary, category, date_printed, date_value, date_precision, date_approximate,
         date_basis, date_note, to_char(date_earliest, 'YYYY-MM-DD') AS earliest, to_char(date_latest, 'YYYY-MM-DD') AS latest
  FROM events ORDER BY date_earliest ASC NULLS LAST, id LIMIT $1
), actor_lists AS (
  SELECT ea.event_id, json_agg(json_build_object('id', a.id, 'slug', a.slug, 'name', a.name, 'kind', a.kind, 'role', ea.role, 'note', ea.note) ORDER BY a.id, ea.role) AS list
  FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
  WHERE ea.event_id IN (SELECT id FROM page) GROUP BY ea.event_id
), cited AS (
  SELECT e.event_id, s.id, s.slug, s.kind, s.authors, s.title, s.publication, s.date, s.url
  FROM evidence e JOIN evidence_footnotes ef ON ef.evidence_id = e.id
  JOIN footnote_sources fs ON fs.footnote_id = ef.footnote_id JOIN sources s ON s.id = fs.source_id
  WHERE e.event_id IN (SELECT id FROM page)
  UNION
  SELECT e.event_id, s.id, s.slug, s.kind, s.authors, s.title, s.publication, s.date, s.url
  FROM evidence e JOIN sources s ON s.id = e.source_id WHERE e.event_id IN (SELECT id FROM page)
), source_lists AS (
  SELECT event_id, json_agg(json_build_object('id', id, 'slug', slug, 'kind', kind, 'authors', coalesce(authors, '{}'), 'title', title, 'publication', publication, 'date', date, 'url', url) ORDER BY id) AS list
  FROM cited GROUP BY event_id
), footnote_lists AS (
  SELECT ef.evidence_id, json_agg(json_build_object('number', f.number, 'sources', coalesce(fsrc.list, '[]')) ORDER BY f.number) AS list
  FROM evidence_footnotes ef JOIN footnotes f ON f.id = ef.footnote_id
  LEFT JOIN (
    SELECT fs.footnote_id, json_agg(json_build_object('slug', s.slug, 'title', s.title, 'url', s.url) ORDER BY fs.position) AS list
    FROM footnote_sources fs JOIN sources s ON s.id = fs.source_id GROUP BY fs.footnote_id
  ) fsrc ON fsrc.footnote_id = f.id
  WHERE ef.evidence_id IN (SELECT id FROM evidence WHERE event_id IN (SELECT id FROM page))
  GROUP BY ef.evidence_id
), evidence_lists AS (
  SELECT e.event_id, json_agg(json_build_object('quote', e.quote, 'note', e.note,
         'passage', json_build_object('id', p.id, 'ordinal', p.ordinal, 'kind', p.kind, 'section', p.section, 'paragraph', p.paragraph),
         'footnotes', coalesce(n.list, '[]')) ORDER BY e.position, e.id) AS list
  FROM evidence e LEFT JOIN passages p ON p.id = e.passage_id LEFT JOIN footnote_lists n ON n.evidence_id = e.id
  WHERE e.event_id IN (SELECT id FROM page) GROUP BY e.event_id
)
SELECT page.*, coalesce(ev.list, '[]') AS evidence, coalesce(ac.list, '[]') AS actors, coalesce(so.list, '[]') AS sources,
       (SELECT count(*)::int FROM events) AS total
FROM page LEFT JOIN evidence_lists ev ON ev.event_id = page.id LEFT JOIN actor_lists ac ON ac.event_id = page.id LEFT JOIN source_lists so ON so.event_id = page.id
ORDER BY page.earliest ASC NULLS LAST, page.id`

interface Row {
  id: number,
  slug: string,
  title: string,
  summary: string,
  category: string,
  date_printed: string | null,
  date_value: string | null,
  date_precision: string,
  date_approximate: boolean,
  date_basis: string,
  date_note: string | null,
  earliest: string | null,
  latest: string | null,
  evidence: unknown[],
  actors: unknown[],
  sources: unknown[],
  total: number
}

export async function referenceEvents (pool: Pool, limit: number): Promise<unknown> {
  const { rows } = await pool.query<Row>({ name: 'reference-events', text: PAGE, values: [limit + 1] })
  const page = rows.slice(0, limit)
  return {
    data: page.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      summary: r.summary,
      category: r.category,
      date: { printed: r.date_printed, value: r.date_value, precision: r.date_precision, approximate: r.date_approximate, basis: r.date_basis, note: r.date_note, earliest: r.earliest, latest: r.latest },
      evidence: r.evidence,
      actors: r.actors,
      sources: r.sources
    })),
    page: { limit, total: rows[0]?.total ?? 0, nextCursor: rows.length > limit ? 'next' : null }
  }
}
