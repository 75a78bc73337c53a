// The subscription `changes`: the same live streams as GET /v1/changes/stream (src/plugins/live-changes.ts).
import type { IResolvers, MercuriusContext } from 'mercurius'
import type { Change } from '../knowledge/changes'
import { subscriptionError } from './errors'

export const subscriptionResolvers: IResolvers = {
  Subscription: {
    changes: {
      subscribe: async (_root: unknown, { since }: { since?: string | null }, context: MercuriusContext) => {
        try {
          return await context.app.liveChanges.open(since ?? undefined)
        } catch (error) {
          throw subscriptionError(error, context, ['changes'])
        }
      },
      // Each value the stream yields is the field's value itself, not an object holding it.
      resolve: (change: Change) => change
    }
  }
}
