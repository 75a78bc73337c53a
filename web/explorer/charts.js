// Apache ECharts, served by this service from its npm package (/vendor/echarts.js), loaded only by
// the views that draw a chart so the front page stays small.
let loading = null

/** Sixteen distinguishable colours (ECharts' own nine repeat): events fall in fifteen categories. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd']

export function loadECharts () {
  if (loading === null) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script')
      script.src = '/vendor/echarts.js'
      script.addEventListener('load', () => resolve(window.echarts))
      script.addEventListener('error', () => { loading = null; reject(new Error('could not load /vendor/echarts.js')) })
      document.head.append(script)
    })
  }
  return loading
}

/** A chart in `container`, resized with the window and disposed when the view is left. */
export function chartIn (echarts, container, onLeave) {
  const chart = echarts.init(container, null, { renderer: 'canvas' })
  const resize = () => chart.resize()
  window.addEventListener('resize', resize)
  onLeave(() => { window.removeEventListener('resize', resize); chart.dispose() })
  return chart
}
