import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app'
import { parseConfig } from '../../src/config'

export function testDatabaseUrl (): string {
  const url = process.env.TEST_DATABASE_URL
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts)')
  return url
}

/** The real app on the test database, ready for `app.inject` or supertest. */
export async function buildTestApp (): Promise<FastifyInstance> {
  const app = await buildApp({ config: parseConfig({}), databaseUrl: testDatabaseUrl() })
  await app.ready()
  return app
}
