import { createHash } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client'

export type { PrismaClient }

/** The column a model field is stored in: fields are camelCase, columns snake_case (`@map` in schema.prisma). */
export function columnOf (field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

export interface PrismaOptions {
  /**
   * Name every statement by its text, so each pooled connection parses and plans it once and then
   * only binds and executes it (PostgreSQL keeps one prepared statement per distinct text).
   */
  preparedStatements?: boolean
}

function statementName (query: { sql: string }): string {
  return `p${createHash('sha1').update(query.sql).digest('base64url')}`
}

/** A Prisma client over the `pg` driver adapter (no native engine needed). */
export function createPrisma (databaseUrl: string, { preparedStatements = false }: PrismaOptions = {}): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }, preparedStatements ? { statementNameGenerator: statementName } : {})
  })
}
