import fp from 'fastify-plugin'
import { OutageLog } from '../db/outage'
import { createPrisma, type PrismaClient, type PrismaOptions } from '../db/prisma'

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
    /** Whether the database is away, told once per outage (src/db/outage.ts). */
    databaseOutage: OutageLog
  }
}

/** The app's one Prisma client; the app owns it and disconnects it on close. */
export default fp<{ databaseUrl: string } & Pick<PrismaOptions, 'preparedStatements'>>(async (app, { databaseUrl, ...options }) => {
  // Connects on first use: the app can be built (e.g. to print its OpenAPI document) without a database.
  const outage = new OutageLog(app.log)
  const prisma = createPrisma(databaseUrl, { ...options, onConnect: () => { outage.reconnected() }, onIdleError: (error) => { outage.lost(error) } })
  app.decorate('prisma', prisma)
  app.decorate('databaseOutage', outage)
  app.addHook('onClose', async () => { await prisma.$disconnect() })
}, { name: 'prisma' })
