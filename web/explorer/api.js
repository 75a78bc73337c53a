// The explorer's only way to the data: the service's public REST and GraphQL API.

export class ApiError extends Error {
  constructor (status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`)
    this.status = status
    this.problem = problem
  }
}

const cache = new Map()
let revalidate = false

/** Drops every answer kept so far: the data changed (a live change arrived). */
export function forgetAnswers () {
  cache.clear()
  // The API lets browsers keep reads for a minute; from now on each is revalidated (a 304 when unchanged).
  revalidate = true
}

/** GET a REST resource as JSON; answers are kept until forgetAnswers(). */
export function rest (path) {
  if (!cache.has(path)) {
    const answer = window.fetch(path, { headers: { accept: 'application/json' }, cache: revalidate ? 'no-cache' : 'default' }).then(async (response) => {
      const body = await response.json().catch(() => null)
      if (!response.ok) throw new ApiError(response.status, body)
      return body
    })
    answer.catch(() => cache.delete(path))
    cache.set(path, answer)
  }
  return cache.get(path)
}

/** A GraphQL query; its first error, if any, is thrown with its extensions.code. */
export async function graphql (query, variables = {}) {
  const key = JSON.stringify([query, variables])
  if (!cache.has(key)) {
    const answer = window.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables })
    }).then(async (response) => {
      const body = await response.json()
      if (body.errors?.length > 0) throw new ApiError(response.status, { title: body.errors[0].extensions?.code, detail: body.errors[0].message })
      return body.data
    })
    answer.catch(() => cache.delete(key))
    cache.set(key, answer)
  }
  return cache.get(key)
}

/** `/v1/x?a=1&b=2` from a path and the parameters that are set. */
export function withQuery (path, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''))
  return query.size > 0 ? `${path}?${query}` : path
}

/** The kinds of records and their counts, from /v1/stats: every kind the API serves, none listed by hand. */
export async function kinds () {
  const stats = await rest('/v1/stats')
  return stats.counts
}
