// A relation already carries a summary of each related record (src/knowledge/summaries.ts, the
// evidence's passage and footnotes); a query that asks only for those fields is answered from it
// (src/graphql/loaders.ts) instead of fetching the records whole. Both must give the same answer:
// each query below is sent as is, and again with one field the summary lacks, which forces the
// whole records; without that field the two answers are equal, for every record of the paper.
import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import { ActorSummarySchema, AgreementSummarySchema, ChannelSummarySchema, EventSummarySchema, ScenarioSummarySchema, SourceSummarySchema } from '../../src/knowledge/summaries'
import { buildTestApp } from '../helpers/app'
import { firstTable, graphql, useSqlCounter } from './client'

let app: FastifyInstance
const sql = useSqlCounter()
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

const DATE = 'date { printed value precision approximate basis note earliest latest }'

/** The GraphQL selection of a summary's fields. */
function fieldsOf (schema: z.ZodObject): string {
  return Object.keys(schema.shape).map((f) => f === 'date' ? DATE : f).join(' ')
}

function without (value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => without(v, key))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key).map(([k, v]) => [k, without(v, key)]))
}

const cases: Array<[string, (fields: string) => string, string, string, string, string | null]> = [
  // name, query around the fields, the summary's fields, a field it lacks, that field's key, and where
  // the summary cannot answer, the table the records are then fetched from (every row has all six:
  // jest hands a test function with more parameters than its row a `done` callback)
  ['Event.actors', (f) => `{ events(first: 200) { nodes { slug actors { role note actor { ${f} } } } } }`, fieldsOf(ActorSummarySchema), 'evidence { quote }', 'evidence', null],
  // The link's own role is not the actor's: asking for the actor's role must fetch the actor.
  ['Event.actors, the actor\'s own role', (f) => `{ events(first: 200) { nodes { slug actors { role actor { ${f} } } } } }`, 'slug role', 'evidence { quote }', 'evidence', 'actors'],
  ['Event.agreements', (f) => `{ events(first: 200) { nodes { slug agreements { ${f} } } } }`, fieldsOf(AgreementSummarySchema), 'terms', 'terms', null],
  // A source's date is the string the footnote prints.
  ['Event.sources', (f) => `{ events(first: 200) { nodes { slug sources { ${f} } } } }`, Object.keys(SourceSummarySchema.shape).join(' '), 'footnotes { number }', 'footnotes', null],
  ['Evidence.passage', (f) => `{ events(first: 200) { nodes { slug evidence { quote passage { ${f} } } } } }`, 'id ordinal kind section paragraph', 'text', 'text', null],
  ['Evidence.footnotes', (f) => `{ events(first: 200) { nodes { slug evidence { quote footnotes { ${f} } } } } }`, 'number sources { slug title url }', 'text', 'text', null],
  ['Footnote.sources', (f) => `{ claims(first: 200) { nodes { slug evidence { footnotes { number sources { ${f} } } } } } }`, 'slug title url', 'kind', 'kind', null],
  ['Agreement.parties', (f) => `{ agreements(first: 200) { nodes { slug parties { role note actor { ${f} } } } } }`, fieldsOf(ActorSummarySchema), 'evidence { quote }', 'evidence', null],
  ['Actor.events', (f) => `{ actors(first: 200) { nodes { slug events { role event { ${f} } } } } }`, fieldsOf(EventSummarySchema), 'summary', 'summary', null],
  ['Figure.channel', (f) => `{ figures(first: 200) { nodes { slug channel { ${f} } } } }`, fieldsOf(ChannelSummarySchema), 'description', 'description', null],
  ['Claim.scenarios', (f) => `{ claims(first: 200) { nodes { slug scenarios { ${f} } } } }`, fieldsOf(ScenarioSummarySchema), 'summary', 'summary', null]
]

describe('fields a relation already carries', () => {
  it.each(cases)('%s: answered from the relation, equal to the whole records', async (_name, query, fields, extra, key, fetched) => {
    let fromSummary!: Awaited<ReturnType<typeof graphql>>
    let whole!: Awaited<ReturnType<typeof graphql>>
    const summaryStatements = await sql.during(async () => { fromSummary = await graphql(app, query(fields)) })
    const wholeStatements = await sql.during(async () => { whole = await graphql(app, query(`${fields} ${extra}`)) })
    expect(fromSummary.body.errors).toBeUndefined()
    expect(whole.body.errors).toBeUndefined()
    expect(JSON.stringify(fromSummary.body.data).length).toBeGreaterThan(1000)
    expect(fromSummary.body.data).toEqual(without(whole.body.data, key))
    // Answered from the summary, the query takes fewer statements than with the whole records;
    // otherwise it fetches the records whole too.
    if (fetched === null) expect(summaryStatements.length).toBeLessThan(wholeStatements.length)
    else expect(summaryStatements.map(firstTable)).toContain(fetched)
  })

  it('fetches the actor when its own role is asked for, not the link\'s', async () => {
    const { body } = await graphql(app, '{ event(slug: "rasonkontrans-established") { actors { role actor { slug role } } } }')
    const { body: direct } = await graphql(app, '{ actors(first: 200) { nodes { slug role } } }')
    const roles = new Map((direct.data!.actors.nodes as Array<{ slug: string, role: string | null }>).map((a) => [a.slug, a.role]))
    const actors = body.data!.event.actors as Array<{ role: string, actor: { slug: string, role: string | null } }>
    expect(actors.length).toBeGreaterThan(0)
    for (const link of actors) expect(link.actor.role).toBe(roles.get(link.actor.slug))
  })
})
