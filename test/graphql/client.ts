// Posts GraphQL to the app as a client would.
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import request from 'supertest'

export interface GraphQLResponse {
  status: number
  body: { data?: Record<string, any> | null, errors?: Array<{ message: string, locations?: unknown, path?: unknown, extensions?: Record<string, unknown> }> }
}

export async function graphql (app: FastifyInstance, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  const res = await request(app.server).post('/graphql').send({ query, ...(variables !== undefined ? { variables } : {}) })
  return { status: res.status, body: res.body }
}

/** `leverage-channels` → `leverageChannels`, `leverage channel` → `LeverageChannel`. */
export function camel (name: string): string {
  return name.replace(/[- ]([a-z])/g, (_, c: string) => c.toUpperCase())
}

export function pascal (name: string): string {
  const c = camel(name)
  return c.charAt(0).toUpperCase() + c.slice(1)
}

/**
 * Counts the SQL statements the app sends (every one goes through pg's Client#query, the Prisma
 * adapter's pool included) while the file's tests run. `during(fn)` gives the statements `fn` sent.
 */
/** The table a statement is about, e.g. "event_actors": the service's records come `FROM "x" t`, Prisma's own statements name "public"."x", the rest `FROM x`. */
export function firstTable (statement: string): string {
  return /FROM "(\w+)" t\b/.exec(statement)?.[1] ?? /FROM "public"\."(\w+)"/.exec(statement)?.[1] ?? /FROM (\w+)/.exec(statement)?.[1] ?? statement
}

export function useSqlCounter (): { during: (fn: () => Promise<void>) => Promise<string[]> } {
  let spy: jest.SpiedFunction<typeof pg.Client.prototype.query> | undefined
  beforeAll(() => { spy = jest.spyOn(pg.Client.prototype, 'query') })
  afterAll(() => { spy?.mockRestore() })
  return {
    during: async (fn) => {
      spy!.mockClear()
      await fn()
      return spy!.mock.calls.map(([statement]) => typeof statement === 'string' ? statement : String((statement as { text?: string }).text))
    }
  }
}
