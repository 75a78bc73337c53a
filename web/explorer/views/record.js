// One record of any kind: its fields, its related records as links, and its provenance.
import { kinds, rest, withQuery } from '../api.js'
import { h } from '../dom.js'
import { dateText, keyOf, kindOfField, kindTitle, labelOf, recordHref } from '../records.js'
import { provenance, urlAsPrinted } from './provenance.js'

const HIDDEN = new Set(['id', 'evidence'])

function isRecord (value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && keyOf(value) !== undefined && ('slug' in value || 'number' in value || 'ordinal' in value)
}

function isDate (value) {
  return value !== null && typeof value === 'object' && 'precision' in value && 'printed' in value
}

function words (field) {
  return field.replace(/([A-Z])/g, ' $1').toLowerCase()
}

function recordLink (kind, record) {
  const date = typeof record.date === 'string' ? record.date : isDate(record.date) ? dateText(record.date) : undefined
  const extra = [record.role, date].filter((x) => x !== undefined && x !== null)
  return [kind !== null ? h('a', { href: recordHref(kind, record) }, labelOf(record)) : labelOf(record), extra.length > 0 ? h('span', { class: 'meta' }, ` · ${extra.join(' · ')}`) : '']
}

function value (field, v, allKinds) {
  if (v === null || v === undefined) return h('span', { class: 'none' }, '—')
  if (isDate(v)) return [dateText(v), v.note !== null ? h('span', { class: 'meta' }, ` · ${v.note}`) : '']
  if (isRecord(v)) return recordLink(kindOfField(field, allKinds), v)
  if (Array.isArray(v)) return v.length === 0 ? h('span', { class: 'none' }, 'none') : h('ul', {}, v.map((item) => h('li', {}, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))))
  if (typeof v === 'object') return h('dl', { class: 'nested' }, Object.entries(v).map(([k, x]) => [h('dt', {}, words(k)), h('dd', {}, value(k, x, allKinds))]))
  if (field === 'url') return urlAsPrinted(v)
  return String(v)
}

export async function record ({ params }) {
  const [kind, key] = params
  const [item, counts] = await Promise.all([rest(`/v1/${kind}/${encodeURIComponent(key)}`), kinds()])
  const allKinds = Object.keys(counts)
  const fields = []
  const related = []
  for (const [field, v] of Object.entries(item)) {
    if (HIDDEN.has(field)) continue
    if (Array.isArray(v) && v.length > 0 && v.every(isRecord)) related.push([field, v])
    else fields.push([field, v])
  }
  const title = labelOf(item)
  const node = h('article', { class: 'record' },
    h('p', { class: 'crumbs' }, h('a', { href: `#/${kind}` }, kindTitle(kind)), ` · ${keyOf(item)}`),
    h('h1', {}, title),
    h('dl', { class: 'fields' }, fields.map(([field, v]) => [h('dt', {}, words(field)), h('dd', {}, value(field, v, allKinds))])),
    kind === 'actors' && h('p', {}, h('a', { href: `#/network/${item.slug}` }, `${item.name}'s network`)),
    kind === 'passages' && h('p', {}, h('a', { href: `#/paper/${item.ordinal}` }, 'Read it in the paper')),
    related.length > 0 && h('section', { class: 'related', 'aria-labelledby': 'related-title' },
      h('h2', { id: 'related-title' }, 'Related records'),
      related.map(([field, records]) => {
        const relatedKind = kindOfField(field, allKinds)
        return h('div', { class: 'relation' },
          h('h3', {}, `${kindTitle(words(field))} (${records.length})`),
          h('ul', {}, records.map((r) => h('li', {}, recordLink(relatedKind, r)))))
      })))
  if (Array.isArray(item.evidence)) node.append(await provenance(kind, keyOf(item)))
  return { title: `${title} · ${kindTitle(kind)}`, node }
}

export async function browse ({ params }) {
  const [kind] = params
  const counts = await kinds()
  if (!(kind in counts)) return { title: 'Not found', node: h('div', {}, h('h1', {}, 'Nothing here'), h('p', {}, `There is no kind called “${kind}”. `, h('a', { href: '#/' }, 'Back to the start'), '.')) }
  const page = await rest(withQuery(`/v1/${kind}`, { limit: 200 }))
  return {
    title: kindTitle(kind),
    node: h('div', { class: 'browse' },
      h('h1', {}, `${kindTitle(kind)} (${page.page.total})`),
      page.page.total > page.data.length && h('p', {}, `The first ${page.data.length} are listed; search narrows them.`),
      h('ul', { class: 'records' }, page.data.map((r) => h('li', {}, recordLink(kind, r)))))
  }
}
