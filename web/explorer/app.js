// The explorer: a small app over the service's public REST and GraphQL API. Every view has its own
// URL (#/search?q=..., #/events/<slug>, #/timeline?from=..., #/network/<actor>, #/paper/<¶>), so
// what an analyst sees can be shared as a link.
import { forgetAnswers } from './api.js'
import { h, loading } from './dom.js'
import { followChanges } from './live.js'

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

/**
 * Draws the view the URL names. A refresh (the data changed) draws it again in place: no loading
 * state, the scroll position kept, and the focused link or field (with what is typed) focused again.
 */
async function show ({ refresh = false } = {}) {
  const token = ++current
  const [path, queryString] = (window.location.hash.replace(/^#/, '') || '/').split('?')
  const query = new URLSearchParams(queryString ?? '')
  const match = ROUTES.map(([pattern, load, name]) => ({ found: pattern.exec(path), load, name })).find((r) => r.found !== null)
  for (const link of document.querySelectorAll('.top nav a[data-view]')) {
    if (link.dataset.view === match?.name) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  view.setAttribute('aria-busy', 'true')
  if (!refresh) view.replaceChildren(loading())
  const leavingNow = []
  let shown
  try {
    if (match === undefined) throw Object.assign(new Error(`There is no page at ${path}.`), { status: 404 })
    const render = await match.load()
    shown = await render({ params: match.found.slice(1).filter((p) => p !== undefined).map(decodeURIComponent), query, onLeave: (fn) => leavingNow.push(fn) })
  } catch (error) {
    shown = {
      title: 'Not found',
      node: h('div', { class: 'error', role: 'alert' },
        h('h1', {}, error.status === 404 ? 'Nothing here' : 'Something went wrong'),
        h('p', {}, error.message), h('p', {}, h('a', { href: '#/' }, 'Back to the start')))
    }
  }
  if (token !== current) return
  for (const leave of leaving) leave()
  leaving = leavingNow
  const focused = refresh && view.contains(document.activeElement) ? document.activeElement : null
  const scrolled = window.scrollY
  view.replaceChildren(shown.node)
  view.removeAttribute('aria-busy')
  document.title = `${shown.title} · peninsula-kb`
  if (!refresh) window.scrollTo(0, 0)
  shown.mounted?.()
  if (refresh) window.scrollTo(0, scrolled)
  if (focused !== null) focusAgain(focused)
  view.dataset.view = match?.name ?? 'error'
  view.dataset.ready = String(token)
}

/** Focuses the new view's counterpart of `old` (same id, or a link to the same place). */
function focusAgain (old) {
  const counterpart = old.id !== '' ? document.getElementById(old.id) : old.matches('a[href]') ? view.querySelector(`a[href="${window.CSS.escape(old.getAttribute('href'))}"]`) : null
  if (counterpart === null) return
  if ('value' in old && 'value' in counterpart) {
    counterpart.value = old.value
    if (typeof old.selectionStart === 'number') counterpart.setSelectionRange(old.selectionStart, old.selectionEnd)
  }
  counterpart.focus({ preventScroll: true })
}

const notice = document.getElementById('live-notice')
let refreshing = null
let quiet = null

// Every write reaches the open page: the answers kept so far are dropped and the view drawn again,
// once for a burst of changes.
followChanges((change) => {
  forgetAnswers()
  const at = new Date(change.at).toLocaleTimeString()
  notice.textContent = `Updated ${at}: ${change.kind}/${change.slug} ${change.action}d`
  clearTimeout(quiet)
  quiet = setTimeout(() => { notice.textContent = '' }, 10_000)
  clearTimeout(refreshing)
  refreshing = setTimeout(() => show({ refresh: true }), 250)
})

// A new view takes the focus, so keyboard and screen-reader users start at its top.
window.addEventListener('hashchange', () => { show().then(() => view.focus({ preventScroll: true })) })
document.getElementById('skip').addEventListener('click', (event) => { event.preventDefault(); view.focus() })
show()
