// The front page: what the paper is, a search box, every kind of record, the other views.
import { kinds, rest } from '../api.js'
import { h } from '../dom.js'
import { kindTitle } from '../records.js'
import { searchForm } from './search.js'

export async function home () {
  const [document, counts] = await Promise.all([rest('/v1/document'), kinds()])
  return {
    title: 'peninsula-kb explorer',
    node: h('div', { class: 'home' },
      h('h1', {}, document.title),
      h('p', { class: 'lede' }, `${document.authors.join(', ')}, ${document.year}. Every record below carries its provenance: the paragraph of the paper it comes from, the quote, and the footnoted sources.`),
      searchForm(''),
      h('div', { class: 'cards' },
        h('a', { class: 'card', href: '#/timeline' }, h('strong', {}, 'Timeline'), h('span', {}, 'Events by year, quarter or month, by category; choose a range to list them.')),
        h('a', { class: 'card', href: '#/network/russia' }, h('strong', {}, 'Actor network'), h('span', {}, 'Who shares events and agreements with whom; click an actor to re-centre.')),
        h('a', { class: 'card', href: '#/paper' }, h('strong', {}, 'Read the paper'), h('span', {}, 'Every paragraph in order, its footnotes, and the facts drawn from each quoted passage.'))),
      h('h2', {}, 'Browse'),
      h('ul', { class: 'kinds' }, Object.entries(counts).map(([kind, count]) =>
        h('li', {}, h('a', { href: `#/${kind}` }, kindTitle(kind)), h('span', { class: 'count' }, ` ${count}`)))))
  }
}
