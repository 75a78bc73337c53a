// The dashboard services that REST and GraphQL share, over the paper's real data; where a test
// writes, over a private copy of it, grown with synthetic events.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { loadSyntheticEvents } from '../../bench/synthetic'
import { migrate } from '../../src/db/migrate'
import { createPrisma, type PrismaClient } from '../../src/db/prisma'
import { InvalidInputError, NotFoundError } from '../../src/errors'
import { resources } from '../../src/knowledge'
import { actorNetwork } from '../../src/knowledge/network'
import { stats, statsRows } from '../../src/knowledge/stats'
import { countedTimeline, timeline, type TimelineQuery, timelineRows } from '../../src/knowledge/timeline'
import { testDatabaseUrl } from '../helpers/app'
import { createScratchDatabase } from '../helpers/scratch-database'
import { createSeededScratchDatabase } from '../helpers/seeded-scratch'

let db: PrismaClient
beforeAll(async () => { db = createPrisma(testDatabaseUrl()) })
afterAll(async () => { await db.$disconnect() })

describe('timeline', () => {
  it('counts 2015 by month, every month of the window present, at each event\'s earliest day', async () => {
    const result = await timeline(db, { filter: { from: '2015-01-01', to: '2015-12-31', precision: ['day', 'month'] }, interval: 'month' })
    const events = await db.event.findMany({ where: { datePrecision: { in: ['day', 'month'] } }, select: { dateEarliest: true } })
    const months = events.map((e) => e.dateEarliest!.toISOString().slice(0, 7))
    expect(months).toContain('2015-04')
    const expected = []
    for (let m = 1; m <= 12; m++) {
      const label = `2015-${String(m).padStart(2, '0')}`
      expected.push({ time: `${label}-01`, label, count: months.filter((x) => x === label).length })
    }
    const outside = { before: months.filter((m) => m < '2015').length, after: months.filter((m) => m > '2015-12').length }
    expect(outside.before).toBeGreaterThan(0)
    expect(result).toEqual({ interval: 'month', split: null, total: events.length, buckets: expected, outside, undated: { count: 0 } })
  })

  it('labels quarters and starts them on their first day', async () => {
    const result = await timeline(db, { filter: { q: 'THAAD' }, interval: 'quarter' })
    expect(result.buckets).toEqual([
      { time: '2015-04-01', label: '2015-Q2', count: 1 },
      { time: '2015-07-01', label: '2015-Q3', count: 0 },
      { time: '2015-10-01', label: '2015-Q4', count: 0 },
      { time: '2016-01-01', label: '2016-Q1', count: 1 }
    ])
    expect(timelineRows(result)).toEqual(result.buckets.map((b) => ({ time: `${b.time}T00:00:00.000Z`, series: 'events', value: b.count })))
  })

  it('has no buckets when nothing matches, and rejects the filters the events list rejects', async () => {
    expect(await timeline(db, { filter: { q: 'zzyzx' }, interval: 'year' })).toEqual({ interval: 'year', split: null, total: 0, buckets: [], outside: { before: 0, after: 0 }, undated: { count: 0 } })
    await expect(timeline(db, { filter: { actor: ['atlantis'] }, interval: 'year' })).rejects.toThrow(new InvalidInputError('actor', 'no actor is called "atlantis"'))
  })
})

// The timelines the events-per-month rollup answers (prisma/migrations/20261127050000_event_month_counts):
// every interval, without and with the split by category, without filters and with only categories.
const ROLLUP_QUERIES: TimelineQuery[] = (['year', 'quarter', 'month'] as const).flatMap((interval) =>
  [undefined, 'category' as const].flatMap((split) =>
    [{}, { category: ['visit', 'military'] }, { category: [] }].map((filter) => ({ interval, split, filter }))))

/** Each of those timelines as the service answers it (from the rollup) and as counted from the events. */
async function bothWays (db: PrismaClient): Promise<{ answered: unknown[], counted: unknown[] }> {
  const answered = []
  const counted = []
  for (const query of ROLLUP_QUERIES) {
    answered.push({ query, timeline: await timeline(db, query) })
    counted.push({ query, timeline: await countedTimeline(db, query) })
  }
  return { answered, counted }
}

