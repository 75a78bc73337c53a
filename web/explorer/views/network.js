// The actors around one actor (GET /v1/actors/:id/network): nodes sized by the weight of what they
// share, edges by shared events and agreements; clicking an actor re-centres the network on it.
import { rest, withQuery } from '../api.js'
import { chartIn, loadECharts, PALETTE } from '../charts.js'
import { h } from '../dom.js'

export async function network ({ params, onLeave }) {
  const slug = params[0] ?? 'russia'
  const [net, actors, echarts] = await Promise.all([
    rest(`/v1/actors/${encodeURIComponent(slug)}/network`),
    rest(withQuery('/v1/actors', { limit: 200, sort: 'name' })),
    loadECharts()
  ])
  const centre = net.actor
  const links = net.links
  const maxWeight = Math.max(1, ...links.map((l) => l.weight))

  const picker = h('form', {
    class: 'range',
    onsubmit: (event) => {
      event.preventDefault()
      window.location.hash = `#/network/${new window.FormData(event.target).get('actor')}`
    }
  },
  h('label', {}, 'Centre on ', h('select', { name: 'actor' }, actors.data.map((a) => h('option', { value: a.slug, selected: a.slug === centre.slug }, a.name)))),
  h('button', { type: 'submit' }, 'Show'))

  const chartBox = h('div', { class: 'chart network-chart', id: 'network-chart', role: 'img', 'aria-label': `Network of ${centre.name} and ${links.length} actors it shares events or agreements with; click an actor to centre on it` })
  const node = h('div', { class: 'network' },
    h('h1', {}, `${centre.name}'s network`),
    h('p', {}, h('a', { href: `#/actors/${centre.slug}` }, `${centre.name}`), ` (${centre.kind}) shares events or agreements with ${links.length} actors.`),
    picker,
    chartBox,
    h('table', {},
      h('caption', {}, `Actors linked to ${centre.name}, heaviest first, with the events and agreements they share`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Actor'), h('th', { scope: 'col' }, 'Events'), h('th', { scope: 'col' }, 'Agreements'), h('th', { scope: 'col' }, 'Network'))),
      h('tbody', {}, links.map((l) => h('tr', {},
        h('td', {}, h('a', { href: `#/actors/${l.actor.slug}` }, l.actor.name), h('span', { class: 'meta' }, ` ${l.actor.kind}`)),
        h('td', {}, String(l.events)),
        h('td', {}, String(l.agreements)),
        h('td', {}, h('a', { href: `#/network/${l.actor.slug}`, 'aria-label': `Centre on ${l.actor.name}` }, 'Centre')))))))

  return {
    title: `${centre.name} · Network`,
    node,
    mounted: () => {
      const chart = chartIn(echarts, chartBox, onLeave)
      // A radial layout, heaviest links nearest: the same picture on every visit, unlike a force simulation.
      // Coloured by kind of actor (state, person, company, ...), with a legend to show or hide each.
      const kindsShown = [...new Set([centre.kind, ...links.map((l) => l.actor.kind)])]
      const nodes = [{ id: centre.slug, name: centre.name, x: 0, y: 0, symbolSize: 46, category: kindsShown.indexOf(centre.kind) }]
      links.forEach((l, i) => {
        const angle = (2 * Math.PI * i) / Math.max(1, links.length)
        const radius = 140 + 160 * (1 - l.weight / maxWeight) + (i % 2) * 30
        nodes.push({ id: l.actor.slug, name: l.actor.name, x: radius * Math.cos(angle), y: radius * Math.sin(angle), symbolSize: 10 + 30 * Math.sqrt(l.weight / maxWeight), category: kindsShown.indexOf(l.actor.kind), value: l.weight })
      })
      chart.setOption({
        aria: { enabled: true },
        animation: false,
        color: PALETTE,
        legend: { type: 'scroll', top: 0, data: kindsShown },
        // Drawn on the canvas: an HTML tooltip would set style attributes, which the CSP forbids.
        tooltip: {
          renderMode: 'richText',
          formatter: (p) => p.dataType === 'edge'
            ? `${p.data.label}`
            : p.data.id === centre.slug ? p.data.name : `${p.data.name}: weight ${p.data.value} (click to centre)`
        },
        series: [{
          type: 'graph',
          layout: 'none',
          roam: true,
          label: { show: true, position: 'right', fontSize: 11 },
          labelLayout: { hideOverlap: true },
          categories: kindsShown.map((name) => ({ name })),
          data: nodes,
          links: links.map((l) => ({
            source: centre.slug,
            target: l.actor.slug,
            label: `${centre.name} and ${l.actor.name}: ${l.events} events, ${l.agreements} agreements`,
            lineStyle: { width: 1 + 7 * (l.weight / maxWeight), opacity: 0.5 }
          }))
        }]
      })
      chart.on('click', (p) => {
        if (p.dataType === 'node' && p.data.id !== centre.slug) window.location.hash = `#/network/${p.data.id}`
      })
    }
  }
}
