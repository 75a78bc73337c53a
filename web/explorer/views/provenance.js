// Where a record's facts come from: each quote inside its paragraph of the paper, highlighted, with
// the footnotes it carries and the sources they cite, as printed.
import { graphql } from '../api.js'
import { findQuote, h, marked } from '../dom.js'
import { graphqlField } from '../records.js'

const EVIDENCE = `evidence {
  quote note
  passage { ordinal section paragraph text }
  source { slug title url }
  footnotes { number text sources { slug title date url } }
}`

export async function provenance (kind, key) {
  const field = graphqlField(kind)
  const data = await graphql(`query Provenance($slug: String!) { record: ${field}(slug: $slug) { ${EVIDENCE} } }`, { slug: String(key) })
  const evidence = data.record?.evidence ?? []
  // Quotes from one paragraph are shown in it together, in the order the record gives them.
  const groups = new Map()
  evidence.forEach((e, i) => {
    const key = e.passage === null ? `apart-${i}` : `p-${e.passage.ordinal}`
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(e)
  })
  return h('section', { class: 'provenance', 'aria-labelledby': 'provenance-title' },
    h('h2', { id: 'provenance-title' }, `Provenance (${evidence.length} ${evidence.length === 1 ? 'quote' : 'quotes'})`),
    evidence.length === 0 ? h('p', {}, 'No evidence recorded.') : [...groups.values()].map(paragraphWithQuotes))
}

function footnoteMarks (footnotes) {
  return footnotes.map((f) => h('sup', { class: 'fn' }, h('a', { href: `#/footnotes/${f.number}`, 'aria-label': `footnote ${f.number}` }, String(f.number))))
}

function paragraphWithQuotes (items) {
  const passage = items[0].passage
  const footnotes = [...new Map(items.flatMap((e) => e.footnotes).map((f) => [f.number, f])).values()].sort((a, b) => a.number - b.number)
  let body
  if (passage === null) {
    body = h('blockquote', {}, h('mark', {}, items[0].quote), footnoteMarks(items[0].footnotes))
  } else {
    const ranges = []
    const apart = []
    for (const e of items) {
      const at = findQuote(passage.text, e.quote)
      if (at === null) apart.push(e)
      else ranges.push({ ...at, items: [e] })
    }
    body = h('blockquote', { cite: `#/paper/${passage.ordinal}` },
      marked(passage.text, ranges, (slice, range) => [h('mark', {}, slice), footnoteMarks(range.items.flatMap((e) => e.footnotes))]),
      apart.map((e) => h('p', { class: 'quote-apart' }, 'Quoted: ', h('mark', {}, e.quote), footnoteMarks(e.footnotes))))
  }
  return h('article', { class: 'evidence' },
    passage !== null && h('p', { class: 'where' },
      h('a', { href: `#/paper/${passage.ordinal}` }, `¶ ${passage.ordinal}`),
      passage.section !== null ? ` · ${passage.section}` : ' · opening',
      items.length > 1 ? ` · ${items.length} quotes` : ''),
    body,
    items.filter((e) => e.note !== null).map((e) => h('p', { class: 'note' }, e.note)),
    items.filter((e) => e.source !== null).map((e) => h('p', { class: 'note' }, 'From outside the paper: ', h('a', { href: `#/sources/${e.source.slug}` }, e.source.title ?? e.source.slug))),
    footnotes.length > 0 && h('ol', { class: 'footnotes', 'aria-label': 'footnotes' }, footnotes.map((f) =>
      h('li', { value: f.number },
        h('a', { href: `#/footnotes/${f.number}` }, `Footnote ${f.number}`), ': ', f.text,
        f.sources.length > 0 && h('ul', { class: 'sources' }, f.sources.map(sourceLine))))))
}

/** A cited source as the footnote prints it: title, date and url. */
export function sourceLine (s) {
  return h('li', { class: 'source' },
    h('a', { href: `#/sources/${s.slug}` }, s.title ?? s.slug),
    s.date !== null && s.date !== undefined ? ` · ${s.date}` : '',
    s.url !== null && s.url !== undefined ? [' · ', urlAsPrinted(s.url)] : '')
}

/** The url exactly as printed; a link only when it is a web address. */
export function urlAsPrinted (url) {
  return /^https?:\/\//.test(url) ? h('a', { class: 'url', href: url, rel: 'noreferrer', target: '_blank' }, url) : h('span', { class: 'url' }, url)
}
