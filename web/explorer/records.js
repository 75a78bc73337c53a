// How a record of any kind is named and linked: read from the record's own fields, so a new kind
// needs nothing here.

/** The key a record is looked up by in /v1/<kind>/<key>: footnotes by number, passages by ordinal, the rest by slug. */
export function keyOf (record) {
  return record.slug ?? record.number ?? record.ordinal ?? record.id
}

/** A short human name for a record of any kind. */
export function labelOf (record) {
  const text = record.title ?? record.name ?? record.measure ?? record.text ?? record.printed
  if (record.number !== undefined && record.text !== undefined && record.slug === undefined) return `Footnote ${record.number}: ${clip(record.text)}`
  if (record.ordinal !== undefined && record.kind !== undefined && record.text !== undefined && record.slug === undefined) return `¶ ${record.ordinal}: ${clip(record.text)}`
  return text !== undefined ? clip(String(text)) : String(keyOf(record))
}

function clip (text, max = 140) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** The explorer's address of a record. */
export function recordHref (kind, record) {
  return `#/${kind}/${encodeURIComponent(keyOf(record))}`
}

/** Which kind a related-record field holds, by its name in the API (parties are actors, channels leverage channels). */
const FIELD_KINDS = { parties: 'actors', members: 'actors', channels: 'leverage-channels', channel: 'leverage-channels', passage: 'passages', source: 'sources', affiliation: 'actors' }

export function kindOfField (field, kinds) {
  if (FIELD_KINDS[field] !== undefined) return FIELD_KINDS[field]
  if (kinds.includes(field)) return field
  const plural = `${field}s`
  return kinds.includes(plural) ? plural : null
}

/** The paper prints dates in many ways; show it as printed, with the machine form beside it. */
export function dateText (date) {
  if (date === null || date === undefined) return 'undated'
  const printed = date.printed ?? 'not printed'
  return date.value !== null && date.value !== printed ? `${printed} (${date.value})` : printed
}

/** GraphQL's name for one record of a kind: leverage-channels → leverageChannel. */
export function graphqlField (kind) {
  return kind.replace(/-([a-z])/g, (_, c) => c.toUpperCase()).replace(/s$/, '')
}

export function kindTitle (kind) {
  const words = kind.replace(/-/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
