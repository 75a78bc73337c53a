// jsonBytes writes exactly the bytes of JSON.stringify, whatever it is given.
import { jsonBytes } from '../../src/http/json'
import { useTestApp } from '../helpers/app'

const ctx = useTestApp()

class Point { constructor (readonly x: number, readonly y: number) {} toJSON (key: string): unknown { return key === 'hidden' ? undefined : [this.x, this.y] } }

const values: Array<[string, unknown]> = [
  ['a page of records', { data: [{ id: 1, title: 'Kim’s “visit” – 2015', tags: ['a', 'b'], nested: { deep: [{ deeper: { deepest: [1, 2] } }] } }, { id: 2, title: null }], page: { limit: 2, nextCursor: null } }],
  ['values JSON leaves out or turns to null', { skip: undefined, fn: () => 1, sym: Symbol('s'), list: [undefined, () => 1, Symbol('s'), NaN, Infinity, -0], n: NaN }],
  ['dates and toJSON', { at: new Date('2016-03-02T00:00:00.000Z'), point: new Point(1, 2), hidden: new Point(3, 4), list: [new Point(5, 6), new Date(0)] }],
  ['boxed primitives', { s: Object('text'), n: Object(3), b: Object(false) }],
  ['text that needs escaping', { '"key"\n': 'line\nbreak "quoted" \\ back\u2028slash \u0000 \ud800 북한 😀' }],
  ['an array at the top', [{ a: 1 }, [2, [3]], 'x', null]],
  ['empty things', { o: {}, a: [], s: '' }],
  ['deeper than the split depth', { a: { b: { c: { d: { e: { f: [1, { g: 'h' }] } } } } } }]
]

describe('jsonBytes', () => {
  it.each(values)('writes %s as JSON.stringify does', (_name, value) => {
    expect(jsonBytes(value).toString('utf8')).toBe(JSON.stringify(value))
    expect(jsonBytes(value)).toEqual(Buffer.from(JSON.stringify(value)))
  })

  it('writes a REST page as JSON.stringify writes the same page', async () => {
    const list = await ctx.get('/v1/events?limit=50&include=actors,sources').expect(200)
    expect(list.text).toMatch(/[’“”–]/)
    expect(list.text).toBe(JSON.stringify(list.body))
    expect(Number(list.headers['content-length'])).toBe(Buffer.byteLength(list.text))
  })
})
