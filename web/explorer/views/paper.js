// The paper itself (GET /v1/passages): paragraphs in order under their section headings, the
// footnotes they carry, and every quoted passage highlighted and linked to the facts drawn from it.
import { graphql, rest, withQuery } from '../api.js'
import { findQuote, h, marked } from '../dom.js'
import { kindTitle, labelOf } from '../records.js'

const LABELS = ['title', 'name', 'measure', 'text']

/**
 * Every record that has evidence, with its quotes' paragraphs, in one GraphQL query. Which lists
 * hold such records is read from the schema itself (types with an `evidence` field), not listed here.
 */
async function quotesByPassage () {
  const schema = await graphql('query EvidenceKinds { __schema { types { name fields { name type { name ofType { name } } } } } }')
  const types = new Map(schema.__schema.types.map((t) => [t.name, t.fields ?? []]))
  const has = (type, field) => (types.get(type) ?? []).some((f) => f.name === field)
  // Query fields whose type is an XConnection of an X with evidence: events, agreements, ...
  const lists = types.get('Query').map((f) => ({ field: f.name, connection: f.type.name ?? f.type.ofType?.name ?? '' }))
    .filter(({ connection }) => connection.endsWith('Connection') && has(connection.replace(/Connection$/, ''), 'evidence'))
    .map(({ field, connection }) => ({ field, type: connection.replace(/Connection$/, '') }))
  const byPassage = new Map()
  // One query per list, page by page: together they would pass the API's cost limit.
  await Promise.all(lists.map(async ({ field, type }) => {
    const kind = field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    let after = null
    do {
      const data = await graphql(`query PaperQuotes($after: String) { list: ${field}(first: 200, after: $after) {
        nodes { slug ${LABELS.filter((l) => has(type, l)).join(' ')} evidence { quote passage { ordinal } footnotes { number } } }
        pageInfo { hasNextPage endCursor } } }`, { after })
      for (const record of data.list.nodes) {
        for (const e of record.evidence) {
          if (e.passage === null) continue
          if (!byPassage.has(e.passage.ordinal)) byPassage.set(e.passage.ordinal, [])
          byPassage.get(e.passage.ordinal).push({ kind, record, quote: e.quote, footnotes: e.footnotes })
        }
      }
      after = data.list.pageInfo.hasNextPage ? data.list.pageInfo.endCursor : null
    } while (after !== null)
  }))
  return byPassage
}

function factLink (fact) {
  return h('a', { href: `#/${fact.kind}/${encodeURIComponent(fact.record.slug)}` }, labelOf(fact.record))
}

function paragraph (passage, facts, footnoteOrdinals) {
  const ranges = []
  const apart = []
  for (const fact of facts) {
    const at = findQuote(passage.text, fact.quote)
    if (at === null) apart.push(fact)
    else ranges.push({ ...at, items: [fact] })
  }
  const text = marked(passage.text, ranges, (slice, range) => {
    const drawn = [...new Map(range.items.map((f) => [`${f.kind}/${f.record.slug}`, f])).values()]
    const first = drawn[0]
    return h('a', { class: 'quoted', href: `#/${first.kind}/${encodeURIComponent(first.record.slug)}`, title: drawn.map((f) => `${kindTitle(f.kind)}: ${labelOf(f.record)}`).join('\n') }, h('mark', {}, slice))
  })
  const markers = passage.footnoteNumbers.map((n) => h('sup', { class: 'fn' }, h('a', { href: `#/paper/${footnoteOrdinals.get(n) ?? ''}`, 'aria-label': `footnote ${n}` }, String(n))))
  const drawnFrom = [...new Map(facts.map((f) => [`${f.kind}/${f.record.slug}`, f])).values()]
  return h('div', { class: 'passage', id: `p-${passage.ordinal}`, 'data-ordinal': passage.ordinal },
    h('p', {}, h('a', { class: 'ordinal', href: `#/paper/${passage.ordinal}`, 'aria-label': `paragraph ${passage.ordinal}` }, `${passage.ordinal}`), ' ', text, markers),
    drawnFrom.length > 0 && h('details', { class: 'facts' },
      h('summary', {}, `${drawnFrom.length} ${drawnFrom.length === 1 ? 'fact' : 'facts'} drawn from this paragraph`),
      h('ul', {}, drawnFrom.map((f) => h('li', {}, h('span', { class: 'meta' }, `${kindTitle(f.kind)}: `), factLink(f))))))
}

export async function paper ({ params }) {
  const [document, passages, byPassage] = await Promise.all([
    rest('/v1/document'),
    rest(withQuery('/v1/passages', { limit: 200 })),
    quotesByPassage()
  ])
  const footnoteOrdinals = new Map(passages.data.filter((p) => p.footnoteNumber !== null).map((p) => [p.footnoteNumber, p.ordinal]))
  const parts = []
  let section
  for (const passage of passages.data) {
    if (passage.section !== section && passage.section !== null) {
      section = passage.section
      parts.push(h('h2', {}, section))
    }
    if (passage.kind === 'footnote') {
      parts.push(h('div', { class: 'passage footnote', id: `p-${passage.ordinal}`, 'data-ordinal': passage.ordinal },
        h('p', {}, h('a', { class: 'ordinal', href: `#/footnotes/${passage.footnoteNumber}` }, `${passage.footnoteNumber}.`), ' ', passage.text)))
    } else parts.push(paragraph(passage, byPassage.get(passage.ordinal) ?? [], footnoteOrdinals))
  }
  const target = params[0]
  return {
    title: 'The paper',
    node: h('article', { class: 'paper' },
      h('h1', {}, document.title),
      h('p', { class: 'lede' }, `${document.authors.join(', ')} · ${document.year} · ${passages.page.total} paragraphs, ${document.counts.footnotes} footnotes. Highlighted passages are quoted as evidence; each links to a fact drawn from it.`),
      parts),
    mounted: () => {
      if (target === undefined) return
      const el = window.document.getElementById(`p-${target}`)
      if (el !== null) {
        el.classList.add('target')
        el.scrollIntoView({ block: 'center' })
      }
    }
  }
}
