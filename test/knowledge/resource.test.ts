// The list engine (src/knowledge/resource.ts) against plain SQL: every sort of every kind, walked
// with cursors a few records at a time, gives exactly the order PostgreSQL gives for "the sort
// field in the asked direction, nulls last, ties by id in the same direction", and the total.
import type request from 'supertest'
import { resources } from '../../src/knowledge'
import { columnOf } from '../../src/db/prisma'
import { useTestApp } from '../helpers/app'

const ctx = useTestApp()

const cases = resources.flatMap((def) => Object.entries(def.sorts).flatMap(([key, spec]) =>
  (['asc', 'desc'] as const).map((direction) => ({ def, key, field: spec.field, direction }))))

describe('keyset pagination', () => {
  it('covers every kind and sort', () => {
    expect(new Set(cases.map((c) => c.def.name)).size).toBe(resources.length)
    expect(cases.length).toBeGreaterThanOrEqual(2 * 20)
  })

  it.each(cases.map((c) => [`${c.def.name} by ${c.direction === 'desc' ? '-' : ''}${c.key}`, c] as const))('walks %s page by page in SQL order', async (_name, { def, key, field, direction }) => {
    const column = columnOf(field)
    const dir = direction === 'asc' ? 'ASC' : 'DESC'
    const expected = (await ctx.sql.query<{ id: number }>(`SELECT id FROM "${def.table}" ORDER BY ${column === 'id' ? 'id' : `"${column}" ${dir} NULLS LAST, id`} ${dir}`)).rows.map((r) => r.id)
    const sort = `${direction === 'desc' ? '-' : ''}${key}`
    const limit = Math.max(2, Math.ceil(expected.length / 6))
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const res: request.Response = await ctx.get(`/v1/${def.name}?sort=${sort}&limit=${limit}${cursor !== null ? `&cursor=${cursor}` : ''}`).expect(200)
      expect(res.body.page.total).toBe(expected.length)
      seen.push(...res.body.data.map((r: { id: number }) => r.id))
      cursor = res.body.page.nextCursor
    } while (cursor !== null && seen.length <= expected.length)
    expect(seen).toEqual(expected)
  })
})
