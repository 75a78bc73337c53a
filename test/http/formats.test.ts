import { csvStream, negotiate } from '../../src/http/formats'

describe('negotiate', () => {
  it.each([
    [undefined, 'json'],
    ['*/*', 'json'],
    ['application/*', 'json'],
    ['application/problem+json', 'json'],
    ['text/*', 'csv'],
    ['text/csv', 'csv'],
    ['application/x-ndjson', 'ndjson'],
    ['text/csv;q=0.5, application/x-ndjson', 'ndjson'],
    ['text/html, text/csv;q=0.9, */*;q=0.1', 'csv'],
    ['application/xml, */*;q=0.2', 'json']
  ] as const)('Accept %s answers %s', (accept, format) => {
    expect(negotiate(undefined, accept)).toBe(format)
  })

  it('lets format= win over Accept', () => {
    expect(negotiate('csv', 'application/json')).toBe('csv')
  })

  it('refuses what it cannot produce, and what a route does not offer', () => {
    expect(() => negotiate(undefined, 'application/xml')).toThrow(/cannot answer with application\/xml/)
    expect(() => negotiate(undefined, 'application/json;q=0')).toThrow(/cannot answer/)
    expect(() => negotiate(undefined, 'text/csv', ['json'])).toThrow(/cannot answer/)
  })
})

describe('csvStream', () => {
  async function csv (columns: string[], records: Array<Record<string, unknown>>, bom = false): Promise<string> {
    let text = ''
    for await (const chunk of csvStream(columns, (async function * () { yield * records })(), bom)) text += String(chunk)
    return text
  }

  it('quotes only cells that need it, with CRLF line ends and nested fields as a.b', async () => {
    const text = await csv(['slug', 'date.printed', 'actors', 'note'], [
      { slug: 'a', date: { printed: 'Sep., 2, 2015' }, actors: [{ slug: 'russia' }, { slug: 'dprk' }], note: 'said "no"\nthen left' },
      { slug: 'b', date: null, actors: [], note: null }
    ])
    expect(text).toBe('slug,date.printed,actors,note\r\n' +
      'a,"Sep., 2, 2015","[""russia"",""dprk""]","said ""no""\nthen left"\r\n' +
      'b,,[],\r\n')
  })

  it('starts with a byte-order mark only when asked', async () => {
    expect(await csv(['slug'], [{ slug: 'a' }], true)).toBe('\uFEFFslug\r\na\r\n')
    expect(await csv(['slug'], [])).toBe('slug\r\n')
  })
})
