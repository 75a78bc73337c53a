// Swagger UI at /docs in a real Chromium that can reach nothing but the service: "Try it out"
// sends a real request and shows its answer.
import { useBrowser } from '../helpers/browser'

const browser = useBrowser()

describe('Swagger UI at /docs', () => {
  it('executes GET /v1/leverage-channels?figureCurrency=USD and shows the answer', async () => {
    const page = await browser.open('/docs', { width: 1280, height: 1200 })
    const operation = page.locator('#operations-leverage-channels-listLeverageChannels')
    await operation.click()
    await operation.getByRole('button', { name: 'Try it out' }).click()
    await operation.locator('input[placeholder="figureCurrency"]').fill('USD')
    await operation.getByRole('button', { name: 'Execute' }).click()
    const body = operation.locator('.responses-wrapper .live-responses-table .response-col_description pre').first()
    await body.waitFor()
    const shown = JSON.parse(await body.innerText()) as { data: Array<{ slug: string }> }
    const answered = await browser.app.inject({ url: '/v1/leverage-channels?figureCurrency=USD' })
    expect(shown.data.map((c) => c.slug)).toEqual((answered.json() as { data: Array<{ slug: string }> }).data.map((c) => c.slug))
    expect(shown.data.map((c) => c.slug)).toEqual(expect.arrayContaining(['trade', 'investment', 'finance']))
  })
})
