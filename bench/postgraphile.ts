// The GraphQL yardstick (forked by bench/server.ts): PostGraphile 5 with its amber preset over the
// benchmark's database (schema `public`, relations inferred from the foreign keys), served by
// grafserv on Node's own http server. It runs in a process of its own so that its memory is not
// counted in the app's RSS and the shim below never reaches the app.
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { join } from 'node:path'

// PostGraphile is a yardstick, not a dependency of the service: bench/run.ts installs it into
// bench/yardsticks (its own package.json and lock file) on first use, and it is loaded from there.
// Untyped on purpose: the project's type check must not need it installed.
const yardstick = createRequire(join(__dirname, 'yardsticks', 'package.json')) as (id: string) => any
const { postgraphile } = yardstick('postgraphile')
const { PostGraphileAmberPreset } = yardstick('postgraphile/presets/amber')
const { makePgService } = yardstick('postgraphile/adaptors/pg')
const { grafserv } = yardstick('postgraphile/grafserv/node')

export interface PostGraphileMessage { port: number }
export interface PostGraphileStats { rss: number }

// PostGraphile 5 declares Node >= 22; on this project's Node 20 the one newer API it calls is
// Promise.withResolvers (ES2024), never while its modules load, so this shim is all it needs here.
const promise = Promise as PromiseConstructor & { withResolvers?: () => unknown }
promise.withResolvers ??= () => {
  let resolve!: (value: unknown) => void
  let reject!: (reason?: unknown) => void
  const created = new Promise((_resolve, _reject) => { resolve = _resolve; reject = _reject })
  return { promise: created, resolve, reject }
}

async function main (): Promise<void> {
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    // The same pool size as the app's and the reference's.
    pgServices: [makePgService({ connectionString: process.env.BENCH_DATABASE_URL!, schemas: ['public'], poolConfig: { max: 10 } })],
    grafserv: { graphiql: false, watch: false },
    grafast: { explain: false }
  })
  const serv = pgl.createServ(grafserv)
  await pgl.getSchema()
  const server = createServer()
  await serv.addTo(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))

  // bench/run.ts samples the memory of the process that serves each case; this one's arrives by IPC.
  process.on('message', (message) => {
    if (message === 'stats') process.send!({ rss: process.memoryUsage().rss } satisfies PostGraphileStats)
  })
  process.send!({ port: (server.address() as { port: number }).port } satisfies PostGraphileMessage)
  process.on('disconnect', () => {
    server.close()
    Promise.resolve(pgl.release()).then(() => process.exit(0), () => process.exit(1))
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
