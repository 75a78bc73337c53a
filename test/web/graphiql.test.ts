// GraphiQL in a real Chromium that can reach nothing but the service: it renders, runs its default
// query and a typed one, and opens its docs pane.
/// <reference lib="dom" />
import request from 'supertest'
import type { Page } from 'playwright-core'
import { PAGE_CSP } from '../../src/web'
import { useBrowser } from '../helpers/browser'

const browser = useBrowser()

/** GraphiQL 3's editors are CodeMirror 5 instances; the text is read from the instance, not the DOM. */
async function editorText (page: Page, selector: string): Promise<string> {
  return await page.evaluate((s) => (document.querySelector(`${s} .CodeMirror`) as unknown as { CodeMirror: { getValue: () => string } }).CodeMirror.getValue(), selector)
}

async function run (page: Page): Promise<{ data?: Record<string, unknown>, errors?: unknown[] }> {
  await page.getByRole('button', { name: /Execute query/ }).click()
  await page.waitForFunction(() => {
    const response = document.querySelector('.graphiql-response .CodeMirror') as unknown as { CodeMirror: { getValue: () => string } } | null
    return response !== null && response.CodeMirror.getValue().startsWith('{')
  })
  return JSON.parse(await editorText(page, '.graphiql-response'))
}

describe('GraphiQL at /graphiql', () => {
  it('is a page whose scripts and styles may come from this origin only', async () => {
    const page = await request(browser.app.server).get('/graphiql').expect(200)
    expect(page.headers['content-security-policy']).toBe(PAGE_CSP)
    expect(page.text.match(/<script[^>]*>/g)).toEqual([
      '<script src="/vendor/react.js">', '<script src="/vendor/react-dom.js">', '<script src="/vendor/graphiql.js">', '<script src="/graphiql/graphiql-page.js">'
    ])
    await request(browser.app.server).get('/vendor/graphiql.css').expect(200).expect('content-type', /^text\/css/)
    await request(browser.app.server).get('/vendor/nothing.js').expect(404)
  })

  it('renders and runs its default query: events with actors and the evidence behind them', async () => {
    const page = await browser.open('/graphiql')
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor()
    expect(await editorText(page, '.graphiql-query-editor')).toContain('query NuclearTestsWithEvidence')
    const result = await run(page)
    const events = (result.data?.events as { nodes: Array<{ slug: string, actors: unknown[], evidence: Array<{ quote: string }> }> }).nodes
    expect(result.errors).toBeUndefined()
    expect(events).toHaveLength(5)
    for (const event of events) {
      expect(event.actors.length).toBeGreaterThan(0)
      expect(event.evidence[0]!.quote.length).toBeGreaterThan(0)
    }
  })

  it('runs a query typed into the editor', async () => {
    const page = await browser.open('/graphiql')
    const editor = page.locator('.graphiql-query-editor .CodeMirror')
    await editor.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.press('Delete')
    // Typed as text is pasted: CodeMirror closes brackets on key presses, which would double them.
    const query = 'query PaperAtAGlance { document { title year counts { footnotes } } }'
    await page.keyboard.insertText(query)
    // GraphiQL takes in an edit (and its operation name) 100 ms after the last key; it stores it then.
    await page.waitForFunction((q) => window.localStorage.getItem('graphiql:query') === q, query)
    const result = await run(page)
    expect(result).toEqual({
      data: { document: { title: 'Russia\'s Role in the North Korea Conundrum: Part of the Problem or Part of the Solution?', year: 2016, counts: { footnotes: 30 } } }
    })
  })

  it('opens the docs pane on the schema', async () => {
    const page = await browser.open('/graphiql')
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click()
    const docs = page.locator('.graphiql-doc-explorer')
    await docs.getByRole('link', { name: 'Query' }).click()
    await docs.getByText('The paper this knowledge base is built from.').waitFor()
    expect(await docs.locator('.graphiql-doc-explorer-field-name').allInnerTexts()).toEqual(expect.arrayContaining(['document', 'events', 'event', 'search']))
  })
})
