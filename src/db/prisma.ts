import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client'

export type { PrismaClient }

/** A Prisma client over the `pg` driver adapter (no native engine needed). */
export function createPrisma (databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) })
}
