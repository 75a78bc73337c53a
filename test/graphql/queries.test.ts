// What a client asks GraphQL for, and the whole answer it gets, on the paper's data.
import type { FastifyInstance } from 'fastify'
import { buildTestApp } from '../helpers/app'
import { graphql } from './client'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestApp() })
afterAll(async () => { await app.close() })

describe('relations in both directions', () => {
  it('gives an agreement with its parties (role and note), its events in date order and its figures with their channel', async () => {
    const res = await graphql(app, `{
      agreement(slug: "rasonkontrans") {
        title kind status
        parties { role note actor { slug } }
        events { slug date { value } }
        figures { slug printed channel { slug } }
      }
    }`)
    expect(res).toEqual({
      status: 200,
      body: {
        data: {
          agreement: {
            title: 'Rasonkontrans joint venture (Khasan-Rajin project)',
            kind: 'JOINT_VENTURE',
            status: 'OPERATIONAL',
            parties: [
              { role: 'SHAREHOLDER', note: '70% of the shares', actor: { slug: 'russia' } },
              { role: 'SHAREHOLDER', note: '30% of the shares', actor: { slug: 'dprk' } },
              { role: 'SPONSOR', note: 'state-owned; spent roughly $300 mln on the railway upgrade', actor: { slug: 'russian-railways' } },
              { role: 'SUBJECT', note: 'the joint venture itself', actor: { slug: 'rasonkontrans' } }
            ],
            events: [
              { slug: 'khasan-rajin-railway-operational-2013', date: { value: '2013' } },
              { slug: 'khasan-rajin-coal-shipments-to-pohang', date: { value: '2014/2015' } },
              { slug: 'unsc-resolution-2270-adopted', date: { value: '2016-03-02' } },
              { slug: 'rasonkontrans-established', date: { value: null } }
            ],
            figures: [
              { slug: 'khasan-rajin-railway-upgrade-cost', printed: 'roughly $300 mln', channel: { slug: 'investment' } },
              { slug: 'khasan-rajin-railway-length', printed: '54-kilometer', channel: { slug: 'investment' } },
              { slug: 'rasonkontrans-russian-share', printed: '70%', channel: { slug: 'investment' } },
              { slug: 'rasonkontrans-north-korean-share', printed: '30%', channel: { slug: 'investment' } },
              { slug: 'rajin-pohang-coal-shipments', printed: 'three', channel: { slug: 'investment' } }
            ]
          }
        }
      }
    })
  })

  it('goes from an actor to its events (with its role) and on to everyone else in them', async () => {
    const res = await graphql(app, '{ actor(slug: "rasonkontrans") { name affiliation { slug name } events { role event { slug actors { role actor { slug } } } } } }')
    expect(res.body).toEqual({
      data: {
        actor: {
          name: 'Rasonkontrans',
          affiliation: { slug: 'russia', name: 'Russia' },
          events: [
            {
              role: 'SUBJECT',
              event: {
                slug: 'khasan-rajin-railway-operational-2013',
                actors: [
                  { role: 'INITIATOR', actor: { slug: 'russia' } }, { role: 'HOST', actor: { slug: 'dprk' } }, { role: 'BENEFICIARY', actor: { slug: 'china' } },
                  { role: 'SPONSOR', actor: { slug: 'russian-railways' } }, { role: 'SUBJECT', actor: { slug: 'rasonkontrans' } }
                ]
              }
            },
            {
              role: 'PARTICIPANT',
              event: {
                slug: 'khasan-rajin-coal-shipments-to-pohang',
                actors: [
                  { role: 'INITIATOR', actor: { slug: 'russia' } }, { role: 'HOST', actor: { slug: 'dprk' } }, { role: 'BENEFICIARY', actor: { slug: 'rok' } },
                  { role: 'PARTICIPANT', actor: { slug: 'rasonkontrans' } }, { role: 'SUBJECT', actor: { slug: 'rajin' } }, { role: 'SUBJECT', actor: { slug: 'pohang' } }
                ]
              }
            },
            {
              role: 'BENEFICIARY',
              event: {
                slug: 'unsc-resolution-2270-adopted',
                actors: [
                  { role: 'BENEFICIARY', actor: { slug: 'russia' } }, { role: 'TARGET', actor: { slug: 'dprk' } }, { role: 'PARTICIPANT', actor: { slug: 'china' } },
                  { role: 'PARTICIPANT', actor: { slug: 'united-states' } }, { role: 'BENEFICIARY', actor: { slug: 'mongolia' } },
                  { role: 'INITIATOR', actor: { slug: 'un-security-council' } }, { role: 'BENEFICIARY', actor: { slug: 'rasonkontrans' } }
                ]
              }
            },
            {
              role: 'SUBJECT',
              event: {
                slug: 'rasonkontrans-established',
                actors: [{ role: 'SHAREHOLDER', actor: { slug: 'russia' } }, { role: 'SHAREHOLDER', actor: { slug: 'dprk' } }, { role: 'SUBJECT', actor: { slug: 'rasonkontrans' } }]
              }
            }
          ]
        }
      }
    })
  })

  it('gives a figure its channel, event, agreement and actor', async () => {
    const res = await graphql(app, '{ figure(slug: "rasonkontrans-russian-share") { printed value unit channel { slug } event { slug } agreement { slug } actor { slug } } }')
    expect(res.body).toEqual({
      data: { figure: { printed: '70%', value: 70, unit: 'percent', channel: { slug: 'investment' }, event: { slug: 'rasonkontrans-established' }, agreement: { slug: 'rasonkontrans' }, actor: { slug: 'russia' } } }
    })
  })

  it('follows a source to the footnotes citing it, and each footnote back to its sources', async () => {
    const res = await graphql(app, '{ source(slug: "unsc-resolution-2270") { kind title footnotes { number kind sources { slug } } } }')
    expect(res.body).toEqual({
      data: {
        source: {
          kind: 'UN_RESOLUTION',
          title: 'UNSC Resolution 2270',
          footnotes: [
            { number: 27, kind: 'CITATION', sources: [{ slug: 'unsc-resolution-2270' }] },
            { number: 29, kind: 'CITATION', sources: [{ slug: 'unsc-resolution-2270' }] }
          ]
        }
      }
    })
  })

  it('follows a scenario to its claims and each claim to the scenarios it supports', async () => {
    const res = await graphql(app, '{ scenario(slug: "scenario-2-second-fiddle-to-china") { number title claims { slug scenarios { number } } } }')
    expect(res.body).toEqual({
      data: {
        scenario: {
          number: 2,
          title: 'Russia plays second fiddle to China',
          claims: [
            { slug: 'russia-will-play-active-role', scenarios: [{ number: 1 }, { number: 2 }, { number: 3 }] },
            { slug: 'russia-may-follow-china-for-ukraine', scenarios: [{ number: 2 }] },
            { slug: 'russian-sanctions-compliance-mirrors-china', scenarios: [{ number: 2 }] },
            { slug: 'joint-intervention-not-far-fetched', scenarios: [{ number: 2 }] }
          ]
        }
      }
    })
  })
})

