// The explorer: a small app over the service's public REST and GraphQL API. Every view has its own
// URL (#/search?q=..., #/events/<slug>, #/timeline?from=..., #/network/<actor>, #/paper/<¶>), so
// what an analyst sees can be shared as a link.
import { h, loading } from './dom.js'

// Each view's module is fetched when it is first shown: the front page downloads only its own.
const ROUTES = [
  [/^\/$/, () => import('./views/home.js').then((m) => m.home), 'home'],
  [/^\/search$/, () => import('./views/search.js').then((m) => m.search), 'search'],
  [/^\/timeline$/, () => import('./views/timeline.js').then((m) => m.timeline), 'timeline'],
  [/^\/network(?:\/([^/]+))?$/, () => import('./views/network.js').then((m) => m.network), 'network'],
  [/^\/paper(?:\/(\d+))?$/, () => import('./views/paper.js').then((m) => m.paper), 'paper'],
  [/^\/([a-z][a-z-]*)$/, () => import('./views/record.js').then((m) => m.browse), 'browse'],
  [/^\/([a-z][a-z-]*)\/([^/]+)$/, () => import('./views/record.js').then((m) => m.record), 'record']
]

const view = document.getElementById('view')
let current = 0
let leaving = []

async function show () {
  const token = ++current
  for (const leave of leaving) leave()
  leaving = []
  const [path, queryString] = (window.location.hash.replace(/^#/, '') || '/').split('?')
  const query = new URLSearchParams(queryString ?? '')
  const match = ROUTES.map(([pattern, load, name]) => ({ found: pattern.exec(path), load, name })).find((r) => r.found !== null)
  for (const link of document.querySelectorAll('.top nav a[data-view]')) {
    if (link.dataset.view === match?.name) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  view.setAttribute('aria-busy', 'true')
  view.replaceChildren(loading())
  let shown
  try {
    if (match === undefined) throw Object.assign(new Error(`There is no page at ${path}.`), { status: 404 })
    const render = await match.load()
    shown = await render({ params: match.found.slice(1).filter((p) => p !== undefined).map(decodeURIComponent), query, onLeave: (fn) => leaving.push(fn) })
  } catch (error) {
    shown = {
      title: 'Not found',
      node: h('div', { class: 'error', role: 'alert' },
        h('h1', {}, error.status === 404 ? 'Nothing here' : 'Something went wrong'),
        h('p', {}, error.message), h('p', {}, h('a', { href: '#/' }, 'Back to the start')))
    }
  }
  if (token !== current) return
  view.replaceChildren(shown.node)
  view.removeAttribute('aria-busy')
  document.title = `${shown.title} · peninsula-kb`
  window.scrollTo(0, 0)
  shown.mounted?.()
  view.dataset.view = match?.name ?? 'error'
  view.dataset.ready = String(token)
}

// A new view takes the focus, so keyboard and screen-reader users start at its top.
window.addEventListener('hashchange', () => { show().then(() => view.focus({ preventScroll: true })) })
document.getElementById('skip').addEventListener('click', (event) => { event.preventDefault(); view.focus() })
show()
