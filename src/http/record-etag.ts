// ETags of writable records carry their version: `"v3-<hash of the body>"`. The hash keeps
// If-None-Match honest when only an embedded relation changed; the version is what If-Match compares.
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { AppError } from '../errors'

const versions = new WeakMap<FastifyReply, number>()

/** Marks the reply as the representation of a record at `version`; its ETag is set when the body is known. */
export function setRecordVersion (reply: FastifyReply, version: number): void {
  versions.set(reply, version)
}

export function recordEtag (version: number, body: Buffer): string {
  return `"v${version}-${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`
}

/**
 * The version an `If-Match` header names: undefined when there is none (the write goes ahead; see
 * docs/curation.md), and -1 for a tag that names no version of ours, which never matches.
 */
export function ifMatchVersion (header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined
  const match = /^\s*(?:W\/)?"v(\d{1,9})(?:-[A-Za-z0-9_-]*)?"\s*$/.exec(header)
  if (match === null) throw new AppError(412, 'precondition-failed', 'Precondition Failed', 'If-Match must be an ETag of this record, as its GET returned it (e.g. "v2-…")', { currentVersion: null })
  return Number(match[1])
}

/** Installs the hook that turns a record's version into its ETag (and answers If-None-Match with 304). */
export function useRecordEtags (app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const version = versions.get(reply)
    // Every body is bytes by now (src/app.ts encodes it in the first onSend hook).
    if (version === undefined || !Buffer.isBuffer(payload) || reply.statusCode >= 300) return payload
    const etag = recordEtag(version, payload)
    reply.header('etag', etag)
    if (request.method === 'GET' && request.headers['if-none-match'] === etag) {
      reply.code(304)
      return ''
    }
    return payload
  })
}
