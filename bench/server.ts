// The benchmark's server process (forked by bench/run.ts): the real app on the benchmark's own
// database, plus the three yardsticks it is compared with, each on its own port: a Fastify
// hello-world (the machine's ceiling), a hand-written `pg` set-based list (the reference) and
// PostGraphile 5 (in a child process of its own, bench/postgraphile.ts).
// Only here is every SQL statement counted, by wrapping pg.Client#query before any client exists.
import { fork } from 'node:child_process'
import { join } from 'node:path'
import Fastify from 'fastify'
import pg from 'pg'
import { buildApp } from '../src/app'
import { parseConfig } from '../src/config'
import type { PostGraphileMessage, PostGraphileStats } from './postgraphile'
import { referenceEvents } from './reference'

let statements = 0
const query = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++
  return (query as (...a: unknown[]) => unknown).apply(this, args)
} as typeof pg.Client.prototype.query

export interface ServerMessage { app: number, hello: number, reference: number, postgraphile: number }
/** What `/__bench/stats` answers: PostGraphile's memory is its own process's. */
export interface ServerStats { statements: number, rss: number, postgraphileRss: number }

async function startPostGraphile (databaseUrl: string): Promise<{ port: number, rss: () => Promise<number>, stop: () => Promise<void> }> {
  // Run from the sources (this file runs compiled, bench/run.ts's build): a yardstick needs no build.
  const child = fork(join(process.env.BENCH_ROOT ?? join(__dirname, '..'), 'bench', 'postgraphile.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, GRAPHILE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  // IPC keeps order, so the answers come back in the order the questions went; once the child is
  // gone, its memory is 0 rather than a question that never gets an answer.
  const waiting: Array<(rss: number) => void> = []
  const exited = new Promise<void>((resolve) => child.once('exit', () => { for (const answer of waiting.splice(0)) answer(0); resolve() }))
  const { port } = await new Promise<PostGraphileMessage>((resolve, reject) => {
    child.once('message', (m) => resolve(m as PostGraphileMessage))
    child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code}`)))
  })
  child.on('message', (m) => waiting.shift()?.((m as PostGraphileStats).rss))
  return {
    port,
    rss: async () => child.connected ? await new Promise<number>((resolve) => { waiting.push(resolve); child.send('stats') }) : 0,
    stop: async () => { if (child.connected) child.disconnect(); await exited }
  }
}

async function main (): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL!
  const tuning = JSON.parse(process.env.BENCH_TUNING ?? '{}') as { responseCache?: boolean, graphqlJit?: boolean, preparedStatements?: boolean }
  // The limit counted in memory, as `npm start` on its embedded database counts it; the shared store's
  // own cost is measured apart (bench/fleet.ts).
  const config = parseConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_STORE: 'memory' })
  // PostGraphile builds its schema from the database for a few seconds: meanwhile the app starts.
  // Only when a case asks for it (bench/run.ts installs it first).
  const starting = process.env.BENCH_POSTGRAPHILE === '1' ? startPostGraphile(databaseUrl) : Promise.resolve(null)
  const app = await buildApp({ config, databaseUrl, logger: false, ...tuning })
  const postgraphile = await starting
  app.get('/__bench/stats', { schema: { hide: true } }, async (): Promise<ServerStats> => ({ statements, rss: process.memoryUsage().rss, postgraphileRss: await postgraphile?.rss() ?? 0 }))
  await app.listen({ port: 0, host: '127.0.0.1' })

  const hello = Fastify()
  hello.get('/', async () => ({ hello: 'world' }))
  await hello.listen({ port: 0, host: '127.0.0.1' })

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  const reference = Fastify({ logger: { level: 'error' } })
  reference.get('/events', async () => await referenceEvents(pool, 50))
  await reference.listen({ port: 0, host: '127.0.0.1' })

  const port = (s: typeof app.server): number => (s.address() as { port: number }).port
  process.send!({ app: port(app.server), hello: port(hello.server), reference: port(reference.server), postgraphile: postgraphile?.port ?? 0 } satisfies ServerMessage)
  process.on('disconnect', () => {
    Promise.all([app.close(), hello.close(), reference.close(), pool.end(), postgraphile?.stop()]).then(() => process.exit(0), () => process.exit(1))
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
