// `npm run bench [-- --scale N[,N...]] [--duration S] [--warmup S] [--connections C] [--out FILE]`
//
// Starts an embedded PostgreSQL in a throw-away folder through the service's own start-up path
// (migrations + seed), forks bench/server.ts on it, and drives it with autocannon over loopback for
// a fixed time per case. Every figure is also given as a ratio to a Fastify hello-world measured in
// the same run: client and server share the machine, so only ratios within one run compare.
// The headline cases are the cache as production meets it: cache on, every request distinct (a
// random `from` day before every event: the same rows under a new URL) against PostGraphile in a
// process of its own on the same database, the same fields asked of both; the cache hit beside it.
// The server runs once per variant, each with one more read-path tuning, so each run carries its own
// before/after. With --scale, synthetic events are loaded first and the growth cases run instead,
// without the response cache (every request computed) and with it (as shipped: a dashboard that
// polls the same queries).
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { Client } from 'pg'
import pino from 'pino'
import { parseConfig } from '../src/config'
import { openDatabase } from '../src/db/database'
import { encodeCursor } from '../src/knowledge/pagination'
import type { ServerMessage, ServerStats } from './server'
import { loadSyntheticEvents } from './synthetic'

interface Request {
  method?: 'GET' | 'POST'
  path: string
  body?: string
  headers?: Record<string, string>
  /** Makes each request a new one (a new URL or body), as most dashboard requests are: the response cache misses. */
  distinct?: () => Pick<Request, 'path' | 'body'>
}
interface Case { name: string, target: 'app' | 'hello' | 'reference' | 'postgraphile', requests: Request[] }
interface Tuning { responseCache: boolean, graphqlJit: boolean, preparedStatements: boolean }
interface Measured { case: string, variant: string, rps: number, p50: number, p99: number, statementsPerRequest: number, rssMb: number, errors: number, non2xx: number }

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string' },
    duration: { type: 'string', default: '5' },
    /** Seconds of the same load before each measured run, not counted: JIT, plan caches, pools. */
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '10' },
    out: { type: 'string' },
    variants: { type: 'string' },
    /** Only the cases whose name contains one of these (comma-separated); hello-world always runs. */
    only: { type: 'string' }
  }
})
const duration = Number(args.duration)
const warmup = Number(args.warmup)
const connections = Number(args.connections)
const ROOT = resolve(__dirname, '..')

const VARIANTS: Record<string, Tuning> = {
  baseline: { responseCache: false, graphqlJit: false, preparedStatements: false },
  jit: { responseCache: false, graphqlJit: true, preparedStatements: false },
  prepared: { responseCache: false, graphqlJit: true, preparedStatements: true },
  tuned: { responseCache: true, graphqlJit: true, preparedStatements: true }
}

const GRAPHQL_EVENTS = `{ events(first: 50) { totalCount nodes { id slug title date { printed earliest }
  actors { role actor { slug name } } agreements { slug title status } sources { slug title url }
  evidence { quote passage { ordinal section } footnotes { number sources { slug url } } } } } }`

// GRAPHQL_EVENTS as closely as PostGraphile 5's generated schema (amber preset) allows: the same
// page (first 50 by earliest date, then id) and totalCount; relations through the link tables,
// one connection per level, as PostGraphile builds them from the foreign keys. What differs:
// - `sources` (the distinct sources an event cites through its evidence's footnotes, and evidence
//   that quotes a source directly) has no PostGraphile equivalent: it would take a computed column
//   (an SQL function in the database), so it is left out; the footnotes' sources are still asked
//   for, as in ours, so PostGraphile skips only the de-duplicated list per event.
// - `date { printed earliest }` is the flat columns; `id` is `rowId` (PostGraphile's `id` is its Node ID).
// - Nested lists come in primary-key order: PostGraphile orders only by indexed columns, so
//   evidence cannot follow `position` nor footnote sources theirs, and footnotes are not by number.
const POSTGRAPHILE_EVENTS = `{ allEvents(first: 50, orderBy: [DATE_EARLIEST_ASC, ROW_ID_ASC]) { totalCount nodes {
  rowId slug title datePrinted dateEarliest
  eventActorsByEventId { nodes { role actorByActorId { slug name } } }
  eventAgreementsByEventId { nodes { agreementByAgreementId { slug title status } } }
  evidencesByEventId { nodes { quote passageByPassageId { ordinal section }
    evidenceFootnotesByEvidenceId { nodes { footnoteByFootnoteId { number footnoteSourcesByFootnoteId { nodes { sourceBySourceId { slug url } } } } } } } } } } }`

