// `npm run bench:outage`: stops the database under load and starts it again, then counts what the
// clients saw (503s, other 5xx, no answer at all) and checks that every write the service
// acknowledged (201) is in the database. A throw-away embedded PostgreSQL on a fixed port, so the
// service's pool finds it again; the service in this process, listening on loopback; the results
// go to bench/results/outage.json with the date.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Client } from 'pg'
import pino from 'pino'
import { buildApp } from '../src/app'
import { createKey } from '../src/auth/api-keys'
import { parseConfig } from '../src/config'
import { openDatabase } from '../src/db/database'
import { startEmbeddedPostgres } from '../src/db/embedded-postgres'

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '16' },
    before: { type: 'string', default: '5' },
    outage: { type: 'string', default: '10' },
    after: { type: 'string', default: '5' },
    // Where the rate limit counts: postgres is what a service with DATABASE_URL runs (and it needs the database too).
    store: { type: 'string', default: 'postgres' },
    out: { type: 'string', default: 'bench/results/outage.json' }
  }
})
const connections = Number(args.connections)
const seconds = { before: Number(args.before), outage: Number(args.outage), after: Number(args.after) }

type Phase = 'before' | 'outage' | 'after'
interface Outcome { phase: Phase, kind: 'read' | 'graphql' | 'write', status: number | 'no answer', slug?: string, retryAfter?: string | null, type?: string | null }

const READS = ['/v1/events?limit=20', '/v1/actors?kind=state', '/v1/search?q=railway', '/v1/events/unsc-resolution-2270-adopted', '/v1/timeline']
const GRAPHQL = '{ events(first: 10) { totalCount nodes { slug actors { actor { name } } } } }'

async function main (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peninsula-kb-outage-'))
  const quiet = pino({ level: 'warn' })
  const levels: Record<string, number> = {}
  const told: string[] = []
  const serviceLog = pino({ level: 'info' }, {
    write: (line: string) => {
      const { level, msg } = JSON.parse(line) as { level: number, msg: string }
      const name = pino.levels.labels[level] ?? String(level)
      levels[name] = (levels[name] ?? 0) + 1
      if (level >= 40 || /database is/.test(msg)) told.push(`${name}: ${msg}`)
    }
  })
  // Migrated and seeded by the service's own start-up path, then restarted on a port of our choosing.
  const seeded = await openDatabase({ ...parseConfig({}), databaseUrl: undefined, dataDir: dir }, quiet, { embeddedDir: join(dir, 'postgres') })
  const port = Number(new URL(seeded.url).port)
  await seeded.close()
  let postgres = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), database: 'peninsula_kb', log: quiet, port })
  const app = await buildApp({ config: { ...parseConfig({}), rateLimit: { max: 10_000_000, timeWindow: '1 minute', store: args.store === 'memory' ? 'memory' : 'postgres' } }, databaseUrl: postgres.url, logger: serviceLog })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const { key } = await createKey(app.prisma, { name: 'outage-bench', role: 'editor' })

  const outcomes: Outcome[] = []
  const state: { phase: Phase, running: boolean, restartedAt?: number, firstOkAfterRestart?: number } = { phase: 'before', running: true }
  let written = 0

  /** One request; its outcome is filed under the phase it was answered in. */
  async function send (kind: Outcome['kind']): Promise<void> {
    const slug = kind === 'write' ? `outage-${process.pid}-${written++}` : undefined
    const signal = AbortSignal.timeout(15_000)
    try {
      const res = kind === 'write'
        ? await fetch(`${base}/v1/actors`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug, name: `Outage bench ${slug!}`, kind: 'group' }), signal })
        : kind === 'graphql'
          ? await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: GRAPHQL }), signal })
          : await fetch(`${base}${READS[Math.floor(Math.random() * READS.length)]!}`, { signal })
      const body = await res.text()
      const type = res.headers.get('content-type')
      // A 503 is what it should be when REST says problem+json and GraphQL says `unavailable`.
      const proper = kind === 'graphql' ? body.includes('"code":"unavailable"') : type?.startsWith('application/problem+json') === true
      outcomes.push({ phase: state.phase, kind, status: res.status, slug, retryAfter: res.headers.get('retry-after'), type: res.status !== 503 || proper ? 'proper' : type })
      if (state.restartedAt !== undefined && state.firstOkAfterRestart === undefined && res.status < 500) state.firstOkAfterRestart = Date.now() - state.restartedAt
    } catch {
      outcomes.push({ phase: state.phase, kind, status: 'no answer', slug })
    }
  }

  const clients = Array.from({ length: connections }, async () => {
    while (state.running) {
      const draw = Math.random()
      await send(draw < 0.3 ? 'write' : draw < 0.45 ? 'graphql' : 'read')
    }
  })
  await sleep(seconds.before * 1000)
  state.phase = 'outage'
  const stoppedAt = Date.now()
  await postgres.stop()
  await sleep(seconds.outage * 1000)
  postgres = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), database: 'peninsula_kb', log: quiet, port })
  state.restartedAt = Date.now()
  const stoppedForMs = state.restartedAt - stoppedAt
  state.phase = 'after'
  await sleep(seconds.after * 1000)
  state.running = false
  await Promise.all(clients)

  // Every acknowledged write must be there; a write answered otherwise may or may not have happened.
  const check = new Client({ connectionString: postgres.url })
  await check.connect()
  const present = new Set((await check.query<{ slug: string }>("SELECT slug FROM actors WHERE slug LIKE 'outage-%'")).rows.map((r) => r.slug))
  await check.end()
  const writes = outcomes.filter((o) => o.kind === 'write')
  const acknowledged = writes.filter((o) => o.status === 201)
  const lost = acknowledged.filter((o) => !present.has(o.slug!))
  const refusedButStored = writes.filter((o) => o.status !== 201 && present.has(o.slug!))

  const byPhase = Object.fromEntries((['before', 'outage', 'after'] as Phase[]).map((p) => {
    const counts: Record<string, number> = {}
    for (const o of outcomes.filter((x) => x.phase === p)) counts[String(o.status)] = (counts[String(o.status)] ?? 0) + 1
    return [p, counts]
  }))
  const unavailable = outcomes.filter((o) => o.status === 503)
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    setup: { connections, seconds, mix: { reads: 0.55, graphql: 0.15, writes: 0.3 }, rateLimitStore: args.store, stoppedForMs, database: 'embedded PostgreSQL, stopped with SIGINT (fast shutdown) and started again on the same port' },
    requests: outcomes.length,
    byPhase,
    unavailable: {
      count: unavailable.length,
      withRetryAfter: unavailable.filter((o) => o.retryAfter !== null).length,
      // problem+json in REST, the `unavailable` code in GraphQL
      asDocumented: unavailable.filter((o) => o.type === 'proper').length
    },
    otherServerErrors: outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500 && o.status !== 503).length,
    noAnswer: outcomes.filter((o) => o.status === 'no answer').length,
    firstSuccessAfterRestartMs: state.firstOkAfterRestart ?? null,
    writes: { sent: writes.length, acknowledged: acknowledged.length, lost: lost.length, answeredOtherwiseButStored: refusedButStored.length },
    serviceLog: { linesByLevel: levels, outageLines: told }
  }
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`)
  console.log(JSON.stringify(result, null, 2))

  await app.close()
  await postgres.stop()
  rmSync(dir, { recursive: true, force: true })
  const failed = result.otherServerErrors > 0 || result.writes.lost > 0 || result.noAnswer > 0
  if (failed) process.exitCode = 1
}

async function sleep (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
