// A GraphQL client's codegen works from the served schema as it is: @graphql-codegen's
// typescript-operations types the example operations of the README and docs/, and each answer the
// pages show type-checks against its operation's type under strict tsc. Closed sets are enums, so
// `role: "PARTICIPANT"` checks and REST's `role: "participant"` does not.
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { codegen } from '@graphql-codegen/core'
import * as typescript from '@graphql-codegen/typescript'
import * as typescriptOperations from '@graphql-codegen/typescript-operations'
import type { FastifyInstance } from 'fastify'
import { buildClientSchema, getIntrospectionQuery, Kind, parse, printSchema, type DocumentNode, type IntrospectionQuery, type OperationDefinitionNode } from 'graphql'
import { buildTestApp } from './helpers/app'
import { graphqlExamples, guides } from './helpers/guides'

const run = promisify(execFile)
const GENERATED = 'test/typed-operations/generated'
const examples = guides.flatMap((file) => graphqlExamples(readFileSync(file, 'utf8')).map((e) => ({ ...e, file })))

/** The example's operation, named `Example<i>` when the page leaves it anonymous, so its type has a stable name. */
function named (query: string, i: number): { document: DocumentNode, name: string } {
  const document = parse(query)
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!
  const name = operation.name?.value ?? `Example${i}`
  const renamed = { ...operation, name: { kind: Kind.NAME, value: name } } as OperationDefinitionNode
  return { document: { ...document, definitions: document.definitions.map((d) => d === operation ? renamed : d) }, name: `${name}${operation.operation === 'query' ? 'Query' : operation.operation === 'mutation' ? 'Mutation' : 'Subscription'}` }
}

/** One strict-tsc file: every shown answer with data, as a value of its operation's generated type. */
function answersFile (answers: Array<{ type: string, data: unknown, file: string }>): string {
  return `import type * as Operations from './operations'\n\n${answers.map((a, i) =>
    `// ${a.file}\nexport const answer${i}: Operations.${a.type} = ${JSON.stringify(a.data, null, 2)}\n`).join('\n')}`
}

const tsc = async (): Promise<string> => await run('node_modules/.bin/tsc', ['-p', 'test/typed-operations/tsconfig.json']).then(() => '', (error: { stdout: string }) => error.stdout)

let app: FastifyInstance
let answers: Array<{ type: string, data: unknown, file: string }>
beforeAll(async () => {
  app = await buildTestApp()
  // The schema as a client gets it: by introspection of the running service.
  const introspection = await app.inject({ method: 'POST', url: '/graphql', payload: { query: getIntrospectionQuery() } })
  const schema = buildClientSchema(introspection.json().data as IntrospectionQuery)
  const operations = examples.map((e, i) => named(e.query, i))
  const code = await codegen({
    filename: 'operations.ts',
    schema: parse(printSchema(schema)),
    schemaAst: schema,
    // codegen validates each operation against the schema, as a client's build does.
    documents: operations.map(({ document }, i) => ({ location: `${examples[i]!.file}#${i}`, document })),
    plugins: [{ typescript: {} }, { typescriptOperations: {} }],
    pluginMap: { typescript, typescriptOperations },
    // Enums as string unions ('PARTICIPANT' | ...), so the JSON a page shows can be typed as it is.
    config: { enumsAsTypes: true, skipTypename: true }
  })
  rmSync(GENERATED, { recursive: true, force: true })
  mkdirSync(GENERATED, { recursive: true })
  writeFileSync(`${GENERATED}/operations.ts`, code)
  answers = examples.map((e, i) => ({ type: operations[i]!.name, answer: JSON.parse(e.answer) as { data?: unknown, errors?: unknown }, file: e.file }))
    .filter(({ answer }) => answer.errors === undefined && answer.data !== undefined && answer.data !== null)
    .map(({ type, answer, file }) => ({ type, data: answer.data, file }))
}, 60_000)
afterAll(async () => { await app.close() })

it('finds the examples, and most show an answer with data', () => {
  expect(examples.length).toBeGreaterThanOrEqual(6)
  expect(answers.length).toBeGreaterThanOrEqual(5)
})

it('types every example operation, and every answer shown type-checks against its type under strict tsc', async () => {
  writeFileSync(`${GENERATED}/answers.ts`, answersFile(answers))
  expect(await tsc()).toBe('')
}, 60_000)

it('refuses an answer with REST\'s spelling of an enum value (the check is not vacuous)', async () => {
  const withRole = answers.find((a) => JSON.stringify(a.data).includes('"role":"PARTICIPANT"'))!
  const wrong = JSON.parse(JSON.stringify(withRole.data).replace('"role":"PARTICIPANT"', '"role":"participant"')) as unknown
  writeFileSync(`${GENERATED}/answers.ts`, answersFile([{ ...withRole, data: wrong }]))
  expect(await tsc()).toMatch(/answers\.ts.*Type '"participant"' is not assignable to type 'ActorRole'/s)
}, 60_000)
