// Every kind of knowledge the service serves, in the order the API documents them.
import { actors } from './actors'
import { agreements } from './agreements'
import { claims } from './claims'
import { events } from './events'
import { figures } from './figures'
import { footnotes } from './footnotes'
import { leverageChannels } from './leverage-channels'
import { passages } from './passages'
import { places } from './places'
import type { ResourceDefinition } from './resource'
import { scenarios } from './scenarios'
import { sources } from './sources'

export const resources: ResourceDefinition[] = [
  events, agreements, leverageChannels, figures, actors, sources, footnotes, scenarios, claims, passages, places
] as ResourceDefinition[]

export { actors, agreements, claims, events, figures, footnotes, leverageChannels, passages, places, scenarios, sources }

/** The kind of this name (`leverage-channels`): how one kind refers to another without importing it. */
export function kindNamed (name: string): ResourceDefinition {
  const def = resources.find((d) => d.name === name)
  if (def === undefined) throw new Error(`no kind "${name}"`)
  return def
}
