// Opens Swagger UI in headless Chromium, runs "GET /v1/leverage-channels" through "Try it out",
// checks the response it shows, and saves a screenshot:
//   npm run docs:check -- [base url, default http://127.0.0.1:3100] [screenshot, default /tmp/swagger-ui.png]
// against a running service (`PORT=3100 npm start`). Needs Chromium at /usr/bin/chromium (Debian:
// `apt-get install chromium`, or CHROMIUM=/path). Not part of `npm test`: CI has no browser.
import { withBrowser } from './browser'

async function main (): Promise<void> {
  const base = process.argv[2] ?? 'http://127.0.0.1:3100'
  const screenshot = process.argv[3] ?? '/tmp/swagger-ui.png'
  await withBrowser({ width: 1440, height: 1200 }, async (context) => {
    const page = await context.newPage()
    const failures: string[] = []
    page.on('requestfailed', (r) => failures.push(`${r.url()}: ${r.failure()?.errorText ?? ''}`))
    await page.goto(`${base}/docs`, { waitUntil: 'networkidle' })
    await page.locator('#operations-leverage-channels-listLeverageChannels').click()
    await page.getByRole('button', { name: 'Try it out' }).first().click()
    await page.locator('#operations-leverage-channels-listLeverageChannels input[placeholder="figureCurrency"]').fill('USD')
    await page.getByRole('button', { name: 'Execute' }).first().click()
    const body = page.locator('#operations-leverage-channels-listLeverageChannels .responses-wrapper .live-responses-table .response-col_description pre').first()
    await body.waitFor({ timeout: 15_000 })
    const text = await body.innerText()
    for (const slug of ['"trade"', '"investment"', '"finance"']) {
      if (!text.includes(slug)) throw new Error(`the response shown does not contain ${slug}:\n${text.slice(0, 500)}`)
    }
    await page.screenshot({ path: screenshot, fullPage: false })
    if (failures.length > 0) throw new Error(`requests failed:\n${failures.join('\n')}`)
    console.log(`Swagger UI ran GET /v1/leverage-channels?figureCurrency=USD; screenshot: ${screenshot}`)
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
