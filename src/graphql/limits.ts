// Bounds on what one GraphQL request may ask for: how deep it nests and how many records it can
// make the server assemble. Introspection (what GraphiQL sends when it opens) is exempt from both.
import { getNamedType, getNullableType, GraphQLError, isCompositeType, isListType, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql'
import type { ComplexityEstimator } from 'graphql-query-complexity'
import { DEFAULT_PAGE_SIZE } from './knowledge'

/** `events { edges { node { actors { actor { events { event { title } } } } } } }` is 8 deep. */
export const MAX_DEPTH = 10

/** Roughly the number of records a request may assemble: a page of 200 events with their actors, agreements and evidence fits. */
export const MAX_COST = 50_000

/** Writes one request may make: aliases must not turn one request into a bulk import. */
export const MAX_MUTATIONS = 10

/** How many related records a list field (an event's actors, a footnote's sources) is assumed to hold. */
export const RELATED_LIST_SIZE = 5

function isIntrospection (name: string): boolean {
  return name.startsWith('__')
}

function depthOf (selectionSet: SelectionSetNode, context: ValidationContext, depth: number, fragments: ReadonlySet<string>): number {
  let deepest = depth
  for (const selection of selectionSet.selections) {
    let reached = depth
    if (selection.kind === Kind.FIELD) {
      if (isIntrospection(selection.name.value)) continue
      reached = selection.selectionSet !== undefined ? depthOf(selection.selectionSet, context, depth + 1, fragments) : depth + 1
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      reached = depthOf(selection.selectionSet, context, depth, fragments)
    } else {
      const name = selection.name.value
      const fragment = context.getFragment(name)
      // Unknown and cyclic fragments are reported by graphql-js's own rules.
      if (fragment === null || fragment === undefined || fragments.has(name)) continue
      reached = depthOf(fragment.selectionSet, context, depth, new Set([...fragments, name]))
    }
    deepest = Math.max(deepest, reached)
  }
  return deepest
}

/** A validation rule: operations nest at most `max` fields deep, not counting introspection. */
export function depthLimit (max: number): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    OperationDefinition (operation) {
      const depth = depthOf(operation.selectionSet, context, 0, new Set())
      if (depth > max) {
        const name = operation.name?.value ?? 'the query'
        context.reportError(new GraphQLError(`${name} is ${depth} fields deep; the limit is ${max}`, { nodes: [operation], extensions: { code: 'query-too-deep', depth, limit: max } }))
      }
    }
  })
}

/**
 * The cost of a field is the number of records it makes the server assemble: an object costs 1
 * plus its fields, a connection `first` times its nodes, any other list RELATED_LIST_SIZE times.
 * Scalars and introspection are free.
 */
export const estimateCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (isIntrospection(field.name) || isIntrospection(type.name)) return 0
  const named = getNamedType(field.type)
  // A union (a search hit's node) costs as its costliest member.
  if (!isCompositeType(named)) return 0
  if (named.name.endsWith('Connection')) return 1 + Number(args.first ?? DEFAULT_PAGE_SIZE) * childComplexity
  // A connection's page is already multiplied by first: a node costs 1 (nodes, or edges' node), the rest nothing.
  if (type.name.endsWith('Connection')) return field.name === 'nodes' ? 1 + childComplexity : childComplexity
  if (isListType(getNullableType(field.type))) return RELATED_LIST_SIZE * (1 + childComplexity)
  return 1 + childComplexity
}

/** A validation rule: a mutation operation names at most `max` mutation fields (aliases count, fragments too). */
export function mutationLimit (max: number): (context: ValidationContext) => ASTVisitor {
  const count = (selectionSet: SelectionSetNode, context: ValidationContext, seen: ReadonlySet<string>): number => selectionSet.selections.reduce((n, selection) => {
    if (selection.kind === Kind.FIELD) return n + (isIntrospection(selection.name.value) ? 0 : 1)
    if (selection.kind === Kind.INLINE_FRAGMENT) return n + count(selection.selectionSet, context, seen)
    const fragment = context.getFragment(selection.name.value)
    return fragment === null || fragment === undefined || seen.has(selection.name.value) ? n : n + count(fragment.selectionSet, context, new Set([...seen, selection.name.value]))
  }, 0)
  return (context) => ({
    OperationDefinition (operation) {
      if (operation.operation !== 'mutation') return
      const writes = count(operation.selectionSet, context, new Set())
      if (writes > max) context.reportError(new GraphQLError(`the mutation makes ${writes} writes; the limit is ${max} per request`, { nodes: [operation], extensions: { code: 'too-many-mutations', count: writes, limit: max } }))
    }
  })
}
