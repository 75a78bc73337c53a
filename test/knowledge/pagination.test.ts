// Crafted cursors: a cursor is base64url JSON anyone can write. Every list, in every sort and both
// directions, must answer a cursor whose sort value or id does not fit its column with a 400 (REST)
// or an `invalid-parameter` error (GraphQL), never a 500; and a crafted cursor that does fit is
// simply a place in the list.
import { resources } from '../../src/knowledge'
import type { SortType } from '../../src/knowledge/pagination'
import { useTestApp } from '../helpers/app'
import { camel, graphql } from '../graphql/client'

const ctx = useTestApp({ rateLimit: { max: 100_000, timeWindow: '1 minute', store: 'memory' } })

function cursor (payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

/** Sort values that no column of the type can take, each with why. */
const MISFITS: Record<SortType, unknown[]> = {
  integer: ['2', 'abc', 1.5, 2147483648, -2147483649, 1e308, true, [], {}],
  number: ['2', 'abc', true, [], {}],
  date: [2015, '2015-13-45', '0000-01-01', '10000-01-01', 'yesterday', "2015-01-01'; --", true, []],
  text: [2, 1.5, true, [], {}, 'nul\u0000byte']
}

const sorts = resources.flatMap((def) => Object.entries(def.sorts).flatMap(([key, sort]) =>
  ['', '-'].map((sign) => ({ def, sort: `${sign}${key}`, type: sort.type, nullable: sort.nullable ?? false }))))

describe('a crafted REST cursor', () => {
  it.each(sorts)('is refused with 400 on /v1/$def.name?sort=$sort when its value or id does not fit', async ({ def, sort, type, nullable }) => {
    const misfits = [
      ...MISFITS[type].map((v) => ({ s: sort, v, id: 1 })),
      ...(nullable ? [] : [{ s: sort, v: null, id: 1 }]),
      { s: sort, v: type === 'integer' || type === 'number' ? 1 : '2015-01-01', id: 2147483648 },
      { s: sort, v: type === 'integer' || type === 'number' ? 1 : '2015-01-01', id: '1' },
      { s: sort, v: type === 'integer' || type === 'number' ? 1 : '2015-01-01', id: 1, extra: 1 }
    ]
    for (const payload of misfits) {
      const res = await ctx.get(`/v1/${def.name}?sort=${encodeURIComponent(sort)}&cursor=${cursor(payload)}`)
      expect({ payload, status: res.status, type: res.headers['content-type'], code: res.body.code, field: res.body.errors?.[0]?.field })
        .toEqual({ payload, status: 400, type: 'application/problem+json; charset=utf-8', code: 'invalid-parameter', field: 'cursor' })
    }
  })

  it.each(sorts)('that fits is a place in /v1/$def.name?sort=$sort: the records after it', async ({ def, sort, type }) => {
    const fitting: Record<SortType, unknown> = { integer: 3, number: 2.5, date: '2010-06-01T00:00:00.000Z', text: 'M' }
    const res = await ctx.get(`/v1/${def.name}?sort=${encodeURIComponent(sort)}&limit=200&cursor=${cursor({ s: sort, v: fitting[type], id: 3 })}`)
    expect(res.status).toBe(200)
    const all = await ctx.get(`/v1/${def.name}?sort=${encodeURIComponent(sort)}&limit=200`).expect(200)
    // The page after the crafted place is a tail of the whole list.
    const ids = (res.body.data as Array<{ id: number }>).map((r) => r.id)
    const allIds = (all.body.data as Array<{ id: number }>).map((r) => r.id)
    expect(allIds.slice(allIds.length - ids.length)).toEqual(ids)
  })

  it('answers the reported reproducer with 400, naming the sort value', async () => {
    const res = await ctx.get('/v1/passages?cursor=eyJzIjoib3JkaW5hbCIsInYiOiIyIiwiaWQiOjJ9').expect(400)
    expect(res.body).toEqual({
      type: '/problems/invalid-parameter',
      title: 'Bad Request',
      status: 400,
      detail: 'cursor is not valid: its ordinal is not an integer',
      instance: '/v1/passages?cursor=eyJzIjoib3JkaW5hbCIsInYiOiIyIiwiaWQiOjJ9',
      code: 'invalid-parameter',
      errors: [{ field: 'cursor', message: 'cursor is not valid: its ordinal is not an integer' }]
    })
  })

  it('is refused on search and the changes feed when its id does not fit', async () => {
    const search = await ctx.get('/v1/search?q=railway&limit=1').expect(200)
    const forged = JSON.parse(Buffer.from(search.body.page.nextCursor as string, 'base64url').toString('utf8'))
    for (const bad of [{ ...forged, id: 2147483648 }, { ...forged, r: 'x' }, { ...forged, k: 'api-keys' }]) {
      const res = await ctx.get(`/v1/search?q=railway&limit=1&cursor=${cursor(bad)}`)
      expect([res.status, res.body.code]).toEqual([400, 'invalid-parameter'])
    }
    for (const bad of [{ c: '1'.repeat(19) }, { c: 5 }, { c: '-1' }]) {
      const res = await ctx.get(`/v1/changes?cursor=${cursor(bad)}`)
      expect([res.status, res.body.code]).toEqual([400, 'invalid-parameter'])
    }
  })
})

describe('a crafted GraphQL cursor', () => {
  it.each(sorts)('is refused with invalid-parameter on $def.name ordered by $sort', async ({ def, sort, type }) => {
    const field = camel(def.name)
    const orderBy = `{ field: ${sort.replace(/^-/, '').toUpperCase()}, direction: ${sort.startsWith('-') ? 'DESC' : 'ASC'} }`
    for (const v of MISFITS[type]) {
      const res = await graphql(ctx.app, `query ($after: String) { ${field}(orderBy: ${orderBy}, after: $after) { totalCount } }`, { after: cursor({ s: sort, v, id: 1 }) })
      expect({ v, status: res.status, codes: res.body.errors?.map((e) => e.extensions?.code) }).toEqual({ v, status: 400, codes: ['invalid-parameter'] })
    }
  })
})
