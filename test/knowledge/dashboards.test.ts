// The dashboard services that REST and GraphQL share, over the paper's real data.
import { createPrisma, type PrismaClient } from '../../src/db/prisma'
import { InvalidInputError, NotFoundError } from '../../src/errors'
import { actorNetwork, stats, statsRows, timeline, timelineRows } from '../../src/knowledge/dashboards'
import { testDatabaseUrl } from '../helpers/app'

let db: PrismaClient
beforeAll(async () => { db = createPrisma(testDatabaseUrl()) })
afterAll(async () => { await db.$disconnect() })

describe('timeline', () => {
  it('counts 2015 by month, every month of the span present, at each event\'s earliest day', async () => {
    const result = await timeline(db, { filter: { from: '2015-01-01', to: '2015-12-31', precision: ['day', 'month'] }, interval: 'month' })
    const events = await db.event.findMany({
      where: { dateLatest: { gte: new Date('2015-01-01') }, dateEarliest: { lte: new Date('2015-12-31') }, datePrecision: { in: ['day', 'month'] } },
      select: { dateEarliest: true }
    })
    const months = events.map((e) => e.dateEarliest!.toISOString().slice(0, 7)).sort()
    expect(months).toContain('2015-04')
    const expected = []
    for (let m = Number(months[0]!.slice(5)); m <= Number(months.at(-1)!.slice(5)); m++) {
      const label = `2015-${String(m).padStart(2, '0')}`
      expected.push({ time: `${label}-01`, label, count: months.filter((x) => x === label).length })
    }
    expect(result).toEqual({ interval: 'month', split: null, total: events.length, buckets: expected, undated: { count: 0 } })
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
    expect(await timeline(db, { filter: { q: 'zzyzx' }, interval: 'year' })).toEqual({ interval: 'year', split: null, total: 0, buckets: [], undated: { count: 0 } })
    await expect(timeline(db, { filter: { actor: ['atlantis'] }, interval: 'year' })).rejects.toThrow(new InvalidInputError('actor', 'no actor is called "atlantis"'))
  })
})

describe('stats', () => {
  it('counts what the tables hold', async () => {
    const result = await stats(db)
    expect(result.counts).toEqual({
      events: await db.event.count(),
      agreements: await db.agreement.count(),
      'leverage-channels': await db.leverageChannel.count(),
      figures: await db.figure.count(),
      actors: await db.actor.count(),
      sources: await db.source.count(),
      footnotes: await db.footnote.count(),
      scenarios: await db.scenario.count(),
      claims: await db.claim.count(),
      passages: await db.passage.count()
    })
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
