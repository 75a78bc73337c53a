import type { FastifyInstance } from 'fastify'
import { Client } from 'pg'
import request from 'supertest'
import { buildApp } from '../../src/app'
import { parseConfig, type Config } from '../../src/config'

export function testDatabaseUrl (): string {
  const url = process.env.TEST_DATABASE_URL
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts)')
  return url
}

/** The real app on the test database, ready for `app.inject` or supertest; `config` overrides the defaults (a file sending thousands of requests raises the rate limit); `databaseUrl` another database than the shared one. */
export async function buildTestApp (config: Partial<Config> = {}, databaseUrl = testDatabaseUrl()): Promise<FastifyInstance> {
  const app = await buildApp({ config: { ...parseConfig({}), ...config }, databaseUrl })
  await app.ready()
  return app
}

export interface TestContext {
  /** The real app on the test database (available inside tests and hooks). */
  readonly app: FastifyInstance
  /** A plain pg connection to the same database, for independent answers. */
  readonly sql: Client
  get: (url: string) => request.Test
}

/** Builds the app and a pg connection before the file's tests, and closes both after them. */
export function useTestApp (config: Partial<Config> = {}): TestContext {
  let app: FastifyInstance | undefined
  let sql: Client | undefined
  beforeAll(async () => {
    app = await buildTestApp(config)
    sql = new Client({ connectionString: testDatabaseUrl() })
    await sql.connect()
  })
  afterAll(async () => {
    await app?.close()
    await sql?.end()
  })
  return {
    get app () { return app! },
    get sql () { return sql! },
    get: (url) => request(app!.server).get(url)
  }
}
