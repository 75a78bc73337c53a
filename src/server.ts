// The process edge: reads the environment, starts the database, listens, and shuts down gracefully.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app'
import { ConfigError, parseConfig } from './config'
import { openDatabase } from './db/database'
import { createLogger } from './logger'

async function main (): Promise<void> {
  let config
  try {
    config = parseConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`peninsula-kb: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  const log = createLogger(config.logLevel, process.stdout.isTTY)
  const started = Date.now()
  const database = await openDatabase(config, log)
  const app = await buildApp({ config, databaseUrl: database.url, logger: log })

  closeWithGrace({ delay: 10_000, logger: log }, async ({ signal, err }) => {
    if (err !== undefined) log.error({ err }, 'shutting down after an error')
    else log.info({ signal }, 'shutting down: finishing in-flight requests')
    await app.close()
    await database.close()
  })

  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    log.error({ err: error }, `cannot listen on ${config.host}:${config.port}`)
    await app.close()
    await database.close()
    process.exit(1)
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  log.info({ startupMs: Date.now() - started, database: database.embedded ? 'embedded' : 'external' },
    `peninsula-kb is ready at ${base}  Explorer: ${base}/  REST docs: ${base}/docs  GraphiQL: ${base}/graphiql`)
}

main().catch((error: unknown) => {
  console.error('peninsula-kb failed to start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
