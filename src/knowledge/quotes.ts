// The paper's quote rule: the one normalisation under which a quote (in seed/ or in an editor's
// evidence) must match the paper's text verbatim.

/** A footnote marker in the paper's text: `^[n]` or `[n]`. */
export const FOOTNOTE_MARKER = /\^?\[([1-9]|[12]\d|30)\]/g

/**
 * The paper is Markdown-ish text: `\$` escapes, `*italics*`, `[label](#)` links and footnote
 * markers `^[n]` or `[n]`. Quotes in seed/ are compared with this form, whitespace folded.
 */
export function normalizeText (raw: string): string {
  return raw
    .replace(/\\([$*_[\]])/g, '$1')
    .replace(/\[([^\]]+)\]\(#\)/g, '$1')
    .replace(/\*/g, '')
    .replace(FOOTNOTE_MARKER, '')
    .replace(/\s+/g, ' ')
    .trim()
}

export function foldWhitespace (s: string): string {
  return s.replace(/\s+/g, ' ').trim()
}
