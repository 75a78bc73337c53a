import type { FastifyPluginAsync } from 'fastify'
import { readMigrations } from '../db/migrate'
import { isDatabaseUnavailable } from '../db/outage'
import { sendProblem, problemType } from './problems'

/** Liveness says the process answers; readiness says the database answers and is fully migrated. */
const health: FastifyPluginAsync<{ migrationsDir: string }> = async (app, { migrationsDir }) => {
  const expected = readMigrations(migrationsDir).map((m) => m.name)

  app.get('/health/live', async () => ({ status: 'ok' }))

  app.get('/health/ready', async (request, reply) => {
    try {
      const rows = await app.prisma.$queryRaw<Array<{ migration_name: string }>>`
        SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
      const applied = new Set(rows.map((r) => r.migration_name))
      const pending = expected.filter((name) => !applied.has(name))
      if (pending.length > 0) {
        return sendProblem(reply, { type: problemType('not-ready'), title: 'Service Unavailable', status: 503, detail: 'migrations are pending', code: 'not-ready', pending })
      }
      return { status: 'ok', database: 'ok', migrations: expected.length }
    } catch (error) {
      if (isDatabaseUnavailable(error)) app.databaseOutage.failed(error, request.log)
      else request.log.warn({ err: error }, 'readiness check failed')
      return sendProblem(reply, { type: problemType('not-ready'), title: 'Service Unavailable', status: 503, detail: 'the database is not reachable', code: 'not-ready' })
    }
  })
}

export default health
