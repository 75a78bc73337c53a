// Search across every kind (GET /v1/search, web-search syntax), hits grouped by kind with snippets.
import { rest, withQuery } from '../api.js'
import { append, h, snippet } from '../dom.js'
import { kindTitle } from '../records.js'

export function searchForm (q) {
  return h('form', {
    class: 'search',
    role: 'search',
    onsubmit: (event) => {
      event.preventDefault()
      const value = new window.FormData(event.target).get('q').trim()
      window.location.hash = withQuery('#/search', { q: value })
    }
  },
  h('label', { for: 'search-q' }, 'Search everything'),
  h('div', { class: 'row' },
    h('input', { id: 'search-q', name: 'q', type: 'search', value: q, placeholder: 'Khasan-Rajin, "military activity", sanctions -China', autocomplete: 'off' }),
    h('button', { type: 'submit' }, 'Search')),
  h('p', { class: 'hint' }, 'Words, "a phrase", OR, -word.'))
}

export async function search ({ query }) {
  const q = query.get('q') ?? ''
  const node = h('div', { class: 'search-view' }, h('h1', {}, 'Search'), searchForm(q))
  if (q === '') return { title: 'Search', node }
  const answer = await rest(withQuery('/v1/search', { q, limit: 100 }))
  const groups = new Map()
  for (const hit of answer.data) {
    if (!groups.has(hit.kind)) groups.set(hit.kind, [])
    groups.get(hit.kind).push(hit)
  }
  append(node, [
    h('p', { class: 'summary', role: 'status' }, `${answer.page.total} ${answer.page.total === 1 ? 'hit' : 'hits'} for “${q}”`,
      answer.page.total > answer.data.length ? ` (the best ${answer.data.length} shown)` : '', groups.size > 0 ? ` in ${groups.size} kinds` : ''),
    [...groups].map(([kind, hits]) => h('section', { class: 'hits', 'aria-labelledby': `hits-${kind}` },
      h('h2', { id: `hits-${kind}` }, `${kindTitle(kind)} (${hits.length})`),
      h('ul', {}, hits.map((hit) => h('li', {},
        h('a', { href: `#/${hit.kind}/${encodeURIComponent(hit.key)}` }, hit.title),
        h('p', { class: 'snippet' }, snippet(hit.snippet)))))))])
  return { title: `“${q}” · Search`, node }
}
