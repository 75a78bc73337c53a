// What a query asks for below a field, read from its selection set: lets a connection build the
// relations its nodes ask for in its own statement, and a relation answer from the summaries it
// already holds. Fragments are not looked into; the answer is then "unknown" and the caller takes
// the general path.
import { Kind, type FieldNode, type SelectionSetNode } from 'graphql'

/**
 * The names of the fields selected at `path` below `nodes` (`[]`: directly below; `['actor']`:
 * below its `actor` field), or null where a fragment stands on the way.
 */
export function fieldsAt (nodes: readonly FieldNode[], path: readonly string[]): Set<string> | null {
  let sets: SelectionSetNode[] = nodes.flatMap((node) => node.selectionSet !== undefined ? [node.selectionSet] : [])
  for (const step of path) {
    const next: SelectionSetNode[] = []
    for (const set of sets) {
      for (const selection of set.selections) {
        if (selection.kind !== Kind.FIELD) return null
        if (selection.name.value === step && selection.selectionSet !== undefined) next.push(selection.selectionSet)
      }
    }
    sets = next
  }
  const names = new Set<string>()
  for (const set of sets) {
    for (const selection of set.selections) {
      if (selection.kind !== Kind.FIELD) return null
      names.add(selection.name.value)
    }
  }
  return names
}