/** The rollup's rows that a count over the events does not give, and the counts it lacks: none while the triggers keep it exact. */
async function rollupDrift (db: PrismaClient): Promise<unknown[]> {
  return await db.$queryRaw`
    WITH counted AS (SELECT date_trunc('month', date_earliest::timestamp)::date AS month, category, count(*)::int AS count FROM events GROUP BY 1, 2),
         rolled AS (SELECT month, category, count FROM event_month_counts)
    SELECT 'only counted' AS side, * FROM (SELECT * FROM counted EXCEPT ALL SELECT * FROM rolled) a
    UNION ALL
    SELECT 'only in the rollup', * FROM (SELECT * FROM rolled EXCEPT ALL SELECT * FROM counted) b`
}

describe('timeline from the rollup', () => {
  it('answers the paper\'s timelines exactly as counting its events does', async () => {
    expect(await rollupDrift(db)).toEqual([])
    const { answered, counted } = await bothWays(db)
    expect(answered).toEqual(counted)
  })

  describe('on a knowledge base that grows and changes', () => {
    let scratch: { url: string, drop: () => Promise<void> }
    let own: PrismaClient
    beforeAll(async () => {
      scratch = await createSeededScratchDatabase('timeline_rollup')
      own = createPrisma(scratch.url)
      // Statements of 5,000 events each, as a bulk load writes them.
      await loadSyntheticEvents(scratch.url, 6000)
    }, 60_000)
    afterAll(async () => {
      await own.$disconnect()
      await scratch.drop()
    })

    it('holds every event of a bulk load, and answers as counting the events does', async () => {
      expect(await own.event.count()).toBeGreaterThan(6000)
      expect(await rollupDrift(own)).toEqual([])
      const { answered, counted } = await bothWays(own)
      expect(answered).toEqual(counted)
    })

    it('is what the service reads without filters or with only categories, and only then', async () => {
      const rollback = new Error('rollback')
      await expect(own.$transaction(async (tx) => {
        // A row no event backs, in a transaction that is rolled back: it shows which path answered.
        await tx.$executeRaw`INSERT INTO event_month_counts (month, category, count) VALUES ('1800-02-01', 'visit', 7)`
        const db = tx as unknown as PrismaClient
        const year1800 = { time: '1800-01-01', label: '1800', count: 7 }
        expect((await timeline(db, { filter: {}, interval: 'year' })).buckets[0]).toEqual(year1800)
        expect((await timeline(db, { filter: { category: ['visit'] }, interval: 'year', split: 'category' })).buckets[0]).toEqual({ ...year1800, series: { visit: 7 } })
        expect((await timeline(db, { filter: { category: ['treaty'] }, interval: 'year' })).buckets[0]).not.toEqual(year1800)
        // A window only chooses buckets, so the rollup answers it too.
        expect((await timeline(db, { filter: { from: '1800', to: '2100' }, interval: 'year' })).buckets[0]).toEqual(year1800)
        for (const query of [{ filter: { precision: ['day'] }, interval: 'year' }, { filter: {}, interval: 'year', split: 'actor' }] as TimelineQuery[]) {
          expect((await timeline(db, query)).buckets[0]).not.toMatchObject({ time: '1800-01-01' })
        }
        throw rollback
      })).rejects.toBe(rollback)
    })

    it('stays exact when events change month or category, lose or gain a date, and go', async () => {
      const firstMonth = async (): Promise<string> => (await timeline(own, { filter: {}, interval: 'month' })).buckets[0]!.time
      const steps = [
        'UPDATE events SET category = \'visit\' WHERE id % 7 = 0',
        'UPDATE events SET date_earliest = date_earliest + 45, date_latest = date_latest + 45 WHERE id % 5 = 0 AND date_earliest IS NOT NULL',
        'UPDATE events SET category = \'treaty\', date_earliest = date_earliest - 400, date_latest = date_latest - 400 WHERE id % 13 = 0 AND date_earliest IS NOT NULL',
        'UPDATE events SET date_earliest = NULL, date_latest = NULL, date_precision = \'unknown\' WHERE id % 11 = 0',
        'UPDATE events SET date_earliest = DATE \'2001-02-03\', date_latest = DATE \'2001-02-03\', date_precision = \'day\' WHERE id % 22 = 0',
        // A write that leaves every month and category as it was.
        'UPDATE events SET title = title || \'.\' WHERE id % 3 = 0',
        'DELETE FROM events WHERE id % 17 = 0'
      ]
      for (const sql of steps) {
        await own.$executeRawUnsafe(sql)
        expect({ sql, drift: await rollupDrift(own) }).toEqual({ sql, drift: [] })
      }
      // The whole first month goes, and with it the rollup's rows for it: the timeline starts later.
      const first = await firstMonth()
      await own.$executeRaw`DELETE FROM events WHERE date_earliest < ${first}::date + interval '1 month'`
      expect(await firstMonth() > first).toBe(true)
      // One event, written as the API writes, moves before all others and then back.
      const moved = await own.event.findFirstOrThrow({ where: { dateEarliest: { not: null } }, orderBy: { id: 'desc' } })
      await own.event.update({ where: { id: moved.id }, data: { category: 'sanctions', dateEarliest: new Date('1700-06-25'), dateLatest: new Date('1700-06-25') } })
      expect((await timeline(own, { filter: { category: ['sanctions'] }, interval: 'month', split: 'category' })).buckets[0])
        .toEqual({ time: '1700-06-01', label: '1700-06', count: 1, series: { sanctions: 1 } })
      await own.event.update({ where: { id: moved.id }, data: { category: moved.category, dateEarliest: moved.dateEarliest, dateLatest: moved.dateLatest } })
      expect(await firstMonth() > '1700-06-01').toBe(true)
      expect(await rollupDrift(own)).toEqual([])
      const { answered, counted } = await bothWays(own)
      expect(answered).toEqual(counted)
    })

    it('does not keep the data version from moving with writes to events', async () => {
      const version = async (): Promise<bigint> => (await own.$queryRaw<Array<{ version: bigint }>>`SELECT version FROM data_version`)[0]!.version
      const before = await version()
      await own.$executeRaw`UPDATE events SET category = 'other' WHERE id = (SELECT min(id) FROM events)`
      expect(await version()).toBe(before + 1n)
    })

    it('empties when the events are truncated', async () => {
      await own.$executeRawUnsafe('TRUNCATE events CASCADE')
      expect(await own.$queryRaw`SELECT * FROM event_month_counts`).toEqual([])
      expect(await timeline(own, { filter: {}, interval: 'month', split: 'category' }))
        .toEqual({ interval: 'month', split: 'category', total: 0, buckets: [], outside: { before: 0, after: 0 }, undated: { count: 0, series: {} } })
    })
  })

  it('counts, when its migration runs, the events that were there before', async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl(), 'timeline_rollup_fill')
    const earlier = mkdtempSync(join(tmpdir(), 'migrations-'))
    const silent = pino({ level: 'silent' })
    const own = createPrisma(scratch.url)
    try {
      for (const name of readdirSync('prisma/migrations').filter((n) => n < '20261127050000')) {
        cpSync(join('prisma/migrations', name), join(earlier, name), { recursive: true })
      }
      await migrate(scratch.url, earlier, silent)
      await own.$executeRaw`
        INSERT INTO events (slug, title, summary, category, date_precision, date_basis, date_earliest, date_latest)
        SELECT 'e' || n, 'An event', 'Before the rollup', category, 'day', 'text', day, day
        FROM (VALUES (1, 'visit', DATE '2014-05-01'), (2, 'visit', DATE '2014-05-31'), (3, 'treaty', DATE '2014-05-09'),
                     (4, 'visit', DATE '2015-01-31'), (5, 'other', NULL), (6, 'other', NULL)) AS t(n, category, day)`
      expect(await migrate(scratch.url, 'prisma/migrations', silent)).toContain('20261127050000_event_month_counts')
      expect(await own.$queryRaw`SELECT month::text, category, count FROM event_month_counts ORDER BY month NULLS FIRST, category`).toEqual([
        { month: null, category: 'other', count: 2 },
        { month: '2014-05-01', category: 'treaty', count: 1 },
        { month: '2014-05-01', category: 'visit', count: 2 },
        { month: '2015-01-01', category: 'visit', count: 1 }
      ])
    } finally {
      await own.$disconnect()
      rmSync(earlier, { recursive: true, force: true })
      await scratch.drop()
    }
  })
})

