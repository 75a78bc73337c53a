// `npm run bench:fleet`: two replicas of the service (src/server.ts, each its own process) on one
// throw-away embedded PostgreSQL, measured as a fleet:
// 1. the rate limit: requests from one client spread over both replicas, with each store: how many
//    are answered 200 beyond RATE_LIMIT_MAX;
// 2. live changes: write through replica A, time until the change event reaches an SSE stream on
//    replica B (and on A itself);
// 3. what the shared store costs one replica: a cached read under load, memory store vs postgres.
// Results go to bench/results/fleet.json; bench/README.md keeps the figures with their date.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import pino from 'pino'
import { createKey } from '../src/auth/api-keys'
import { parseConfig } from '../src/config'
import { openDatabase } from '../src/db/database'
import { createPrisma } from '../src/db/prisma'

const ROOT = resolve(__dirname, '..')
const LIMIT = 100
const WRITES = 100

interface Replica { url: string, child: ChildProcess }

async function startReplica (databaseUrl: string, port: number, env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/health/ready`).then((r) => r.ok, () => false)) return { url, child }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`replica on port ${port} did not become ready`)
}

async function stop (replicas: Replica[]): Promise<void> {
  await Promise.all(replicas.map(async ({ child }) => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }))
}

/** `total` GETs from one client, `parallel` at a time, alternating between the replicas. */
async function spread (replicas: Replica[], total: number, parallel: number): Promise<{ ok: number, limited: number, other: number }> {
  const counts = { ok: 0, limited: 0, other: 0 }
  let next = 0
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < total) {
      const i = next++
      const res = await fetch(`${replicas[i % replicas.length]!.url}/v1/scenarios`)
      await res.arrayBuffer()
      if (res.status === 200) counts.ok++
      else if (res.status === 429) counts.limited++
      else counts.other++
    }
  }))
  return counts
}

/** An SSE reader: calls `onEvent` with each change's slug as it arrives. */
async function listen (url: string, onEvent: (slug: string) => void): Promise<AbortController> {
  const abort = new AbortController()
  const res = await fetch(`${url}/v1/changes/stream`, { headers: { accept: 'text/event-stream' }, signal: abort.signal })
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = '';
  (async () => {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += value
      let end
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1]
        buffer = buffer.slice(end + 2)
        if (data !== undefined) onEvent((JSON.parse(data) as { slug: string }).slug)
      }
    }
  })().catch(() => {})
  return abort
}

function percentile (values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))]!.toFixed(1))
}

function summary (values: number[]): { p50: number, p95: number, max: number } {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: percentile(values, 100) }
}

async function liveLatency (a: Replica, b: Replica, editor: string): Promise<Record<string, { p50: number, p95: number, max: number }>> {
  const arrived = new Map<string, { a?: number, b?: number }>()
  const seen = (replica: 'a' | 'b') => (slug: string) => {
    const entry = arrived.get(slug) ?? {}
    entry[replica] = performance.now()
    arrived.set(slug, entry)
  }
  const streams = [await listen(a.url, seen('a')), await listen(b.url, seen('b'))]
  const sent: Array<{ slug: string, start: number, acked: number }> = []
  for (let i = 0; i < WRITES; i++) {
    const slug = `fleet-bench-${i}`
    const start = performance.now()
    const res = await fetch(`${a.url}/v1/actors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug, name: `Fleet bench ${i}`, kind: 'government-body' })
    })
    if (res.status !== 201) throw new Error(`write answered ${res.status}: ${await res.text()}`)
    sent.push({ slug, start, acked: performance.now() })
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await new Promise((resolve) => setTimeout(resolve, 1000))
  for (const s of streams) s.abort()
  const missing = sent.filter((s) => arrived.get(s.slug)?.a === undefined || arrived.get(s.slug)?.b === undefined)
  if (missing.length > 0) throw new Error(`${missing.length} changes never reached a stream`)
  return {
    writeMs: summary(sent.map((s) => s.acked - s.start)),
    otherReplicaFromWriteStartMs: summary(sent.map((s) => arrived.get(s.slug)!.b! - s.start)),
    otherReplicaAfterAckMs: summary(sent.map((s) => arrived.get(s.slug)!.b! - s.acked)),
    sameReplicaAfterAckMs: summary(sent.map((s) => arrived.get(s.slug)!.a! - s.acked))
  }
}

async function load (url: string): Promise<{ rps: number, p99: number }> {
  // One second of the same load first, not counted (autocannon's warmup, missing from its types).
  const result = await autocannon({ url: `${url}/v1/scenarios`, connections: 10, duration: 5, ...{ warmup: { connections: 10, duration: 1 } } })
  return { rps: Math.round(result.requests.average), p99: result.latency.p99 }
}

async function main (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peninsula-kb-fleet-'))
  const database = await openDatabase({ ...parseConfig({ LOG_LEVEL: 'warn' }), databaseUrl: undefined, dataDir: dir }, pino({ level: 'warn' }), { embeddedDir: join(dir, 'postgres') })
  // The load average says how much else the machine was doing (other processes share its cores).
  const results: Record<string, unknown> = { date: new Date().toISOString(), cpus: cpus().length, node: process.version, loadAverageAtStart: loadavg()[0]!.toFixed(1) }
  try {
    const prisma = createPrisma(database.url)
    const editor = (await createKey(prisma, { name: 'fleet-bench', role: 'editor' })).key
    await prisma.$disconnect()

    // 1. The rate limit, counted per process (before) and shared in PostgreSQL (now).
    for (const store of ['memory', 'postgres']) {
      const replicas = await Promise.all([3301, 3302].map(async (port) => await startReplica(database.url, port, { RATE_LIMIT_MAX: String(LIMIT), RATE_LIMIT_STORE: store })))
      const counts = await spread(replicas, 4 * LIMIT, 20)
      results[`rateLimit_${store}`] = { limit: LIMIT, replicas: 2, requests: 4 * LIMIT, ...counts, over: counts.ok - LIMIT }
      console.log(`rate limit, ${store} store, 2 replicas, limit ${LIMIT}: ${counts.ok} answered 200 (${counts.ok - LIMIT} over the limit), ${counts.limited} 429, ${counts.other} other`)
      await stop(replicas)
    }

    // 2. Live changes across replicas, and 3. the shared store's cost on one replica.
    const replicas = await Promise.all([3301, 3302].map(async (port) => await startReplica(database.url, port, { RATE_LIMIT_MAX: '1000000000' })))
    const latency = await liveLatency(replicas[0]!, replicas[1]!, editor)
    results.liveChanges = { writes: WRITES, ...latency }
    console.log('live changes (ms):', JSON.stringify(latency))
    await stop(replicas)

    const [memory, postgres] = await Promise.all([['memory', 3303], ['postgres', 3304]].map(async ([store, port]) =>
      await startReplica(database.url, Number(port), { RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_STORE: String(store) })))
    const rounds: Array<{ memory: { rps: number, p99: number }, postgres: { rps: number, p99: number } }> = []
    for (let i = 0; i < 2; i++) rounds.push({ memory: await load(memory!.url), postgres: await load(postgres!.url) })
    results.storeCost = { route: 'GET /v1/scenarios (a response-cache hit)', connections: 10, durationS: 5, rounds }
    console.log('cached read, req/s and p99 ms by store:', JSON.stringify(rounds))
    await stop([memory!, postgres!])
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
  results.loadAverageAtEnd = loadavg()[0]!.toFixed(1)
  writeFileSync(join(ROOT, 'bench', 'results', 'fleet.json'), JSON.stringify(results, null, 2) + '\n')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
