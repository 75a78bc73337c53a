// GraphiQL on /graphql, with React and GraphiQL served by this service (/vendor/*), never a CDN.
'use strict'

const DEFAULT_QUERY = `# Welcome to peninsula-kb's GraphQL API. Press the run button (or Ctrl-Enter).
# The Docs pane (top left) lists every type; the Explorer at / is built on this API.

# Five events about nuclear matters, who took part, and the paper's own words for each:
# the quote, its paragraph and the sources its footnotes cite.
query NuclearTestsWithEvidence {
  events(filter: { q: "nuclear" }, first: 5) {
    totalCount
    nodes {
      slug
      title
      date { printed value }
      actors { role actor { slug name } }
      evidence {
        quote
        passage { section paragraph }
        footnotes { number sources { title date url } }
      }
    }
  }
}
`

// Subscriptions (change feeds) go over a WebSocket to the same /graphql.
const socket = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`
const fetcher = window.GraphiQL.createFetcher({ url: `${window.location.origin}/graphql`, subscriptionUrl: socket })
const root = window.ReactDOM.createRoot(document.getElementById('graphiql'))
root.render(window.React.createElement(window.GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, defaultEditorToolsVisibility: false }))
