import fp from 'fastify-plugin'
import { createPrisma, type PrismaClient } from '../db/prisma'

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
  }
}

/** The app's one Prisma client; the app owns it and disconnects it on close. */
export default fp<{ databaseUrl: string }>(async (app, { databaseUrl }) => {
  const prisma = createPrisma(databaseUrl)
  await prisma.$connect()
  app.decorate('prisma', prisma)
  app.addHook('onClose', async () => { await prisma.$disconnect() })
}, { name: 'prisma' })
