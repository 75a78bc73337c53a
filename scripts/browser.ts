// Headless Chromium from npm alone: @sparticuz/chromium ships a compressed Chromium inside its
// registry package, playwright-core drives it. No apt step, no browser download.
import { execFileSync } from 'node:child_process'
import { chromium, type Browser, type Page } from 'playwright-core'

/** Unpacks Chromium (≈2.5 s the first time, into the OS temp folder) and returns its path and flags. */
export function chromiumBinary (): { path: string, args: string[] } {
  // @sparticuz/chromium is ESM-only; a child process keeps it out of jest's CommonJS module system.
  const script = "const { default: c } = await import('@sparticuz/chromium'); c.setGraphicsMode = false; " +
    'console.log(JSON.stringify({ path: await c.executablePath(), args: c.args }))'
  const found = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { path: string, args: string[] }
  // Its flags are tuned for AWS Lambda; the ones that switch off web security would hide CSP and CORS mistakes.
  const unsafe = new Set(['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials',
    // One process for browser and pages: closing a page's context would end the browser.
    '--single-process'])
  return { path: found.path, args: found.args.filter((arg) => !unsafe.has(arg) && !arg.startsWith('--headless')) }
}

export async function launchBrowser (): Promise<Browser> {
  const binary = process.env.CHROMIUM_PATH !== undefined ? { path: process.env.CHROMIUM_PATH, args: JSON.parse(process.env.CHROMIUM_ARGS ?? '[]') as string[] } : chromiumBinary()
  return await chromium.launch({ executablePath: binary.path, args: binary.args, headless: true })
}

/** What went wrong on a page: failed or off-origin requests, console errors, uncaught exceptions. */
export interface PageProblems { problems: string[], offOrigin: string[] }

/**
 * A page that may reach only `origin`: every other request is aborted (and recorded), not answered
 * by a stand-in, so a page that needs a CDN fails here as it would on a closed network.
 */
export async function openIsolatedPage (browser: Browser, origin: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page } & PageProblems> {
  const context = await browser.newContext({ viewport })
  // Shorter than a browser test's own timeout (test/helpers/browser.ts), so that a missing element
  // fails with the page's problems listed; long enough for a machine whose cores are all busy.
  context.setDefaultTimeout(20_000)
  const problems: string[] = []
  const offOrigin: string[] = []
  await context.route('**/*', async (route) => {
    const url = route.request().url()
    if (new URL(url).origin === origin) return await route.continue()
    if (!url.startsWith('data:')) offOrigin.push(url)
    await route.abort('blockedbyclient')
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`) })
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? ''})`))
  page.on('response', (response) => { if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`) })
  return { page, problems, offOrigin }
}
