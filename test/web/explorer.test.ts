// The explorer at / in a real Chromium that can reach nothing but the service: every view renders
// from the public API with no console error, and the paths an analyst takes work end to end.
/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import request from 'supertest'
import { PAGE_CSP } from '../../src/web'
import { useBrowser } from '../helpers/browser'

const browser = useBrowser()

/** Opens the explorer at `hash` and waits for the view to be drawn. */
async function openView (hash: string, viewport?: { width: number, height: number }): Promise<Page> {
  const page = await browser.open(`/${hash}`, viewport)
  await page.waitForSelector('main[data-ready]')
  return page
}

/** Follows an in-app link or sets the hash, and waits for the next view to be drawn. */
async function go (page: Page, navigate: string | (() => Promise<void>)): Promise<void> {
  const before = await page.evaluate(() => document.getElementById('view')!.dataset.ready)
  if (typeof navigate === 'string') await page.evaluate((hash) => { window.location.hash = hash }, navigate)
  else await navigate()
  await page.waitForFunction((b) => document.getElementById('view')!.dataset.ready !== b, before)
}

async function api<T> (url: string): Promise<T> {
  return (await browser.app.inject({ url })).json() as T
}

async function heading (page: Page): Promise<string> {
  return await page.locator('main h1').first().innerText()
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's serious and critical findings on the page as it is now. */
async function accessibilityViolations (page: Page): Promise<Array<{ id: string, nodes: string[] }>> {
  // Evaluated by the test driver, not loaded by the page: the page's CSP allows only its own scripts.
  await page.evaluate(axeSource)
  return await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Array<{ id: string, impact: string, nodes: Array<{ target: string[] }> }> }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }))
  })
}