function graphql (query: string, variables?: Record<string, unknown>): Request {
  return { method: 'POST', path: '/graphql', body: JSON.stringify({ query, variables }), headers: { 'content-type': 'application/json' } }
}

// The headline pair: the fields PostGraphile is asked for (POSTGRAPHILE_EVENTS), the same first 50
// events, and a `from` day: each request a new one (the cache misses, as it does for dashboards in
// production) or one request repeated (the cache hits).
const GRAPHQL_SAME_FIELDS = `query Events($from: String) { events(first: 50, filter: { from: $from }) { totalCount nodes {
  id slug title date { printed earliest } actors { role actor { slug name } } agreements { slug title status }
  evidence { quote passage { ordinal section } footnotes { number sources { slug url } } } } } }`
const REST_SAME_ROWS = '/v1/events?limit=50&include=actors,agreements'

/**
 * A random day before `firstDay` (the earliest event's): as `from`, it leaves out no dated event,
 * so every such request answers the same rows (the undated events, which `from` leaves out, come
 * last in date order: the first 50 are dated ones, as PostGraphile's are) under a new cache key.
 */
function dayBefore (firstDay: string): string {
  const first = Date.parse(`${firstDay}T00:00:00Z`)
  const day = new Date(first - (1 + Math.floor(Math.random() * 300_000)) * 86_400_000)
  return day.toISOString().slice(0, 10)
}

function headlineCases (firstDay: string): Case[] {
  const fixed = dayBefore(firstDay)
  return [
    { name: 'PostGraphile 5: 50 events, nested (GraphQL)', target: 'postgraphile', requests: [graphql(POSTGRAPHILE_EVENTS)] },
    {
      name: 'GraphQL, the same fields, cache miss',
      target: 'app',
      requests: [{ ...graphql(GRAPHQL_SAME_FIELDS, { from: fixed }), distinct: () => ({ path: '/graphql', body: JSON.stringify({ query: GRAPHQL_SAME_FIELDS, variables: { from: dayBefore(firstDay) } }) }) }]
    },
    { name: 'GraphQL, the same fields, cache hit', target: 'app', requests: [graphql(GRAPHQL_SAME_FIELDS, { from: fixed })] },
    {
      name: `REST ${REST_SAME_ROWS}, cache miss`,
      target: 'app',
      requests: [{ path: `${REST_SAME_ROWS}&from=${fixed}`, distinct: () => ({ path: `${REST_SAME_ROWS}&from=${dayBefore(firstDay)}` }) }]
    },
    { name: `REST ${REST_SAME_ROWS}, cache hit`, target: 'app', requests: [{ path: `${REST_SAME_ROWS}&from=${fixed}` }] }
  ]
}

