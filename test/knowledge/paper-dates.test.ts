import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { citationDate, dateBounds } from '../../src/knowledge/paper-dates'

const date = (value: string | null, approximate = false) => ({ printed: null, value, approximate, basis: 'text' as const })
const iso = (d: Date | null): string | null => d?.toISOString().slice(0, 10) ?? null

describe('date bounds keep the precision the paper gives', () => {
  it.each([
    ['2016-01-06', false, 'day', '2016-01-06', '2016-01-06'],
    ['2015-11', false, 'month', '2015-11-01', '2015-11-30'],
    ['2016-02', false, 'month', '2016-02-01', '2016-02-29'],
    ['2014', false, 'year', '2014-01-01', '2014-12-31'],
    ['1993/1994', false, 'range', '1993-01-01', '1994-12-31'],
    ['2014-02/2016-03', false, 'range', '2014-02-01', '2016-03-31'],
    ['1945/1949', true, 'approximate', '1945-01-01', '1949-12-31']
  ])('%s (approximate: %s) is a %s from %s to %s', (value, approximate, precision, earliest, latest) => {
    const b = dateBounds(date(value, approximate))
    expect({ precision: b.precision, earliest: iso(b.earliest), latest: iso(b.latest) }).toEqual({ precision, earliest, latest })
  })

  it('leaves an undated record unbounded', () => {
    expect(dateBounds(date(null))).toEqual({ precision: 'unknown', earliest: null, latest: null })
    expect(dateBounds(null)).toEqual({ precision: 'unknown', earliest: null, latest: null })
  })

  it('rejects a range that ends before it starts', () => {
    expect(() => dateBounds(date('2016/2014'))).toThrow('date range 2016/2014 ends before it starts')
  })
})

describe('a citation\'s printed date is read as printed, never sharper', () => {
  it.each([
    ['Jan. 15, 2016', '2016-01-15', 'day'],
    ['Sep., 2, 2015', '2015-09-02', 'day'],
    ['2 March, 2016', '2016-03-02', 'day'],
    ['December 23, 2014', '2014-12-23', 'day'],
    ['Sept. 3, 2015', '2015-09-03', 'day'],
    ['November 2002', '2002-11', 'month'],
    ['Feb. 2016', '2016-02', 'month'],
    ['2012', '2012', 'year'],
    ['Summer/Fall 1997', '1997-06/1997-11', 'approximate']
  ])('%s is %s (%s)', (printed, value, precision) => {
    const d = citationDate(printed)
    expect({ value: d?.value, precision: dateBounds(d).precision, printed: d?.printed }).toEqual({ value, precision, printed })
  })

  it.each([['Feb. 30, 2016'], ['Winter 2015'], ['soon'], ['15 Jan. 3, 2016']])('reads "%s" as no date', (printed) => {
    expect(citationDate(printed)).toBeNull()
  })

  it('reads every printed date in seed/sources.yaml', () => {
    const unread = (parse(readFileSync('seed/sources.yaml', 'utf8')) as Array<{ slug: string, date: string | null }>)
      .filter((s) => s.date !== null && citationDate(s.date) === null).map((s) => `${s.slug}: ${s.date!}`)
    expect(unread).toEqual([])
  })
})
