// Response bodies as JSON bytes, built a list item at a time. V8's JSON.stringify returns a large
// body holding any character beyond Latin-1 (the paper's curly quotes and dashes are in most
// pages) as a two-byte string made of pieces; flattening and encoding it then costs more than the
// stringify itself. Stringified an item at a time and encoded piece by piece, the same text costs
// less than half (figures in bench/README.md). The bytes are exactly JSON.stringify's
// (test/http/json.test.ts).
import { z } from 'zod'
import type { FastifySerializerCompiler } from 'fastify'
import { ResponseSerializationError } from 'fastify-type-provider-zod'

/** Objects are opened this many levels down looking for lists; a list's items are stringified whole. */
const DEPTH = 4

function isOmitted (value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol'
}

/** What JSON.stringify writes for `value` under `key`: its toJSON() if it has one. */
function own (value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (key: string) => unknown }).toJSON(key)
  }
  return value
}

function write (value: unknown, depth: number, out: string[]): void {
  const boxed = value instanceof Number || value instanceof String || value instanceof Boolean
  if (value === null || typeof value !== 'object' || boxed || depth === 0) {
    out.push(JSON.stringify(value) ?? 'null')
    return
  }
  if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, i) => {
      if (i > 0) out.push(',')
      out.push(JSON.stringify(item) ?? 'null')
    })
    out.push(']')
    return
  }
  out.push('{')
  let first = true
  for (const [name, item] of Object.entries(value)) {
    const shown = own(item, name)
    if (isOmitted(shown)) continue
    out.push(`${first ? '' : ','}${JSON.stringify(name)}:`)
    first = false
    write(shown, depth - 1, out)
  }
  out.push('}')
}

/** `Buffer.from(JSON.stringify(value))`, for an object or array, at a fraction of the cost for large bodies. */
export function jsonBytes (value: unknown): Buffer {
  const out: string[] = []
  write(own(value, ''), DEPTH, out)
  return Buffer.concat(out.map((piece) => Buffer.from(piece)))
}

/** Fastify's serializer for the REST routes: zod shapes the response (as fastify-type-provider-zod's does), jsonBytes writes it. */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType | { properties: z.ZodType }> = ({ schema, method, url }) => {
  const shape = schema instanceof z.ZodType ? schema : schema.properties
  return (data) => {
    const result = z.safeEncode(shape, data)
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error })
    return jsonBytes(result.data) as unknown as string
  }
}
