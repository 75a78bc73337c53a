// Events per year, quarter or month, split by category (GET /v1/timeline); a range chosen on the
// chart (drag across it) or in the form filters the list of events under it (GET /v1/events).
import { rest, withQuery } from '../api.js'
import { chartIn, loadECharts, PALETTE } from '../charts.js'
import { h } from '../dom.js'
import { dateText, recordHref } from '../records.js'

const INTERVALS = ['year', 'quarter', 'month']

/** The last day of the bucket starting on `time` (YYYY-MM-DD), for the API's `to`. */
function bucketEnd (time, interval) {
  const start = new Date(`${time}T00:00:00Z`)
  const months = { year: 12, quarter: 3, month: 1 }[interval]
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 0))
  return end.toISOString().slice(0, 10)
}

function timelineHref (params) {
  return withQuery('#/timeline', params)
}

export async function timeline ({ query, onLeave }) {
  const interval = INTERVALS.includes(query.get('interval')) ? query.get('interval') : 'year'
  const from = query.get('from') ?? ''
  const to = query.get('to') ?? ''
  const [series, events, echarts] = await Promise.all([
    rest(withQuery('/v1/timeline', { interval, split: 'category', from, to })),
    rest(withQuery('/v1/events', { from, to, limit: 200, sort: 'date' })),
    loadECharts()
  ])
  const buckets = series.buckets
  const categories = [...new Set(buckets.flatMap((b) => Object.keys(b.series)))].sort()

  const form = h('form', {
    class: 'range',
    onsubmit: (event) => {
      event.preventDefault()
      const data = new window.FormData(event.target)
      window.location.hash = timelineHref({ interval: data.get('interval'), from: data.get('from').trim(), to: data.get('to').trim() })
    }
  },
  h('label', {}, 'Per ', h('select', { name: 'interval' }, INTERVALS.map((i) => h('option', { value: i, selected: i === interval }, i)))),
  h('label', {}, 'From ', h('input', { name: 'from', value: from, placeholder: 'YYYY[-MM[-DD]]', size: 10, pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' })),
  h('label', {}, 'to ', h('input', { name: 'to', value: to, placeholder: 'YYYY[-MM[-DD]]', size: 10, pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' })),
  h('button', { type: 'submit' }, 'Show'),
  (from !== '' || to !== '') && h('a', { href: timelineHref({ interval }) }, 'Whole timeline'))

  const chartBox = h('div', { class: 'chart', id: 'timeline-chart', role: 'img', 'aria-label': `Stacked bar chart of ${series.total} events per ${interval} by category; drag across it to choose a range` })
  const undated = series.undated?.count ?? 0
  const node = h('div', { class: 'timeline' },
    h('h1', {}, 'Timeline'),
    form,
    h('p', { class: 'hint' }, 'Drag across the chart to choose a range; the list below shows its events.'),
    chartBox,
    undated > 0 && h('p', { class: 'meta' }, `${undated} of the events the paper mentions carry no date and are not on the chart.`),
    h('section', { 'aria-labelledby': 'timeline-events' },
      h('h2', { id: 'timeline-events' }, `${events.page.total} events${from !== '' || to !== '' ? ` from ${from || 'the start'} to ${to || 'the end'}` : ''}`),
      h('ol', { class: 'events' }, events.data.map((e) => h('li', {},
        h('span', { class: 'date' }, dateText(e.date)), ' ',
        h('a', { href: recordHref('events', e) }, e.title), ' ',
        h('span', { class: `tag cat-${e.category}` }, e.category))))))

  // Drawn once the node is in the page, so the chart knows its size.
  return {
    title: 'Timeline',
    node,
    mounted: () => {
      const chart = chartIn(echarts, chartBox, onLeave)
      chart.setOption({
        aria: { enabled: true },
        color: PALETTE,
        animation: false,
        // Drawn on the canvas: an HTML tooltip would set style attributes, which the CSP forbids.
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 40, right: 16, top: 40, bottom: 40 },
        toolbox: { show: false },
        brush: { xAxisIndex: 0, brushType: 'lineX', brushMode: 'single', throttleType: 'debounce', removeOnClick: true },
        xAxis: { type: 'category', data: buckets.map((b) => b.label) },
        yAxis: { type: 'value', minInterval: 1 },
        series: categories.map((category) => ({ name: category, type: 'bar', stack: 'events', data: buckets.map((b) => b.series[category] ?? 0) }))
      })
      // Dragging draws a range at once, without first picking a tool.
      chart.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } })
      chart.on('brushEnd', (event) => {
        const range = event.areas[0]?.coordRange
        if (range === undefined) return
        const first = buckets[Math.max(0, range[0])]
        const last = buckets[Math.min(buckets.length - 1, range[1])]
        window.location.hash = timelineHref({ interval, from: first.time, to: bucketEnd(last.time, interval) })
      })
    }
  }
}
