// Saves a PNG of each explorer view (and GraphiQL) to docs/screenshots/, from the real service on a
// throw-away embedded PostgreSQL, in a Chromium that may reach nothing but the service:
//   npm run screenshots
// It also prints what the front page downloads and how long its first render takes.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { buildApp } from '../src/app'
import { parseConfig } from '../src/config'
import { openDatabase } from '../src/db/database'
import { launchBrowser, openIsolatedPage } from './browser'

const OUT = join(__dirname, '..', 'docs', 'screenshots')

/** name, path, what to wait for, what to scroll to before the picture */
const VIEWS: Array<[string, string, string, string?]> = [
  ['home', '/#/', 'main[data-view="home"]'],
  ['search', '/#/search?q=Khasan-Rajin', 'main[data-view="search"]'],
  ['record', '/#/events/military-activity-agreement-signed-2015', 'main[data-view="record"] .provenance', '.related'],
  ['timeline', '/#/timeline?interval=quarter&from=2014&to=2016', 'main[data-view="timeline"] canvas'],
  ['network', '/#/network/russia', 'main[data-view="network"] canvas'],
  ['paper', '/#/paper/18', 'main[data-view="paper"]'],
  ['graphiql', '/graphiql', '.graphiql-query-editor .CodeMirror']
]

async function main (): Promise<void> {
  const config = parseConfig({})
  const dir = mkdtempSync(join(tmpdir(), 'peninsula-kb-screenshots-'))
  const database = await openDatabase(config, pino({ level: 'warn' }), { embeddedDir: dir })
  const app = await buildApp({ config, databaseUrl: database.url })
  const browser = await launchBrowser()
  const failures: string[] = []
  try {
    await app.listen({ host: '127.0.0.1', port: 0 })
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    mkdirSync(OUT, { recursive: true })
    // One visit first, as a running service would have had: the times below are a browser's first
    // render, not the service's first request after start-up (Prisma's query compiler, cold caches).
    const warm = await openIsolatedPage(browser, origin)
    await warm.page.goto(`${origin}/`)
    await warm.page.waitForSelector('main[data-view="home"]')
    await warm.page.context().close()
    for (const [name, path, ready, scrollTo] of VIEWS) {
      const { page, problems, offOrigin } = await openIsolatedPage(browser, origin, { width: 1280, height: 800 })
      const bytes = new Map<string, number>()
      const reads: Array<Promise<unknown>> = []
      page.on('response', (response) => {
        const pathname = new URL(response.url()).pathname
        // The explorer's live changes stream stays open for the page's life; its body never ends.
        if (pathname !== '/v1/changes/stream') reads.push(response.body().then((body) => bytes.set(pathname, body.length), () => {}))
      })
      const started = Date.now()
      await page.goto(`${origin}${path}`)
      await page.waitForSelector(ready)
      const firstRender = Date.now() - started
      // An explorer view never reaches network idle (the stream stays open): drawn and streaming is done.
      if (path.startsWith('/#')) await page.waitForSelector('html[data-live="open"]')
      else await page.waitForLoadState('networkidle')
      await Promise.all(reads)
      if (scrollTo !== undefined) await page.locator(scrollTo).evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await page.screenshot({ path: join(OUT, `${name}.png`) })
      const total = [...bytes.values()].reduce((a, b) => a + b, 0)
      console.log(`${name.padEnd(9)} ${path.padEnd(50)} first render ${String(firstRender).padStart(5)} ms  ${bytes.size} requests, ${(total / 1024).toFixed(1)} KiB`)
      for (const problem of [...problems, ...offOrigin.map((url) => `left the origin: ${url}`)]) failures.push(`${name}: ${problem}`)
      await page.context().close()
    }
  } finally {
    await browser.close()
    await app.close()
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
  if (failures.length > 0) throw new Error(failures.join('\n'))
  console.log(`saved to ${OUT}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
