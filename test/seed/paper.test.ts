import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { normalizeText } from '../../src/knowledge/quotes'
import { parsePaper } from '../../src/seed/paper'

const text = readFileSync('seed/lukin-2016-russia-north-korea.txt', 'utf8')
const passages = parsePaper(text, parse(readFileSync('seed/layout.yaml', 'utf8')))

describe('the paper split into passages', () => {
  it('has front matter, the body under its four headings, and 30 footnotes in order', () => {
    expect(passages.filter((p) => p.kind === 'front-matter').map((p) => p.text)).toEqual([
      "Russia's Role in the North Korea Conundrum: Part of the Problem or Part of the Solution?",
      expect.stringMatching(/^Artyom Lukin is Associate Professor/),
      'Related program(s)', 'Asia Program', 'Program on National Security',
      'Russian President Vladimir Putin (R) with North Korean leader Kim Jong-Il in Vladivostok, Russia in 2002. (Photo ITAR-TASS / Vladimir Rodionov)'
    ])
    const sections = [...new Set(passages.filter((p) => p.kind === 'body').map((p) => p.section))]
    expect(sections).toEqual([null, 'Russia and North Korea: The Renaissance of an Old Alliance?', 'Russia and China: Exchanging Korea for Ukraine?',
      "What is Russia's Leverage with North Korea?", 'Conclusion: Three Scenarios'])
    expect(passages.filter((p) => p.kind === 'footnote').map((p) => p.footnoteNumber)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
  })

  it('joins paragraphs that a page break cut in two', () => {
    const pobeda = passages.find((p) => p.text.includes('The biggest among them, named “Pobeda” (“Victory”), calls for Russia'))
    expect(pobeda).toMatchObject({ section: 'Russia and North Korea: The Renaissance of an Old Alliance?', lines: [52, 54] })
    expect(passages.find((p) => p.footnoteNumber === 20)?.text).toMatch(/Hard Currency," October 15, 2013, http:\/\/freebeacon\.com/)
  })

  it('records the footnote markers of each paragraph and drops them from its text', () => {
    const p = passages.find((x) => x.text.startsWith('During 2014 and 2015'))!
    expect(p.footnotes).toEqual([7, 8, 9])
    expect(p.text).not.toMatch(/\[\d+\]/)
    expect(passages.find((x) => x.text.startsWith('Transportation links.'))!.footnotes).toEqual([22, 23, 24])
  })

  it('keeps printed urls in footnotes without their angle brackets', () => {
    expect(passages.find((p) => p.footnoteNumber === 27)?.text).toBe('UNSC Resolution 2270. Adopted on 2 March, 2016, http://www.un.org/en/sc/documents/resolutions/2016.shtml')
  })

  it('normalises markup but not the paper\'s own characters', () => {
    expect(normalizeText('write off 90% of the \\$11 billion debt.^[10] *Rasonkontrans*,  was')).toBe('write off 90% of the $11 billion debt. Rasonkontrans, was')
    expect(normalizeText('“the forgotten player”^[2] in')).toBe('“the forgotten player” in')
  })
})