function standardCases (slug: string, firstDay: string): Case[] {
  return [
    { name: 'hello-world', target: 'hello', requests: [{ path: '/' }] },
    ...headlineCases(firstDay),
    { name: 'reference pg list 50 (bench/reference.ts)', target: 'reference', requests: [{ path: '/events' }] },
    { name: 'GET /v1/events?limit=50&include=actors,sources', target: 'app', requests: [{ path: '/v1/events?limit=50&include=actors,sources' }] },
    { name: 'GET /v1/events/{slug}', target: 'app', requests: [{ path: `/v1/events/${slug}` }] },
    { name: 'GET /v1/search?q=sanctions', target: 'app', requests: [{ path: '/v1/search?q=sanctions' }] },
    { name: 'GET /v1/timeline', target: 'app', requests: [{ path: '/v1/timeline' }] },
    { name: 'GET /v1/events?format=csv (all)', target: 'app', requests: [{ path: '/v1/events?format=csv' }] },
    { name: 'GraphQL 50 events, nested, with sources', target: 'app', requests: [graphql(GRAPHQL_EVENTS)] },
    {
      name: 'dashboard page (10 different requests)',
      target: 'app',
      requests: [
        { path: '/v1/events?limit=20&sort=-date' },
        { path: '/v1/events?actor=russia,north-korea&from=2014&include=actors' },
        { path: '/v1/agreements?include=parties' },
        { path: '/v1/leverage-channels?include=figures' },
        { path: '/v1/figures?limit=100' },
        { path: '/v1/timeline?split=category' },
        { path: '/v1/stats' },
        { path: '/v1/search?q=railway' },
        { path: '/v1/sources?limit=100' },
        graphql('{ actors(first: 20) { nodes { slug name } } }')
      ]
    }
  ]
}

async function scaleCases (url: string, total: number): Promise<Case[]> {
  const client = new Client({ connectionString: url })
  await client.connect()
  const pages = Math.min(1000, Math.floor(total / 50) - 1)
  const { rows } = await client.query<{ id: number, day: string | null }>(
    'SELECT id, to_char(date_earliest, \'YYYY-MM-DD\') AS day FROM events ORDER BY date_earliest ASC NULLS LAST, id OFFSET $1 LIMIT 1', [pages * 50 - 1])
  await client.end()
  const row = rows[0]!
  const cursor = encodeCursor({ key: 'date', field: 'dateEarliest', direction: 'asc', type: 'date', nullable: true }, row.day === null ? null : new Date(`${row.day}T00:00:00.000Z`), row.id)
  return [
    { name: 'hello-world', target: 'hello', requests: [{ path: '/' }] },
    { name: 'list, first page', target: 'app', requests: [{ path: '/v1/events?limit=50&include=actors,sources' }] },
    { name: 'list, filtered (category, from, actor)', target: 'app', requests: [{ path: '/v1/events?limit=50&category=economic,sanctions&from=2000&actor=russia&include=actors' }] },
    { name: `list, cursor page ${pages + 1}`, target: 'app', requests: [{ path: `/v1/events?limit=50&include=actors,sources&cursor=${cursor}` }] },
    { name: 'GET /v1/search?q=railway', target: 'app', requests: [{ path: '/v1/search?q=railway' }] },
    { name: 'GET /v1/timeline', target: 'app', requests: [{ path: '/v1/timeline' }] },
    { name: 'GraphQL 50 events, nested', target: 'app', requests: [graphql(GRAPHQL_EVENTS)] }
  ]
}

/** PostGraphile, a yardstick and no dependency of the service, goes into bench/yardsticks on first use (npm registry only). */
function ensurePostGraphile (): void {
  const dir = join(__dirname, 'yardsticks')
  if (existsSync(join(dir, 'node_modules', 'postgraphile', 'package.json'))) return
  console.log('installing PostGraphile 5 into bench/yardsticks (once) ...')
  execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], { stdio: 'inherit' })
}

/**
 * The service is measured as the Docker image runs it: compiled to JavaScript (no tsx in the
 * process) and with the image's memory settings, read from the Dockerfile so that they cannot drift.
 */
