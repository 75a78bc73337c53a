// A real Chromium against the real app listening on 127.0.0.1: every request to another origin is
// aborted, and each test ends by asserting that its pages had no failed request, no console error
// and no request that tried to leave the origin.
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openIsolatedPage, type PageProblems } from '../../scripts/browser'
import { buildTestApp } from './app'
import { createSeededScratchDatabase } from './seeded-scratch'

export interface BrowserSession {
  readonly app: FastifyInstance
  /** http://127.0.0.1:<port> */
  readonly origin: string
  /** A fresh page (own context) at `path`, checked after the test. */
  open: (path: string, viewport?: { width: number, height: number }) => Promise<Page>
}

/** `writes: true` serves a private copy of the knowledge base, for tests that write through the API. */
export function useBrowser ({ writes = false } = {}): BrowserSession {
  // A real browser on a shared machine: pages may take seconds to draw when every core is busy.
  jest.setTimeout(90_000)
  let app: FastifyInstance | undefined
  let browser: Browser | undefined
  let origin = ''
  let opened: Array<{ page: Page } & PageProblems> = []
  let scratch: { url: string, drop: () => Promise<void> } | undefined
  beforeAll(async () => {
    if (writes) scratch = await createSeededScratchDatabase('browser')
    app = await buildTestApp({}, scratch?.url)
    await app.listen({ host: '127.0.0.1', port: 0 })
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    browser = await launchBrowser()
  }, 60_000)
  afterEach(async () => {
    const seen = opened
    opened = []
    for (const { page } of seen) await page.context().close()
    expect(seen.map(({ problems, offOrigin }) => ({ problems, offOrigin }))).toEqual(seen.map(() => ({ problems: [], offOrigin: [] })))
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await scratch?.drop()
  })
  return {
    get app () { return app! },
    get origin () { return origin },
    open: async (path, viewport) => {
      const isolated = await openIsolatedPage(browser!, origin, viewport)
      opened.push(isolated)
      await isolated.page.goto(`${origin}${path}`)
      return isolated.page
    }
  }
}