describe('the explorer at /', () => {
  it('is a page of this origin\'s scripts only, linking to the API\'s docs', async () => {
    const res = await request(browser.app.server).get('/').expect(200)
    expect(res.headers['content-security-policy']).toBe(PAGE_CSP)
    expect(res.text.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/explorer/app.js">'])
    const page = await openView('')
    const apiLinks = await page.locator('nav[aria-label="API"] a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))
    expect(apiLinks).toEqual(['/docs', '/graphiql', '/openapi.json'])
  })

  it('draws the front page from a small download, without the chart library', async () => {
    const bytes: Record<string, number> = {}
    const reads: Array<Promise<void>> = []
    const page = await browser.open('/health/live')
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname
      // The live changes stream stays open for the page's life; its body never ends.
      if (path !== '/v1/changes/stream') reads.push(response.body().then((body) => { bytes[path] = body.length }))
    })
    const started = Date.now()
    await page.goto(`${browser.origin}/`)
    await page.waitForSelector('main[data-view="home"]')
    const firstRender = Date.now() - started
    // The stream is the page's last request (so no network idle to wait for): everything else is in.
    await page.waitForSelector('html[data-live="open"]')
    await Promise.all(reads)
    const total = Object.values(bytes).reduce((a, b) => a + b, 0)
    console.log(`/ first render ${firstRender} ms; ${Object.keys(bytes).length} requests, ${total} bytes: ${JSON.stringify(bytes)}`)
    // No chart library on the front page: it is loaded by the views that draw charts.
    expect(Object.keys(bytes).filter((path) => path.startsWith('/vendor/'))).toEqual([])
    expect(total).toBeLessThan(80_000)
    expect(await heading(page)).toBe((await api<{ title: string }>('/v1/document')).title)
  })

  it('renders a list and a page for a record of every kind the API serves', async () => {
    const { counts } = await api<{ counts: Record<string, number> }>('/v1/stats')
    const page = await openView('#/')
    for (const [kind, count] of Object.entries(counts)) {
      await go(page, `#/${kind}`)
      expect(await page.locator('main .records li').count()).toBe(Math.min(count, 200))
      const first = (await api<{ data: Array<Record<string, unknown>> }>(`/v1/${kind}?limit=1`)).data[0]!
      await go(page, async () => { await page.locator('main .records li a').first().click() })
      const key = String(first.slug ?? first.number ?? first.ordinal)
      expect({ kind, hash: await page.evaluate(() => window.location.hash) }).toEqual({ kind, hash: `#/${kind}/${encodeURIComponent(key)}` })
      expect(await page.locator('main .fields dt').count()).toBeGreaterThan(1)
      const full = await api<{ evidence?: unknown[] }>(`/v1/${kind}/${encodeURIComponent(key)}`)
      const quotes = full.evidence?.length
      if (quotes !== undefined) expect(await page.locator('main .provenance h2').innerText()).toBe(`Provenance (${quotes} ${quotes === 1 ? 'quote' : 'quotes'})`)
    }
  })

  it('takes a search to a record, its quote inside its paragraph, and the footnote\'s source', async () => {
    const page = await openView('#/')
    await page.getByLabel('Search everything').fill('"dangerous military activity"')
    await go(page, async () => { await page.getByLabel('Search everything').press('Enter') })
    expect(await page.evaluate(() => window.location.hash)).toBe('#/search?q=%22dangerous+military+activity%22')
    const events = page.locator('section.hits', { has: page.getByRole('heading', { name: /^Events/ }) })
    expect(await events.locator('mark').first().innerText()).toMatch(/dangerous|military|activity/i)

    await go(page, async () => { await events.getByRole('link', { name: 'Russia and the DPRK sign an agreement on "preventing dangerous military activity"' }).click() })
    const record = await api<{ evidence: Array<{ quote: string, passage: { ordinal: number }, footnotes: Array<{ number: number, sources: Array<{ title: string }> }> }> }>('/v1/events/military-activity-agreement-signed-2015')
    const cited = record.evidence.find((e) => e.footnotes.length > 0)!
    const evidence = page.locator('.evidence', { has: page.locator('mark', { hasText: cited.quote }) })
    const paragraph = (await api<{ text: string }>(`/v1/passages/${cited.passage.ordinal}`)).text
    // The whole paragraph is shown, and the quoted words are the highlighted ones.
    expect(await evidence.locator('blockquote').innerText()).toContain(paragraph.slice(0, 80))
    expect(await evidence.locator('blockquote mark', { hasText: cited.quote }).innerText()).toBe(cited.quote)
    const footnote = cited.footnotes[0]!
    await go(page, async () => { await evidence.locator('sup.fn a', { hasText: String(footnote.number) }).first().click() })
    expect(await heading(page)).toMatch(new RegExp(`^Footnote ${footnote.number}:`))
    const source = (await api<{ sources: Array<{ slug: string, title: string, date: string, url: string }> }>(`/v1/footnotes/${footnote.number}`)).sources[0]!
    await go(page, async () => { await page.getByRole('link', { name: source.title }).first().click() })
    expect(await heading(page)).toBe(source.title)
    const fields = await page.locator('main .fields').innerText()
    expect(fields).toContain(source.date)
    expect(fields).toContain(source.url)
  })

  it('filters the list of events by the range dragged across the timeline', async () => {
    const page = await openView('#/timeline?interval=year&from=2000&to=2016')
    const chart = page.locator('#timeline-chart')
    await chart.locator('canvas').first().waitFor()
    // Drag over the buckets 2014 to 2016, at their centres as ECharts places them.
    const [x1, x2, y] = await page.evaluate(() => {
      const echarts = (window as unknown as { echarts: { getInstanceByDom: (el: Element) => { convertToPixel: (f: unknown, v: unknown) => number[] } } }).echarts
      const instance = echarts.getInstanceByDom(document.getElementById('timeline-chart')!)
      return [instance.convertToPixel({ xAxisIndex: 0 }, '2014'), instance.convertToPixel({ xAxisIndex: 0 }, '2016'), instance.convertToPixel({ yAxisIndex: 0 }, 0)] as unknown as number[]
    })
    const box = (await chart.boundingBox())!
    await page.mouse.move(box.x + x1! - 5, box.y + y! - 20)
    await page.mouse.down()
    await page.mouse.move(box.x + x2! + 5, box.y + y! - 20, { steps: 8 })
    await go(page, async () => { await page.mouse.up() })
    expect(await page.evaluate(() => window.location.hash)).toBe('#/timeline?interval=year&from=2014-01-01&to=2016-12-31')
    const expected = await api<{ data: Array<{ title: string }>, page: { total: number } }>('/v1/events?from=2014-01-01&to=2016-12-31&limit=200&sort=date')
    expect(await page.locator('main ol.events li a').allInnerTexts()).toEqual(expected.data.map((e) => e.title))
    expect(await page.locator('#timeline-events').innerText()).toBe(`${expected.page.total} events from 2014-01-01 to 2016-12-31`)
  })

  it('re-centres the actor network on the actor clicked', async () => {
    const page = await openView('#/network/russia')
    const network = await api<{ links: Array<{ actor: { slug: string, name: string } }> }>('/v1/actors/russia/network')
    expect(await page.locator('main tbody tr').count()).toBe(network.links.length)
    const target = network.links[0]!.actor
    const chart = page.locator('#network-chart')
    await chart.locator('canvas').first().waitFor()
    const [x, y] = await page.evaluate((name) => {
      const echarts = (window as unknown as { echarts: { getInstanceByDom: (el: Element) => { getModel: () => any, convertToPixel: (f: unknown, v: unknown) => number[] } } }).echarts
      const instance = echarts.getInstanceByDom(document.getElementById('network-chart')!)
      const data = instance.getModel().getSeriesByIndex(0).getData()
      return instance.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(data.indexOfName(name)) as number[])
    }, target.name)
    const box = (await chart.boundingBox())!
    await go(page, async () => { await page.mouse.click(box.x + x!, box.y + y!) })
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/network/${target.slug}`)
    expect(await heading(page)).toBe(`${target.name}'s network`)
  })

  it('reads the paper in order, with every quoted passage highlighted and linked to a fact', async () => {
    const page = await openView('#/paper/18')
    const passages = await api<{ data: Array<{ ordinal: number, kind: string, section: string | null }> }>('/v1/passages?limit=200')
    expect(await page.locator('main .passage').evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.ordinal)))).toEqual(passages.data.map((p) => p.ordinal))
    expect(await page.locator('main h2').allInnerTexts()).toEqual([...new Set(passages.data.map((p) => p.section).filter((s) => s !== null))])
    const target = page.locator('#p-18')
    expect(await target.getAttribute('class')).toContain('target')
    // Paragraph 18 is where the military-activity agreement is quoted from; its footnotes are 7, 8 and 9.
    expect(await target.locator('sup.fn').allInnerTexts()).toEqual(['7', '8', '9'])
    const quote = target.locator('a.quoted', { hasText: 'preventing dangerous military activity' })
    await go(page, async () => { await quote.click() })
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/[a-z-]+\/[a-z0-9-]+$/)
    expect(await page.locator('.provenance blockquote mark', { hasText: 'preventing dangerous military activity' }).count()).toBeGreaterThan(0)
  })

  it('works with the keyboard alone', async () => {
    const page = await openView('#/')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.getByLabel('Search everything').focus()
    await page.keyboard.type('Rasonkontrans')
    await go(page, async () => { await page.keyboard.press('Enter') })
    expect(await page.locator('section.hits h2').count()).toBeGreaterThan(0)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view')
  })

  it.each([
    ['#/', 'home'], ['#/search?q=sanctions', 'search'], ['#/events', 'browse'], ['#/agreements/rasonkontrans', 'record'],
    ['#/timeline', 'timeline'], ['#/network/russia', 'network'], ['#/paper', 'paper']
  ])('%s has no serious accessibility violation and fits a narrow screen', async (hash, view) => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const page = await openView(hash, viewport)
      expect(await page.locator('main').getAttribute('data-view')).toBe(view)
      expect({ viewport, violations: await accessibilityViolations(page) }).toEqual({ viewport, violations: [] })
      expect({ viewport, overflow: await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) }).toEqual({ viewport, overflow: 0 })
    }
  })
})
