// The benchmark's server process (forked by bench/run.ts): the real app on the benchmark's own
// database, plus the two yardsticks it is compared with, each on its own port: a Fastify
// hello-world (the machine's ceiling) and a hand-written `pg` set-based list (the reference).
// Only here is every SQL statement counted, by wrapping pg.Client#query before any client exists.
import Fastify from 'fastify'
import pg from 'pg'
import { buildApp } from '../src/app'
import { parseConfig } from '../src/config'
import { referenceEvents } from './reference'

let statements = 0
const query = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++
  return (query as (...a: unknown[]) => unknown).apply(this, args)
} as typeof pg.Client.prototype.query

export interface ServerMessage { app: number, hello: number, reference: number }

async function main (): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL!
  const tuning = JSON.parse(process.env.BENCH_TUNING ?? '{}') as { responseCache?: boolean, graphqlJit?: boolean, preparedStatements?: boolean }
  const config = parseConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000000000' })
  const app = await buildApp({ config, databaseUrl, logger: false, ...tuning })
  app.get('/__bench/stats', { schema: { hide: true } }, async () => ({ statements, rss: process.memoryUsage().rss }))
  await app.listen({ port: 0, host: '127.0.0.1' })

  const hello = Fastify()
  hello.get('/', async () => ({ hello: 'world' }))
  await hello.listen({ port: 0, host: '127.0.0.1' })

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  const reference = Fastify({ logger: { level: 'error' } })
  reference.get('/events', async () => await referenceEvents(pool, 50))
  await reference.listen({ port: 0, host: '127.0.0.1' })

  const port = (s: typeof app.server): number => (s.address() as { port: number }).port
  process.send!({ app: port(app.server), hello: port(hello.server), reference: port(reference.server) } satisfies ServerMessage)
  process.on('disconnect', () => {
    Promise.all([app.close(), hello.close(), reference.close(), pool.end()]).then(() => process.exit(0), () => process.exit(1))
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