function compileServer (): { script: string, env: Record<string, string> } {
  // Inside the project, so that the build resolves its packages from node_modules (git ignores it).
  const out = join(__dirname, '.build')
  rmSync(out, { recursive: true, force: true })
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.json'), '--outDir', out], { stdio: 'inherit' })
  cpSync(join(ROOT, 'src', 'graphql', 'schema'), join(out, 'src', 'graphql', 'schema'), { recursive: true })
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
  const env = Object.fromEntries(['NODE_OPTIONS', 'MALLOC_ARENA_MAX'].map((name) => {
    const value = new RegExp(`${name}=("([^"]*)"|\\S+)`).exec(dockerfile)
    if (value === null) throw new Error(`Dockerfile sets no ${name}`)
    return [name, value[2] ?? value[1]!]
  }))
  return { script: join(out, 'bench', 'server.js'), env }
}

async function startServer (server: ReturnType<typeof compileServer>, url: string, tuning: Tuning, postgraphile: boolean): Promise<{ child: ChildProcess, ports: ServerMessage }> {
  const child = fork(server.script, [], {
    execArgv: [],
    env: { ...process.env, ...server.env, BENCH_ROOT: ROOT, BENCH_DATABASE_URL: url, BENCH_TUNING: JSON.stringify(tuning), BENCH_POSTGRAPHILE: postgraphile ? '1' : '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const ports = await new Promise<ServerMessage>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServerMessage))
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
  })
  return { child, ports }
}

async function stopServer (child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.disconnect()
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
  if (child.exitCode === null) child.kill('SIGKILL')
}

async function send (base: string, r: Request): Promise<number> {
  const { path, body } = { path: r.path, body: r.body, ...r.distinct?.() }
  const response = await fetch(base + path, { method: r.method ?? 'GET', body, headers: r.headers })
  await response.arrayBuffer()
  return response.status
}

async function stats (appBase: string): Promise<ServerStats> {
  return await (await fetch(`${appBase}/__bench/stats`)).json() as ServerStats
}

/** A GraphQL error still answers 200: before anything is measured, each case's GraphQL requests must bring data and no `errors`. */
async function checkGraphql (c: Case, base: string): Promise<void> {
  for (const r of c.requests.filter((r) => r.path === '/graphql')) {
    const response = await fetch(base + r.path, { method: r.method, body: r.body, headers: r.headers })
    const text = await response.text()
    const answer = ((): { data?: unknown, errors?: unknown } => { try { return JSON.parse(text) } catch { return {} } })()
    if (response.status !== 200 || answer.errors !== undefined || answer.data == null) {
      throw new Error(`${c.name}: ${base}${r.path} answered ${response.status}: ${text.slice(0, 1000)}`)
    }
  }
}

async function measure (c: Case, variant: string, ports: ServerMessage): Promise<Measured> {
  const appBase = `http://127.0.0.1:${ports.app}`
  const base = `http://127.0.0.1:${ports[c.target]}`
  // A few requests first (the SQL statements of one pass are then counted); the measured run itself
  // follows --warmup seconds of the same load (JIT, plan caches and pools settle).
  for (let i = 0; i < 3; i++) for (const r of c.requests) await send(base, r)
  const before = await stats(appBase)
  for (const r of c.requests) {
    const status = await send(base, r)
    if (status >= 400) throw new Error(`${c.name}: ${r.method ?? 'GET'} ${r.path} answered ${status}`)
  }
  const after = await stats(appBase)
  const statementsPerRequest = c.target === 'app' ? (after.statements - before.statements) / c.requests.length : 0
  // Memory is the serving process's: PostGraphile runs in its own.
  const rss = (s: ServerStats): number => c.target === 'postgraphile' ? s.postgraphileRss : s.rss
  let peak = 0
  const sampler = setInterval(() => { stats(appBase).then((s) => { peak = Math.max(peak, rss(s)) }, () => {}) }, 500)
  const result = await autocannon({
    url: base,
    connections,
    duration,
    ...(warmup > 0 ? { warmup: { connections, duration: warmup } } : {}),
    requests: c.requests.map((r) => ({
      method: r.method ?? 'GET',
      path: r.path,
      body: r.body,
      headers: r.headers,
      ...(r.distinct !== undefined ? { setupRequest: (request: autocannon.Request) => ({ ...request, ...r.distinct!() }) } : {})
    }))
  })
  clearInterval(sampler)
  peak = Math.max(peak, rss(await stats(appBase)))
  return {
    case: c.name,
    variant,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statementsPerRequest: Math.round(statementsPerRequest * 10) / 10,
    rssMb: Math.round(peak / 1024 / 1024),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx
  }
}

/**
 * The headline: each case of the `tuned` server (what `npm start` runs, the response cache on) as a
 * ratio to PostGraphile measured beside it, and the cache-off path (`prepared`) for the misses.
 */
function headline (rows: Measured[]): Array<{ case: string, rps: number, vsPostGraphile: number, vsCacheOff?: number }> {
  const tuned = rows.filter((r) => r.variant === 'tuned')
  const postgraphile = tuned.find((r) => r.case.startsWith('PostGraphile'))
  if (postgraphile === undefined) return []
  const cacheOff = new Map(rows.filter((r) => r.variant === 'prepared').map((r) => [r.case, r.rps]))
  return tuned.filter((r) => r.case.includes(', cache ') || r === postgraphile).map((r) => ({
    case: r.case,
    rps: r.rps,
    vsPostGraphile: Math.round(r.rps / postgraphile.rps * 100) / 100,
    ...(r.case.endsWith('cache miss') && cacheOff.has(r.case) ? { vsCacheOff: Math.round(r.rps / cacheOff.get(r.case)! * 100) / 100 } : {})
  }))
}

function table (rows: Measured[], cases: Case[]): string {
  const counted = new Set(cases.filter((c) => c.target === 'app').map((c) => c.name))
  const hello = new Map(rows.filter((r) => r.case === 'hello-world').map((r) => [r.variant, r.rps]))
  const baseline = new Map(rows.filter((r) => r.variant === rows[0]!.variant).map((r) => [r.case, r]))
  const head = ['case', 'variant', 'req/s', '× hello', `× ${rows[0]!.variant}`, 'p50 ms', 'p99 ms', 'SQL/req', 'RSS MB']
  const body = rows.map((r) => [
    r.case, r.variant, String(r.rps), (r.rps / hello.get(r.variant)!).toFixed(3), (r.rps / (baseline.get(r.case)?.rps ?? r.rps)).toFixed(2),
    String(r.p50), String(r.p99), counted.has(r.case) ? String(r.statementsPerRequest) : '-', String(r.rssMb)
  ].concat(r.errors + r.non2xx > 0 ? [`(${r.errors} errors, ${r.non2xx} non-2xx)`] : []))
  return ['| ' + head.join(' | ') + ' |', '|' + head.map(() => ' --- ').join('|') + '|', ...body.map((b) => '| ' + b.join(' | ') + ' |')].join('\n')
}

async function main (): Promise<void> {
  const scales = args.scale === undefined ? [] : args.scale.split(',').map(Number)
  const variantNames = args.variants?.split(',') ?? (scales.length > 0 ? ['prepared', 'tuned'] : ['baseline', 'jit', 'prepared', 'tuned'])
  const dir = mkdtempSync(join(tmpdir(), 'peninsula-kb-bench-'))
  const log = pino({ level: 'warn' })
  const config = { ...parseConfig({ LOG_LEVEL: 'warn' }), databaseUrl: undefined, dataDir: dir }
  const started = Date.now()
  const database = await openDatabase(config, log, { embeddedDir: join(dir, 'postgres') })
  const startupMs = Date.now() - started
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, connections, durationS: duration }
  console.log(`embedded PostgreSQL start + migrations + seed: ${startupMs} ms; ${machine.cpus} cores (${machine.cpu}), client and server on the same machine`)
  const runs: Array<{ events: number, loadMs?: number, headline: ReturnType<typeof headline>, rows: Measured[] }> = []
  try {
    const server = compileServer()
    console.log(`service compiled; run with ${Object.entries(server.env).map(([k, v]) => `${k}=${v}`).join(' ')} (as in the Dockerfile)`)
    const steps = scales.length > 0 ? scales : [0]
    let loaded = 0
    for (const scale of steps) {
      let loadMs: number | undefined
      if (scale > loaded) {
        loadMs = (await loadSyntheticEvents(database.url, scale - loaded, loaded)).ms
        loaded = scale
        console.log(`loaded ${scale} synthetic events in total (${loadMs} ms for this step)`)
      }
      const client = new Client({ connectionString: database.url })
      await client.connect()
      const { rows: [first] } = await client.query<{ slug: string, events: number, firstDay: string }>('SELECT (SELECT slug FROM events WHERE slug = \'military-activity-agreement-signed-2015\' UNION ALL SELECT slug FROM events LIMIT 1) AS slug, (SELECT count(*)::int FROM events) AS events, (SELECT to_char(min(date_earliest), \'YYYY-MM-DD\') FROM events) AS "firstDay"')
      await client.end()
      const only = args.only?.split(',')
      const cases = (scale > 0 ? await scaleCases(database.url, first!.events) : standardCases(first!.slug, first!.firstDay))
        .filter((c) => only === undefined || c.name === 'hello-world' || only.some((o) => c.name.includes(o)))
      // Every variant's server runs at once and each case is measured for all of them back to back:
      // the machine's drift between the figures compared is then seconds, not minutes.
      const postgraphile = cases.some((c) => c.target === 'postgraphile')
      if (postgraphile) ensurePostGraphile()
      const servers = await Promise.all(variantNames.map(async (variant) => ({ variant, ...await startServer(server, database.url, VARIANTS[variant]!, postgraphile) })))
      const rows: Measured[] = []
      try {
        for (const c of cases) for (const { ports } of servers) await checkGraphql(c, `http://127.0.0.1:${ports[c.target]}`)
        for (const c of cases) {
          for (const { variant, ports } of servers) {
            const m = await measure(c, variant, ports)
            // With the cache on, a hit costs one statement (the data version): a "miss" at one would be measuring hits.
            if (c.name.endsWith('cache miss') && VARIANTS[variant]!.responseCache && m.statementsPerRequest < 2) throw new Error(`${c.name} (${variant}): ${m.statementsPerRequest} SQL/req, so it did not miss the cache`)
            rows.push(m)
            console.log(`  ${variant.padEnd(8)} ${c.name.padEnd(48)} ${String(m.rps).padStart(7)} req/s  p99 ${m.p99} ms  ${m.statementsPerRequest} SQL/req`)
          }
        }
      } finally {
        await Promise.all(servers.map(async ({ child }) => await stopServer(child)))
      }
      rows.sort((a, b) => variantNames.indexOf(a.variant) - variantNames.indexOf(b.variant))
      runs.push({ events: first!.events, loadMs, headline: headline(rows), rows })
      console.log(`\n${first!.events} events\n${table(rows, cases)}\n`)
      for (const h of headline(rows)) console.log(`  ${h.case.padEnd(72)} ${String(h.rps).padStart(6)} req/s  ${h.vsPostGraphile.toFixed(2)}× PostGraphile${h.vsCacheOff !== undefined ? `, ${h.vsCacheOff.toFixed(2)}× the cache-off path` : ''}`)
    }
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
    rmSync(join(__dirname, '.build'), { recursive: true, force: true })
  }
  const out = resolve(args.out ?? join(ROOT, 'bench', 'results', scales.length > 0 ? 'scale.json' : 'latest.json'))
  mkdirSync(resolve(out, '..'), { recursive: true })
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machine, startupMs, runs }, null, 2) + '\n')
  console.log(`wrote ${out}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
