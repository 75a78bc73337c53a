import fp from 'fastify-plugin'
import { createPrisma, type PrismaClient, type PrismaOptions } from '../db/prisma'

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
  }
}

/** The app's one Prisma client; the app owns it and disconnects it on close. */
export default fp<{ databaseUrl: string } & PrismaOptions>(async (app, { databaseUrl, ...options }) => {
  // Connects on first use: the app can be built (e.g. to print its OpenAPI document) without a database.
  const prisma = createPrisma(databaseUrl, options)
  app.decorate('prisma', prisma)
  app.addHook('onClose', async () => { await prisma.$disconnect() })
}, { name: 'prisma' })
