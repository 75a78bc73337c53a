// Mutation resolvers: one line per field over the write service REST uses (src/knowledge/writes.ts).
import type { IResolvers, MercuriusContext } from 'mercurius'
import type { z } from 'zod'
import { graphqlNames, type ResourceDefinition } from '../knowledge/resource'
import { createRecord, deleteRecord, patchSchema, updateRecord, writableOf, writables } from '../knowledge/writes'
import { assertRole } from '../plugins/auth'
import { ValidationFailedError } from './errors'

function parse (schema: z.ZodType, input: unknown): Record<string, unknown> {
  // GraphQL hands over input objects without a prototype; zod wants plain ones.
  const result = schema.safeParse(JSON.parse(JSON.stringify(input ?? null)))
  if (!result.success) throw ValidationFailedError.fromZod(result.error, 'input')
  return result.data as Record<string, unknown>
}

function writable (def: ResourceDefinition): NonNullable<ReturnType<typeof writableOf>> {
  const w = writableOf(def.name)
  if (w === undefined) throw new Error(`${def.name} is not writable`)
  return w
}

function mutationsOf (def: ResourceDefinition, field: string): Record<string, (root: unknown, args: any, context: MercuriusContext) => Promise<unknown>> {
  const w = writable(def)
  const patch = patchSchema(w.input)
  const name = field[0]!.toUpperCase() + field.slice(1)
  return {
    [`create${name}`]: async (_root, args: { input: unknown }, context) => {
      const caller = assertRole(context.reply.request.caller, 'editor')
      const { record, version } = await createRecord(context.app.prisma, caller, w, parse(w.input, args.input))
      return { [field]: record, version }
    },
    [`update${name}`]: async (_root, args: { id: string, version: number, input: unknown }, context) => {
      const caller = assertRole(context.reply.request.caller, 'editor')
      const { record, version } = await updateRecord(context.app.prisma, caller, w, String(args.id), args.version, parse(patch, args.input))
      return { [field]: record, version }
    },
    [`delete${name}`]: async (_root, args: { id: string, version: number, cascade?: boolean | null }, context) => {
      const caller = assertRole(context.reply.request.caller, 'editor')
      const deleted = await deleteRecord(context.app.prisma, caller, w, String(args.id), args.version, args.cascade === true)
      return { kind: def.name, ...deleted }
    }
  }
}

export const mutationResolvers: IResolvers = {
  Mutation: Object.assign({}, ...writables.map((w) => mutationsOf(w.def, graphqlNames(w.def).one)))
}
