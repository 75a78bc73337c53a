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
  return h('section', { class: 'provenance', 'aria-labelledby': 'provenance-title' },
    h('h2', { id: 'provenance-title' }, `Provenance (${evidence.length})`),
    evidence.length === 0 ? h('p', {}, 'No evidence recorded.') : evidence.map(evidenceItem))
}

function footnoteMarks (footnotes) {
  return footnotes.map((f) => h('sup', { class: 'fn' }, h('a', { href: `#/footnotes/${f.number}`, 'aria-label': `footnote ${f.number}` }, String(f.number))))
}

function evidenceItem (e) {
  const passage = e.passage
  let body
  if (passage === null) {
    body = h('blockquote', {}, h('mark', {}, e.quote), footnoteMarks(e.footnotes))
  } else {
    const at = findQuote(passage.text, e.quote)
    const text = at === null
      ? [passage.text, h('p', { class: 'quote-apart' }, 'Quoted: ', h('mark', {}, e.quote))]
      : marked(passage.text, [{ ...at, items: [e] }], (slice) => [h('mark', {}, slice), footnoteMarks(e.footnotes)])
    body = h('blockquote', { cite: `#/paper/${passage.ordinal}` }, text)
  }
  return h('article', { class: 'evidence' },
    passage !== null && h('p', { class: 'where' },
      h('a', { href: `#/paper/${passage.ordinal}` }, `¶ ${passage.ordinal}`),
      passage.section !== null ? ` · ${passage.section}` : ' · opening'),
    body,
    e.note !== null && h('p', { class: 'note' }, e.note),
    e.source !== null && h('p', { class: 'note' }, 'From outside the paper: ', h('a', { href: `#/sources/${e.source.slug}` }, e.source.title ?? e.source.slug)),
    e.footnotes.length > 0 && h('ol', { class: 'footnotes', 'aria-label': 'footnotes' }, e.footnotes.map((f) =>
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
