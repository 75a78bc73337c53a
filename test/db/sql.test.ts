// The read paths run their SQL through `pg` directly (src/db/sql.ts) instead of Prisma's
// `$queryRaw`: they must get back exactly what `$queryRaw` gives, value types included.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { createPrisma, type PrismaClient } from '../../src/db/prisma'
import { queryRows } from '../../src/db/sql'
import { PrismaClient as BarePrismaClient, Prisma } from '../../src/generated/prisma/client'
import { resources } from '../../src/knowledge'
import { findRows, listRecords } from '../../src/knowledge/resource'
import { MAX_PAGE_SIZE } from '../../src/knowledge/pagination'
import { search } from '../../src/knowledge/search'
import { testDatabaseUrl } from '../helpers/app'
import { TYPES_QUERY } from './sql-types-query'

let direct: PrismaClient
let prisma: PrismaClient

beforeAll(() => {
  direct = createPrisma(testDatabaseUrl(), { preparedStatements: true })
  // Not made by createPrisma: queryRows falls back to its $queryRaw.
  prisma = new BarePrismaClient({ adapter: new PrismaPg({ connectionString: testDatabaseUrl() }) })
})
afterAll(async () => { await Promise.all([direct.$disconnect(), prisma.$disconnect()]) })

describe('queryRows', () => {
  it('gives every column type the read paths use as $queryRaw does, in any time zone', async () => {
    // pg's own date parser takes local midnight: only a zone other than UTC shows the difference,
    // and jest cannot change the zone of its own process, so the direct read runs in a child.
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'sql-types.ts')], {
      env: { ...process.env, TZ: 'Asia/Seoul', DATABASE_URL: testDatabaseUrl() },
      encoding: 'utf8'
    })
    const { row, zoneOffset } = JSON.parse(out) as { row: unknown, zoneOffset: number }
    expect(zoneOffset).toBe(-540)
    const sql = Prisma.sql(TYPES_QUERY.text.split(/\$\d/), ...TYPES_QUERY.values)
    const [theirs] = await prisma.$queryRaw<unknown[]>(sql)
    const tagged = (_key: string, value: unknown): unknown => typeof value === 'bigint' ? `${value}n` : value
    expect(row).toEqual(JSON.parse(JSON.stringify(theirs, tagged)))
    expect(row).toMatchObject({ day: '2015-09-02T00:00:00.000Z', big: '12345678901234n', at: '2026-11-27T10:00:00.500Z', from_date: '2016-03-02T00:00:00.000Z' })
  })

  it('runs through pg for a client of createPrisma, and through $queryRaw for any other', async () => {
    const spy = jest.spyOn(direct, '$queryRaw')
    await queryRows(direct, Prisma.sql`SELECT 1 AS one`)
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
    const theirs = jest.spyOn(prisma, '$queryRaw')
    expect(await queryRows(prisma, Prisma.sql`SELECT 1 AS one`)).toEqual([{ one: 1 }])
    expect(theirs).toHaveBeenCalledTimes(1)
    theirs.mockRestore()
  })

  it('runs through $queryRaw inside a transaction, which sees its own uncommitted rows', async () => {
    const seen = await direct.$transaction(async (tx) => {
      await tx.$executeRaw`CREATE TEMP TABLE only_in_this_transaction (x int) ON COMMIT DROP`
      await tx.$executeRaw`INSERT INTO only_in_this_transaction VALUES (7)`
      return await queryRows<{ x: number }>(tx, Prisma.sql`SELECT x FROM only_in_this_transaction`)
    })
    expect(seen).toEqual([{ x: 7 }])
  })

  it.each(resources.map((def) => [def.name, def] as const))('reads %s rows and pages exactly as $queryRaw does', async (_name, def) => {
    expect(await findRows(def, direct, Prisma.sql`TRUE`)).toEqual(await findRows(def, prisma, Prisma.sql`TRUE`))
    const query = { filter: {}, limit: MAX_PAGE_SIZE, include: Object.keys(def.relations) }
    const [own, theirs] = [await listRecords(def, direct, query), await listRecords(def, prisma, query)]
    expect(own.data.length).toBeGreaterThan(0)
    expect(own).toEqual(theirs)
  })

  it('searches exactly as $queryRaw does', async () => {
    const query = { q: 'sanctions', limit: 20 }
    const own = await search(direct, query)
    expect(own.data.length).toBeGreaterThan(0)
    expect(own).toEqual(await search(prisma, query))
  })
})
