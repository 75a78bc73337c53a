// Raw SQL for the read paths (lists, lookups, evidence, search), on the very pg pool the Prisma
// client runs on. Prisma's `$queryRaw` sends the same statement through the same pool but then
// interprets every row again in its own runtime, which costs more CPU than `pg` itself for a page
// with its evidence (bench/README.md has the figures). Rows come back as `$queryRaw`
// gives them (a test holds them equal): dates at midnight UTC, bigint as BigInt, JSON parsed.
import pg from 'pg'
import { PrismaClient as GeneratedClient, type Prisma } from '../generated/prisma/client'

/**
 * The app's database: Prisma's client, plus `rows` for raw SQL straight through `pg` on the very
 * pool Prisma's adapter runs on (createPrisma in src/db/prisma.ts makes one).
 */
export class Database extends GeneratedClient {
  readonly #pool: pg.Pool
  readonly #name: ((text: string) => string) | undefined

  constructor (options: ConstructorParameters<typeof GeneratedClient>[0], pool: pg.Pool, name?: (text: string) => string) {
    super(options)
    this.#pool = pool
    this.#name = name
  }

  /** The rows of `sql` (a `Prisma.sql` template), as `$queryRaw` would give them. */
  async rows<T> (sql: Prisma.Sql): Promise<T[]> {
    return await poolRows<T>(this.#pool, sql, this.#name)
  }

  /**
   * Whether `db` is a Database itself. Prisma hands out its client as a proxy (whose prototype is
   * Object's, so no `instanceof`), and a transaction's client forwards `rows` to it, though its
   * statements must stay on the transaction's connection: only the client carries the pool.
   */
  static isOne (db: object): db is Database {
    return #pool in db
  }
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

/** The rows of `sql` on a `pg` pool, typed as `$queryRaw` types them; `name` makes each statement a prepared one. */
export async function poolRows<T> (pool: pg.Pool, sql: Pick<Prisma.Sql, 'text' | 'values'>, name?: (text: string) => string): Promise<T[]> {
  const result = await pool.query({ name: name?.(sql.text), text: sql.text, values: sql.values.map(parameter), types } as pg.QueryConfig)
  return result.rows as T[]
}

/**
 * The rows of `sql`: through `pg` directly on the app's database (a Database, which createPrisma
 * makes), through `$queryRaw` on any other client and inside a transaction (whose client holds no pool).
 */
export async function queryRows<T> (db: GeneratedClient | Prisma.TransactionClient, sql: Prisma.Sql): Promise<T[]> {
  return Database.isOne(db) ? await db.rows<T>(sql) : await db.$queryRaw<T[]>(sql)
}
