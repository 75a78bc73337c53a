import type { FastifyInstance } from 'fastify'
import { buildTestApp } from '../helpers/app'
import { firstTable, graphql, useSqlCounter } from './client'

let app: FastifyInstance
const sql = useSqlCounter()
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

/** The response and the number of SQL statements it took. */
async function counted (query: string): Promise<{ statements: number, tables: string[], body: Awaited<ReturnType<typeof graphql>>['body'] }> {
  let body!: Awaited<ReturnType<typeof graphql>>['body']
  const texts = await sql.during(async () => { body = (await graphql(app, query)).body })
  const tables = texts.map(firstTable)
  return { statements: texts.length, tables, body }
}

const eventsWithEverything = (first: number): string => `{
  events(first: ${first}) {
    nodes {
      slug
      actors { role actor { slug name } }
      agreements { slug title }
      evidence { quote passage { ordinal text } footnotes { number sources { slug title } } }
    }
  }
}`

describe('the number of SQL statements does not grow with the number of records', () => {
  it('is the same for 5 and for 50 events with their actors, agreements, evidence and sources', async () => {
    const five = await counted(eventsWithEverything(5))
    const fifty = await counted(eventsWithEverything(50))
    expect(five.body.errors).toBeUndefined()
    expect(fifty.body.errors).toBeUndefined()
    expect(five.body.data!.events.nodes).toHaveLength(5)
    expect(fifty.body.data!.events.nodes).toHaveLength(50)
    // The data version (the response cache's key); the page with its total and, built as JSON in
    // the same statement, each event's evidence (passages, footnotes and their sources), actors and
    // agreements, whose summaries answer `slug name` and `slug title`; the whole passages, as `text`
    // is asked for.
    expect({ five: five.statements, fifty: fifty.statements }).toEqual({ five: 3, fifty: 3 })
  })

  it('stays flat four relations deep', async () => {
    // Every agreement has parties, and every level below has records, so both requests reach the bottom.
    const deep = (first: number): string => `{
      agreements(first: ${first}) { nodes { slug parties { role actor { slug events { role event { slug actors { actor { slug } } } } } } } }
    }`
    const five = await counted(deep(5))
    const all = await counted(deep(50))
    expect(five.body.data!.agreements.nodes).toHaveLength(5)
    expect(all.body.data!.agreements.nodes.length).toBeGreaterThan(20)
    expect({ five: five.statements, all: all.statements }).toEqual({ five: 9, all: 9 })
  })

  it('loads a single record\'s relations once, from the lookup itself', async () => {
    const lookup = await counted('{ event(slug: "rasonkontrans-established") { slug actors { role actor { slug } } agreements { slug } evidence { quote } } }')
    const listed = await counted('{ events(filter: { agreement: "rasonkontrans" }) { nodes { slug actors { role actor { slug } } agreements { slug } evidence { quote } } } }')
    expect(lookup.body.data!.event).toEqual(listed.body.data!.events.nodes.find((e: { slug: string }) => e.slug === 'rasonkontrans-established'))
    // A lookup embeds every relation (as REST's GET /v1/events/{id} does); GraphQL reuses them
    // and only fetches the related records whole: each link table is read once. (The lookup reads
    // channels and figures too, as every lookup embeds every relation; its actors, agreements,
    // sources and evidence come as JSON in the lookup's own statement, whose summaries answer
    // `actor { slug }` and `agreements { slug }`: no statement fetches those records whole.)
    expect(lookup.tables.sort()).toEqual([
      'data_version', 'event_channels', 'events', 'figures', 'leverage_channels'
    ])
  })
})