describe('evidence', () => {
  it('gives every quote its paragraph and its footnotes with their sources', async () => {
    const res = await graphql(app, '{ event(slug: "unsc-resolution-2270-adopted") { title evidence { quote passage { ordinal section } footnotes { number kind sources { slug kind } } } } }')
    const resolution = { slug: 'unsc-resolution-2270', kind: 'UN_RESOLUTION' }
    expect(res.body).toEqual({
      data: {
        event: {
          title: 'UNSC adopts Resolution 2270 with a Rajin coal exemption secured by Russia',
          evidence: [
            {
              quote: 'Russia secured an important concession in the final version of the resolution adopted by the UNSC on March 2, whereby coal originating outside the DPRK (from Russia and Mongolia) and transported for export through the North\'s port of Rajin is exempt from the general coal trade ban.',
              passage: { ordinal: 51, section: 'Conclusion: Three Scenarios' },
              footnotes: [{ number: 27, kind: 'CITATION', sources: [resolution] }]
            },
            {
              quote: 'This will ensure continued operation of the Russian-controlled Khasan-Rajin rail link venture.',
              passage: { ordinal: 51, section: 'Conclusion: Three Scenarios' },
              footnotes: []
            },
            {
              quote: 'UNSC Resolution 2270 gives plenty of discretionary space for loosening the grip of sanctions, for example, containing language that allows transactions with the DPRK if they are done for "humanitarian" or "livelihood" purposes.',
              passage: { ordinal: 53, section: 'Conclusion: Three Scenarios' },
              footnotes: [{ number: 29, kind: 'CITATION', sources: [resolution] }]
            },
            {
              quote: 'UNSC Resolution 2270. Adopted on 2 March, 2016,',
              passage: { ordinal: 84, section: 'Notes' },
              footnotes: [{ number: 27, kind: 'CITATION', sources: [resolution] }]
            }
          ]
        }
      }
    })
  })

  it('gives a footnote by its number, with its sources and the passage that prints it', async () => {
    const res = await graphql(app, '{ footnote(number: 27) { number kind text note sources { slug title url } passage { ordinal kind footnoteNumber lines { start end } } } }')
    expect(res.body).toEqual({
      data: {
        footnote: {
          number: 27,
          kind: 'CITATION',
          text: 'UNSC Resolution 2270. Adopted on 2 March, 2016, http://www.un.org/en/sc/documents/resolutions/2016.shtml',
          note: 'Same citation as footnote 29.',
          sources: [{ slug: 'unsc-resolution-2270', title: 'UNSC Resolution 2270', url: 'http://www.un.org/en/sc/documents/resolutions/2016.shtml' }],
          passage: { ordinal: 84, kind: 'FOOTNOTE', footnoteNumber: 27, lines: { start: 179, end: 179 } }
        }
      }
    })
  })
})

