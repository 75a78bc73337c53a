// A typed client works from the served document as it is: openapi-typescript generates its types,
// strict tsc checks a small openapi-fetch program against them (numbers are numbers, CSV is text),
// and the program runs against the app.
import { execFile } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { buildTestApp } from './helpers/app'

const run = promisify(execFile)
const GENERATED = 'test/typed-client/generated'

let app: FastifyInstance
let baseUrl: string
beforeAll(async () => {
  app = await buildTestApp()
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  rmSync(GENERATED, { recursive: true, force: true })
  mkdirSync(GENERATED, { recursive: true })
  await run('node_modules/.bin/openapi-typescript', [`${baseUrl}/openapi.json`, '-o', `${GENERATED}/api.d.ts`])
}, 60_000)
afterAll(async () => { await app.close() })

it('type-checks under strict tsc against the generated types', async () => {
  await run('node_modules/.bin/tsc', ['-p', 'test/typed-client/tsconfig.json'])
}, 60_000)

it('refuses a program the contract forbids (the check is not vacuous)', async () => {
  const { writeFileSync } = await import('node:fs')
  writeFileSync(`${GENERATED}/wrong.ts`, "import createClient from 'openapi-fetch'\nimport type { paths } from './api'\nvoid createClient<paths>({}).GET('/v1/events', { params: { query: { limit: '5' } } })\n")
  try {
    const failed = await run('node_modules/.bin/tsc', ['-p', 'test/typed-client/tsconfig.json']).then(() => '', (error: { stdout: string }) => error.stdout)
    expect(failed).toMatch(/wrong\.ts.*Type 'string' is not assignable to type 'number'/s)
  } finally {
    rmSync(`${GENERATED}/wrong.ts`)
  }
}, 60_000)

it('lists with filters to the last page, fetches one by slug, searches and downloads CSV as text', async () => {
  // A path tsc does not follow: the main typecheck runs before ./typed-client/generated exists.
  const clientPath = './typed-client/client'
  const { exercise } = await import(clientPath) as { exercise: (baseUrl: string) => Promise<{ pages: number, slugs: string[], total: number, title: string, hits: string[], csv: string }> }
  const result = await exercise(baseUrl)
  const all = (await app.inject('/v1/events?from=2014&to=2016&actor=russia,dprk&sort=date&limit=200')).json()
  expect(result.slugs).toEqual(all.data.map((e: { slug: string }) => e.slug))
  expect(result.total).toBe(all.page.total)
  expect(result.pages).toBe(Math.ceil(all.page.total / 5))
  expect(result.title).toBe(all.data[0].title)
  expect(result.hits).toEqual((await app.inject('/v1/search?q=Dalcombank&kind=events,actors&limit=3')).json().data.map((h: { kind: string, key: string }) => `${h.kind}/${h.key}`))
  expect(result.csv).toBe((await app.inject('/v1/events?format=csv&limit=5')).body)
  expect(result.csv.split('\r\n')[0]).toMatch(/^id,slug,title,/)
})
