// The GraphQL schema is SDL in src/graphql/schema/*.graphql, one file per kind of knowledge; the
// closed sets' enums take their internal values from src/graphql/enums.ts.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeExecutableSchema } from '@graphql-tools/schema'
import type { GraphQLSchema } from 'graphql'
import { enumValues } from './enums'

export const SCHEMA_DIR = join(__dirname, 'schema')

/** Every .graphql file under schema/, common.graphql first (it declares `type Query`). */
export function readSchema (dir = SCHEMA_DIR): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort((a, b) => Number(b === 'common.graphql') - Number(a === 'common.graphql') || a.localeCompare(b))
  return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n')
}

/** The schema the service runs: the SDL, its enums mapped to the values the service uses (mercurius adds the resolvers). */
export function buildGraphQLSchema (): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: readSchema(), resolvers: enumValues })
}
