// The example Grafana dashboard (examples/grafana) works against the API as it is: every panel's
// request, with the time macros substituted the way Grafana does, is answered, and the rows it
// selects carry every field the panel reads.
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { parse } from 'yaml'
import { buildTestApp } from './helpers/app'

interface Target { refId: string, datasource: { uid: string }, url: string, url_options: { params: Array<{ key: string, value: string }> }, root_selector: string, columns: Array<{ selector: string, type: string }> }
interface Panel { id: number, title: string, targets: Target[] }
const dashboard = JSON.parse(readFileSync('examples/grafana/dashboards/peninsula-kb.json', 'utf8')) as { panels: Panel[], templating: { list: Array<{ name: string, current: { value: string } }> } }
const datasource = parse(readFileSync('examples/grafana/provisioning/datasources/peninsula-kb.yaml', 'utf8')).datasources[0]

/** Grafana's substitution: ${__from} epoch ms, ${__from:date:iso} ISO 8601, $var the variable's value. */
function interpolate (text: string, range: { from: Date, to: Date }, vars: Record<string, string>): string {
  return text
    .replace(/\$\{__(from|to)(:date:iso)?\}/g, (_, which: 'from' | 'to', iso?: string) => iso !== undefined ? range[which].toISOString() : String(range[which].getTime()))
    .replace(/\$(\w+)/g, (_, name: string) => vars[name] ?? `$${name}`)
}

/** Infinity's root selector and column selectors: dotted paths. */
const at = (value: unknown, path: string): unknown => path === '' ? value : path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | null)?.[key], value)

let app: FastifyInstance
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

it('has the four panels, each reading the provisioned data source', () => {
  expect(dashboard.panels.map((p) => p.title)).toEqual(['Events per year by category', 'Records per kind', 'Recent events in the time range', 'Who $actor shares events and agreements with'])
  for (const panel of dashboard.panels) for (const target of panel.targets) expect(target.datasource.uid).toBe(datasource.uid)
  expect(datasource.type).toBe('yesoreyeram-infinity-datasource')
})

const ranges = [
  { from: new Date('2014-01-01T00:00:00.000Z'), to: new Date('2016-12-31T23:59:59.999Z') },
  // Grafana's "Last 30 years" from a later day: instants in the middle of days.
  { from: new Date('1996-06-15T13:45:00.000Z'), to: new Date('2026-06-15T13:45:00.000Z') }
]
const vars = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v.current.value]))
const cases = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => ranges.map((range) => [panel.title, target.refId, range.from.toISOString(), { target, range }] as const)))

it.each(cases)('%s (%s, from %s): answers, and every row has the fields the panel reads', async (_title, _ref, _from, { target, range }) => {
  const query = target.url_options.params.map((p) => `${encodeURIComponent(p.key)}=${encodeURIComponent(interpolate(p.value, range, vars))}`).join('&')
  const url = interpolate(target.url, range, vars) + (query === '' ? '' : `?${query}`)
  const res = await app.inject(url)
  expect({ url, status: res.statusCode }).toEqual({ url, status: 200 })
  const selected = at(res.json(), target.root_selector)
  const rows = Array.isArray(selected) ? selected : [selected]
  expect(rows.length).toBeGreaterThan(0)
  for (const row of rows) {
    for (const column of target.columns) {
      const value = at(row, column.selector)
      const ok = column.type === 'number' ? typeof value === 'number' : column.type === 'timestamp' ? !Number.isNaN(Date.parse(String(value))) : typeof value === 'string' || value === null
      expect({ column: column.selector, value, ok }).toEqual({ column: column.selector, value, ok: true })
    }
  }
})
