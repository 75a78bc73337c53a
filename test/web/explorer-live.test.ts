// The explorer updates live: a write through the API with an editor key shows in a page already open,
// without a reload (the page follows GET /v1/changes/stream). It writes, so it has its own database.
/// <reference lib="dom" />
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Page } from 'playwright-core'
import request from 'supertest'
import { createKey } from '../../src/auth/api-keys'
import { useBrowser } from '../helpers/browser'

const browser = useBrowser({ writes: true })
const run = randomBytes(3).toString('hex')
let editor = ''

beforeAll(async () => {
  editor = (await createKey(browser.app.prisma, { name: `explorer-live-${run}`, role: 'editor' })).key
})

/** Opens the explorer at `hash`, once the view is drawn and the page follows the changes stream. */
async function openLive (hash: string, viewport?: { width: number, height: number }): Promise<Page> {
  const page = await browser.open(`/${hash}`, viewport)
  await page.waitForSelector('main[data-ready]')
  await page.waitForSelector('html[data-live="open"]')
  return page
}

/** The view's draw count, to wait for the next one. */
async function drawn (page: Page): Promise<string> {
  return await page.evaluate(() => document.getElementById('view')!.dataset.ready!)
}

async function redrawnAfter (page: Page, before: string): Promise<void> {
  await page.waitForFunction((b) => document.getElementById('view')!.dataset.ready !== b, before)
}

async function createActor (name: string): Promise<string> {
  const slug = `live-${run}-${name.toLowerCase()}`
  await request(browser.app.server).post('/v1/actors').set('authorization', `Bearer ${editor}`)
    .send({ slug, name, kind: 'government-body' }).expect(201)
  return slug
}

describe('the explorer, live', () => {
  it('redraws an open record when it is edited, keeping the scroll position and a notice of the change', async () => {
    const [event] = (await request(browser.app.server).get('/v1/events?limit=1&sort=date').expect(200)).body.data as Array<{ slug: string, title: string }>
    const page = await openLive(`#/events/${event!.slug}`, { width: 390, height: 500 })
    expect(await page.locator('main h1').innerText()).toBe(event!.title)
    const scrolled = await page.evaluate(() => { window.scrollTo(0, 200); return window.scrollY })
    expect(scrolled).toBe(200)
    const before = await drawn(page)

    const title = `${event!.title} (retitled ${run})`
    await request(browser.app.server).patch(`/v1/events/${event!.slug}`).set('authorization', `Bearer ${editor}`).send({ title }).expect(200)
    await redrawnAfter(page, before)
    expect(await page.locator('main h1').innerText()).toBe(title)
    expect(await page.title()).toBe(`${title} · Events · peninsula-kb`)
    expect(await page.locator('#live-notice').innerText()).toMatch(new RegExp(`^Updated .+: events/${event!.slug} updated$`))
    expect(await page.evaluate(() => window.scrollY)).toBe(200)
  })

  it('adds a new record to an open list and to an open search', async () => {
    const list = await openLive('#/actors')
    const search = await openLive(`#/search?q=Livewire${run}`)
    expect(await search.locator('main .summary').innerText()).toBe(`0 hits for “Livewire${run}”`)
    const heading = await list.locator('main h1').innerText()
    const count = Number(/\((\d+)\)$/.exec(heading)![1])
    const [listBefore, searchBefore] = [await drawn(list), await drawn(search)]

    const slug = await createActor(`Livewire${run}`)
    await Promise.all([redrawnAfter(list, listBefore), redrawnAfter(search, searchBefore)])
    expect(await list.locator('main h1').innerText()).toBe(`Actors (${count + 1})`)
    expect(await list.locator(`main .records a[href="#/actors/${slug}"]`).innerText()).toBe(`Livewire${run}`)
    expect(await search.locator('main .summary').innerText()).toMatch(new RegExp(`^1 hit for “Livewire${run}”`))
    expect(await search.locator(`main .hits a[href="#/actors/${slug}"]`).count()).toBe(1)
  })

  it('keeps what is being typed in the search box through a redraw', async () => {
    const page = await openLive('#/search?q=sanctions')
    const box = page.getByLabel('Search everything')
    await box.fill('sanctions Chi')
    const before = await drawn(page)
    await createActor(`Typing${run}`)
    await redrawnAfter(page, before)
    expect(await page.evaluate(() => ({ id: document.activeElement?.id, value: (document.activeElement as HTMLInputElement).value }))).toEqual({ id: 'search-q', value: 'sanctions Chi' })
  })

  it('gets the changes it missed while its stream was down, resuming with Last-Event-ID', async () => {
    // The stream's response as the server sees it, so the test can end it as a replica going away does.
    const streams: ServerResponse[] = []
    const lastEventIds: Array<string | undefined> = []
    const capture = (req: IncomingMessage, res: ServerResponse): void => {
      if (req.url?.startsWith('/v1/changes/stream') !== true) return
      streams.push(res)
      lastEventIds.push(req.headers['last-event-id'] as string | undefined)
    }
    browser.app.server.on('request', capture)
    try {
      const page = await openLive('#/actors')
      let before = await drawn(page)
      await createActor(`Seen${run}`)
      await redrawnAfter(page, before)
      const seen = (await request(browser.app.server).get('/v1/changes?limit=200').expect(200)).body.data.at(-1).id as string

      before = await drawn(page)
      expect(streams).toHaveLength(1)
      streams[0]!.end()
      // Written while the page is away (EventSource waits a few seconds before it reconnects).
      const missed = await createActor(`Missed${run}`)
      expect(streams).toHaveLength(1)
      await redrawnAfter(page, before)
      expect(await page.locator(`main .records a[href="#/actors/${missed}"]`).innerText()).toBe(`Missed${run}`)
      expect(lastEventIds).toEqual([undefined, seen])
    } finally {
      browser.app.server.off('request', capture)
    }
  })
})
