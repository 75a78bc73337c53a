// The README and its reference pages under docs/, whose examples the tests run and type-check.
import { readdirSync } from 'node:fs'

/** The guide and its reference pages, in reading order: the examples with keys run in this order. */
export const guides = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)]

/** Each ```graphql block followed by a ```json block: the query and the answer the page shows. */
export function graphqlExamples (markdown: string): Array<{ query: string, answer: string }> {
  return [...markdown.matchAll(/^```graphql\n([\s\S]*?)^```\n\n```json\n([\s\S]*?)^```$/gm)].map((m) => ({ query: m[1]!, answer: m[2]!.trimEnd() }))
}
