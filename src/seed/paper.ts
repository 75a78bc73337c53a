// Splits the paper's text file into passages (front matter, body paragraphs by section, footnotes)
// and finds the passage a quote sits in (src/knowledge/quotes.ts says when a quote matches).
import { z } from 'zod'
import { foldWhitespace, FOOTNOTE_MARKER, normalizeText } from '../knowledge/quotes'

export const PassageKindSchema = z.enum(['front-matter', 'body', 'footnote'])
export type PassageKind = z.infer<typeof PassageKindSchema>

export interface ParsedPassage {
  ordinal: number
  kind: PassageKind
  section: string | null
  paragraph: number
  text: string
  footnotes: number[]
  /** Set on footnote passages: the footnote's own number. */
  footnoteNumber: number | null
  /** 1-based line range in the source file. */
  lines: [number, number]
}

export interface PaperLayout {
  /** The first words of the first body paragraph: everything before it is front matter. */
  bodyStart: string
  /** Section headings exactly as printed, in order. */
  sections: string[]
}

const FOOTNOTE_START = /^(?:- )?\[(\d{1,2})\]\s*/

function footnoteMarkers (raw: string): number[] {
  return [...raw.matchAll(FOOTNOTE_MARKER)].map((m) => Number(m[1]))
}

/** A paragraph cut by a page break ends without closing punctuation; it continues in the next one. */
function isCutByPageBreak (text: string): boolean {
  return !/[.?!:;"”)>\]]$/.test(text.trim())
}

interface RawBlock { text: string, lines: [number, number] }

function blocksOf (content: string): RawBlock[] {
  const blocks: RawBlock[] = []
  let current: string[] = []
  let start = 0
  content.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') {
      if (current.length > 0) blocks.push({ text: current.join('\n'), lines: [start, i] })
      current = []
      return
    }
    if (current.length === 0) start = i + 1
    current.push(line)
  })
  if (current.length > 0) blocks.push({ text: current.join('\n'), lines: [start, start + current.length - 1] })
  return blocks
}

export function parsePaper (content: string, layout: PaperLayout): ParsedPassage[] {
  const isHeading = (block: RawBlock): boolean => layout.sections.includes(block.text.trim())
  const merged: Array<RawBlock & { kind: PassageKind }> = []
  let kind: PassageKind = 'front-matter'
  for (const block of blocksOf(content).flatMap(splitFootnoteList)) {
    if (kind === 'front-matter' && block.text.trim().startsWith(layout.bodyStart)) kind = 'body'
    if (kind === 'body' && FOOTNOTE_START.test(block.text.trim())) kind = 'footnote'
    const previous = merged.at(-1)
    if (previous !== undefined && kind !== 'front-matter' && previous.kind === kind &&
        !isHeading(block) && !isHeading(previous) && !FOOTNOTE_START.test(block.text.trim()) &&
        isCutByPageBreak(previous.text)) {
      previous.text = `${previous.text} ${block.text}`
      previous.lines = [previous.lines[0], block.lines[1]]
    } else {
      merged.push({ ...block, kind })
    }
  }

  const passages: ParsedPassage[] = []
  let section: string | null = null
  let paragraph = 0
  for (const block of merged) {
    const trimmed = block.text.trim()
    if (block.kind === 'body' && isHeading(block)) {
      section = trimmed
      paragraph = 0
      continue
    }
    if (block.kind === 'footnote' && section !== 'Notes') {
      section = 'Notes'
      paragraph = 0
    }
    paragraph += 1
    const footnoteStart = FOOTNOTE_START.exec(trimmed)
    const isFootnote = block.kind === 'footnote'
    const body = isFootnote ? trimmed.replace(FOOTNOTE_START, '') : trimmed
    passages.push({
      ordinal: passages.length + 1,
      kind: block.kind,
      section,
      paragraph,
      text: isFootnote ? normalizeFootnote(body) : normalizeText(body),
      footnotes: isFootnote ? [] : footnoteMarkers(body),
      footnoteNumber: isFootnote && footnoteStart !== null ? Number(footnoteStart[1]) : null,
      lines: block.lines
    })
  }
  return passages
}

/** Part of the notes is a Markdown list: one footnote per line. */
function splitFootnoteList (block: RawBlock): RawBlock[] {
  const lines = block.text.split('\n')
  if (lines.length < 2 || !lines.every((line) => FOOTNOTE_START.test(line))) return [block]
  return lines.map((line, i) => ({ text: line, lines: [block.lines[0] + i, block.lines[0] + i] }))
}

/** Footnotes keep their URLs as printed (angle brackets dropped), so markers are not stripped. */
function normalizeFootnote (raw: string): string {
  return foldWhitespace(raw.replace(/\\([$*_[\]])/g, '$1').replace(/\*/g, '').replace(/<(https?:[^>]+)>/g, '$1'))
}

/** Where a quote sits in the paper: the passage whose text contains it, whitespace folded. */
export function locateQuote (passages: ParsedPassage[], quote: string): ParsedPassage | undefined {
  const needle = normalizeText(quote)
  return passages.find((p) => p.text.includes(needle))
}
