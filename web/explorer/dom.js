// Building DOM nodes without HTML strings: text from the API is always text, never markup.

/** h('a', { href, class: 'x', onclick }, 'text', child, [more]) */
export function h (tag, props, ...children) {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value)
    else if (name === 'class') el.className = value
    else el.setAttribute(name, value === true ? '' : String(value))
  }
  append(el, children)
  return el
}

/** Appends children to `el`: nodes, text, nested arrays; null, undefined and false are skipped. */
export function append (el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue
    if (Array.isArray(child)) append(el, child)
    else el.append(child instanceof window.Node ? child : String(child))
  }
}

/** Search snippets are HTML whose only elements are <mark>s: kept as marks, everything else as text. */
export function snippet (html) {
  const body = new window.DOMParser().parseFromString(html, 'text/html').body
  return [...body.childNodes].map((node) => node.nodeName === 'MARK' ? h('mark', {}, node.textContent) : node.textContent)
}

/**
 * `text` with each range [start, end) wrapped by `wrap(slice, range)`; ranges may overlap and are
 * merged (a merged range keeps every item that asked for it).
 */
export function marked (text, ranges, wrap) {
  const sorted = [...ranges].sort((a, b) => a.start - b.start)
  const merged = []
  for (const range of sorted) {
    const last = merged.at(-1)
    if (last !== undefined && range.start < last.end) {
      last.end = Math.max(last.end, range.end)
      last.items.push(...range.items)
    } else merged.push({ start: range.start, end: range.end, items: [...range.items] })
  }
  const nodes = []
  let at = 0
  for (const range of merged) {
    if (range.start > at) nodes.push(text.slice(at, range.start))
    nodes.push(wrap(text.slice(range.start, range.end), range))
    at = range.end
  }
  if (at < text.length) nodes.push(text.slice(at))
  return nodes
}

/** Where `quote` sits in `text`: exact first, then ignoring differences of quotation marks and spaces. */
export function findQuote (text, quote) {
  const exact = text.indexOf(quote)
  if (exact >= 0) return { start: exact, end: exact + quote.length }
  const fold = (s) => s.replace(/[“”„"]/g, '"').replace(/[‘’']/g, "'").replace(/\s+/g, ' ')
  const folded = fold(text)
  // Folding keeps lengths except for runs of spaces; the paper's text has single spaces.
  const at = folded.indexOf(fold(quote))
  return at >= 0 && folded.length === text.length ? { start: at, end: at + fold(quote).length } : null
}

export function loading () {
  return h('p', { class: 'loading', role: 'status' }, 'Loading…')
}
