// Raw SQL for the read paths (lists, lookups, evidence, search), on the very pg pool the Prisma
// client runs on. Prisma's `$queryRaw` sends the same statement through the same pool but then
// interprets every row again in its own runtime, which costs more CPU than `pg` itself for a page
// with its evidence (bench/README.md has the figures). Rows come back as `$queryRaw`
// gives them (a test holds them equal): dates at midnight UTC, bigint as BigInt, JSON parsed.
import pg from 'pg'
import type { Prisma, PrismaClient } from '../generated/prisma/client'

interface Direct { pool: pg.Pool, name?: (text: string) => string }

/** The pools of clients made by createPrisma; a transaction's client is not here and keeps `$queryRaw`. */
const direct = new WeakMap<object, Direct>()

export function runsOn (db: PrismaClient, pool: pg.Pool, name?: (text: string) => string): void {
  direct.set(db, { pool, name })
}

const PARSERS: Record<number, (value: string) => unknown> = {
  // date: midnight UTC, as Prisma returns it (pg's own parser would take local midnight).
  1082: (value) => new Date(`${value}T00:00:00.000Z`),
  // timestamp without time zone: read as UTC, as Prisma does.
  1114: (value) => new Date(`${value.replace(' ', 'T')}Z`),
  // int8: BigInt, as Prisma returns it (pg's own parser gives a string).
  20: (value) => BigInt(value)
}

const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => PARSERS[oid] ?? pg.types.getTypeParser(oid, format)
}

/** A bind parameter as the Prisma adapter would send it; a Date as an unambiguous UTC instant. */
function parameter (value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(parameter)
  return value
}

/** The rows of `sql` (a `Prisma.sql` template): through `pg` directly when `db` is a client of createPrisma, else `db.$queryRaw`. */
export async function queryRows<T> (db: PrismaClient | Prisma.TransactionClient, sql: Prisma.Sql): Promise<T[]> {
  const run = direct.get(db)
  if (run === undefined) return await db.$queryRaw<T[]>(sql)
  const result = await run.pool.query({ name: run.name?.(sql.text), text: sql.text, values: sql.values.map(parameter), types } as pg.QueryConfig)
  return result.rows as T[]
}