describe('lookups', () => {
  it('finds a record by id as well as by slug', async () => {
    const bySlug = await graphql(app, '{ event(slug: "russo-japanese-war-1904") { id slug title } }')
    const byId = await graphql(app, 'query ($id: ID) { event(id: $id) { id slug title } }', { id: bySlug.body.data!.event.id })
    expect(byId.body).toEqual({ data: { event: { id: bySlug.body.data!.event.id, slug: 'russo-japanese-war-1904', title: 'The Russian Empire and Japan go to war' } } })
    expect(typeof byId.body.data!.event.id).toBe('string')
  })

  it('gives the paper itself', async () => {
    const res = await graphql(app, '{ document { slug title authors year counts { passages footnotes } } }')
    expect(res.body).toEqual({
      data: { document: { slug: 'lukin-2016', title: 'Russia\'s Role in the North Korea Conundrum: Part of the Problem or Part of the Solution?', authors: ['Artyom Lukin'], year: 2016, counts: { passages: 87, footnotes: 30 } } }
    })
  })
})

describe('connections', () => {
  const page = async (first: number, after?: string): Promise<{ edges: Array<{ cursor: string, node: { slug: string } }>, nodes: Array<{ slug: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, totalCount: number }> => {
    const res = await graphql(app, 'query ($first: Int, $after: String) { claims(first: $first, after: $after) { edges { cursor node { slug } } nodes { slug } pageInfo { hasNextPage endCursor } totalCount } }', { first, after })
    expect(res.body.errors).toBeUndefined()
    return res.body.data!.claims
  }

  it('gives each edge a cursor that resumes the list right after its node', async () => {
    const five = await page(5)
    expect(five.nodes).toEqual(five.edges.map((e) => e.node))
    expect(five.pageInfo).toEqual({ hasNextPage: true, endCursor: five.edges[4]!.cursor })
    const resumed = await page(2, five.edges[1]!.cursor)
    expect(resumed.nodes).toEqual(five.nodes.slice(2, 4))
    expect(resumed.edges.map((e) => e.cursor)).toEqual(five.edges.slice(2, 4).map((e) => e.cursor))
  })

  it('reads every record once, page by page, and says when it is done', async () => {
    const all = await page(200)
    expect(all.pageInfo.hasNextPage).toBe(false)
    expect(all.nodes).toHaveLength(all.totalCount)
    const seen: string[] = []
    let after: string | undefined
    for (;;) {
      const p = await page(7, after)
      seen.push(...p.nodes.map((n) => n.slug))
      if (!p.pageInfo.hasNextPage) break
      after = p.pageInfo.endCursor!
    }
    expect(seen).toEqual(all.nodes.map((n) => n.slug))
  })

  it('answers an empty page with no end cursor', async () => {
    const res = await graphql(app, '{ events(filter: { from: "2030" }) { nodes { slug } pageInfo { hasNextPage endCursor } totalCount } }')
    expect(res.body).toEqual({ data: { events: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } } })
  })
})