describe('stats', () => {
  it('counts what the tables hold', async () => {
    const result = await stats(db)
    const counted = await Promise.all(resources.map(async (def) => [def.name, Number((await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${def.table}"`))[0]!.n)]))
    expect(result.counts).toEqual(Object.fromEntries(counted))
    expect(result.counts.events).toBe(await db.event.count())
    const byKind = await db.actor.groupBy({ by: ['kind'], _count: { _all: true } })
    expect(result.facets.actors!.kind).toEqual(byKind.map((g) => ({ value: g.kind, count: g._count._all }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)))
    expect(statsRows(result)).toContainEqual({ time: null, series: 'actors.kind=person', value: byKind.find((g) => g.kind === 'person')!._count._all })
  })
})

describe('actor network', () => {
  it('links Russia to the DPRK with the number of events and agreements they share', async () => {
    const [russia, dprk] = await Promise.all(['russia', 'dprk'].map(async (slug) => (await db.actor.findUniqueOrThrow({ where: { slug } })).id))
    const events = await db.event.count({ where: { AND: [{ actors: { some: { actorId: russia } } }, { actors: { some: { actorId: dprk } } }] } })
    const agreements = await db.agreement.count({ where: { AND: [{ parties: { some: { actorId: russia } } }, { parties: { some: { actorId: dprk } } }] } })
    expect(events).toBeGreaterThan(10)
    expect(agreements).toBeGreaterThan(5)
    const network = await actorNetwork(db, 'russia')
    expect(network.links[0]).toEqual({ actor: { id: dprk, slug: 'dprk', name: 'Democratic People’s Republic of Korea', kind: 'state' }, weight: events + agreements, events, agreements })
    expect(network.links.every((l) => l.actor.slug !== 'russia' && l.weight === l.events + l.agreements && l.weight > 0)).toBe(true)
  })

  it('is symmetric: the DPRK\'s link to Russia weighs the same', async () => {
    const fromRussia = (await actorNetwork(db, 'russia')).links.find((l) => l.actor.slug === 'dprk')!
    const fromDprk = (await actorNetwork(db, 'dprk')).links.find((l) => l.actor.slug === 'russia')!
    expect([fromDprk.weight, fromDprk.events, fromDprk.agreements]).toEqual([fromRussia.weight, fromRussia.events, fromRussia.agreements])
  })

  it('counts a record once when an actor plays two roles in it, in the network and the timeline', async () => {
    const before = (await actorNetwork(db, 'russia')).links.find((l) => l.actor.slug === 'dprk')!
    // Rows of its own, inside a transaction that is rolled back: other tests never see them.
    const rollback = new Error('rollback')
    await expect(db.$transaction(async (tx) => {
      const [russia, dprk] = await Promise.all(['russia', 'dprk'].map(async (slug) => (await tx.actor.findUniqueOrThrow({ where: { slug } })).id))
      await tx.event.create({
        data: {
          slug: 'test-two-roles',
          title: 'A test event',
          summary: 'Russia in two roles',
          category: 'other',
          datePrecision: 'year',
          dateBasis: 'context',
          dateEarliest: new Date('1800-01-01'),
          dateLatest: new Date('1800-12-31'),
          actors: { create: [{ actorId: russia!, role: 'initiator' }, { actorId: russia!, role: 'participant' }, { actorId: dprk!, role: 'participant' }] }
        }
      })
      const after = (await actorNetwork(tx as unknown as PrismaClient, 'russia')).links.find((l) => l.actor.slug === 'dprk')!
      expect(after).toEqual({ ...before, weight: before.weight + 1, events: before.events + 1 })
      const year = await timeline(tx as unknown as PrismaClient, { filter: { to: '1800' }, interval: 'year', split: 'actor' })
      expect(year.buckets).toEqual([{ time: '1800-01-01', label: '1800', count: 1, series: { dprk: 1, russia: 1 } }])
      throw rollback
    })).rejects.toBe(rollback)
    expect(await db.event.count({ where: { slug: 'test-two-roles' } })).toBe(0)
  })

  it('knows no actor that is not there', async () => {
    await expect(actorNetwork(db, 'atlantis')).rejects.toThrow(NotFoundError)
    await expect(actorNetwork(db, '999999')).rejects.toThrow(new NotFoundError('no actor "999999"'))
  })
})
