/// <reference lib="dom" />
// Opens GraphiQL in headless Chromium, runs a nested query through it and saves a screenshot:
//   npm run graphiql:check -- [base url, default http://127.0.0.1:3100] [screenshot, default /tmp/graphiql.png]
// against a running service (`PORT=3100 npm start`). Needs Chromium at /usr/bin/chromium (Debian:
// `apt-get install chromium`, or CHROMIUM=/path). Not part of `npm test`: CI has no browser.
//
// mercurius's GraphiQL page loads React and GraphiQL from unpkg.com. This machine reaches only the
// npm registry, so the script answers those requests with the very same files from the npm packages
// (unpkg serves npm package contents), fetched once with `npm pack` into a cache folder.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { withBrowser } from './browser'

const CDN = 'https://unpkg.com/'
const CACHE = join(tmpdir(), 'peninsula-kb-graphiql-assets')

const QUERY = `query RasonkontransVenture {
  agreement(slug: "rasonkontrans") {
    title
    status
    parties {
      role
      note
      actor { name events { role event { slug date { value } } } }
    }
    evidence {
      quote
      passage { ordinal section }
      footnotes { number sources { slug title } }
    }
  }
}`

/** The local copy of `https://unpkg.com/<package>@<version>/<path>`, packed from the npm registry on first use. */
function localAsset (url: string): string {
  const match = /^https:\/\/unpkg\.com\/((?:@[^/]+\/)?[^/@]+)@([^/]+)\/(.+)$/.exec(url)
  if (match === null) throw new Error(`not a package file: ${url}`)
  const [, name, version, path] = match as unknown as [string, string, string, string]
  const dir = join(CACHE, `${name.replace('/', '+')}@${version}`)
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(dir, { recursive: true })
    const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8' }).trim().split('\n').at(-1)!
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir, '--strip-components=1'])
  }
  return join(dir, path)
}

async function main (): Promise<void> {
  const base = process.argv[2] ?? 'http://127.0.0.1:3100'
  const screenshot = process.argv[3] ?? '/tmp/graphiql.png'
  const problems: string[] = []
  await withBrowser({ width: 1440, height: 900 }, async (context) => {
    await context.route(`${CDN}**`, async (route) => {
      const file = localAsset(route.request().url())
      await route.fulfill({ path: file, contentType: extname(file) === '.css' ? 'text/css' : 'application/javascript', headers: { 'access-control-allow-origin': '*' } })
    })
    const page = context.pages()[0] ?? await context.newPage()
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`) })

    await page.goto(`${base}/graphiql`)
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 30_000 })
    // GraphiQL 3's editors are CodeMirror 5 instances; typing would fight its bracket completion.
    await page.evaluate((query) => {
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue: (v: string) => void } }
      editor.CodeMirror.setValue(query)
    }, QUERY)
    await page.click('.graphiql-execute-button')
    await page.waitForFunction(() => {
      const response = document.querySelector('.graphiql-response .CodeMirror') as unknown as { CodeMirror: { getValue: () => string } } | null
      return response !== null && response.CodeMirror.getValue().includes('"data"')
    }, undefined, { timeout: 30_000 })
    const text = await page.evaluate(() => (document.querySelector('.graphiql-response .CodeMirror') as unknown as { CodeMirror: { getValue: () => string } }).CodeMirror.getValue())
    await page.screenshot({ path: screenshot })

    const result = JSON.parse(text) as { data?: { agreement?: { title: string, parties: unknown[], evidence: unknown[] } }, errors?: unknown[] }
    if (result.errors !== undefined) problems.push(`the query answered errors: ${JSON.stringify(result.errors)}`)
    const agreement = result.data?.agreement
    if (agreement === undefined) problems.push('the query answered no agreement')
    else console.log(`GraphiQL ran the query: "${agreement.title}", ${agreement.parties.length} parties, ${agreement.evidence.length} pieces of evidence`)
    console.log(`screenshot: ${screenshot}`)
  })
  if (problems.length > 0) {
    console.error(problems.join('\n'))
    process.exit(1)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
