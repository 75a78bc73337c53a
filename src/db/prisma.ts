import { createHash } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import type { PrismaClient } from '../generated/prisma/client'
import { Database } from './sql'

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
  /** A new connection to the database was made (how the app learns an outage is over). */
  onConnect?: () => void
  /** An idle connection failed (the server shut down or dropped it); without a listener pg would crash the process. */
  onIdleError?: (error: Error) => void
}

function statementName (sql: string): string {
  return `p${createHash('sha1').update(sql).digest('base64url')}`
}

/**
 * A Prisma client over the `pg` driver adapter (no native engine needed), on a pool of our own
 * that the read paths also use directly (src/db/sql.ts); `$disconnect` ends it.
 */
export function createPrisma (databaseUrl: string, { preparedStatements = false, onConnect, onIdleError }: PrismaOptions = {}): Database {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  pool.on('error', (error) => { onIdleError?.(error) })
  if (onConnect !== undefined) pool.on('connect', onConnect)
  return new Database({
    adapter: new PrismaPg(pool, { disposeExternalPool: true, ...(preparedStatements ? { statementNameGenerator: (query) => statementName(query.sql) } : {}) })
  }, pool, preparedStatements ? statementName : undefined)
}
