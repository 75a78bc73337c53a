// API keys: random, shown once, stored as a SHA-256 and a short prefix that names them in lists.
import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { PrismaClient } from '../db/prisma'
import { NotFoundError } from '../errors'

export const RoleSchema = z.enum(['editor', 'admin'])
export type Role = z.infer<typeof RoleSchema>

/** Who is calling: enough to authorise and to sign the audit trail, never the key. */
export interface Caller { id: number, name: string, role: Role, prefix: string }

export const NewKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('Who or what uses the key (shown in the audit trail)'),
  role: RoleSchema.describe('editor writes knowledge; admin also manages keys')
})

export const ApiKeySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: RoleSchema,
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  createdAt: z.string(),
  revokedAt: z.string().nullable()
}).meta({ id: 'ApiKey' })

export type ApiKey = z.infer<typeof ApiKeySchema>

const KEY_PREFIX = 'pkb_'
/** `pkb_` and 8 characters of the random part: 48 bits, enough to tell keys apart, far too few to guess one. */
const SHOWN_LENGTH = KEY_PREFIX.length + 8
/** A well-formed key: `pkb_` and 43 base64url characters (32 random bytes). */
export const KEY_PATTERN = /^pkb_[A-Za-z0-9_-]{43}$/

export function hashKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function keyPrefix (key: string): string {
  return key.slice(0, SHOWN_LENGTH)
}

function toApiKey (row: { id: number, name: string, role: string, prefix: string, createdAt: Date, revokedAt: Date | null }): ApiKey {
  return { id: row.id, name: row.name, role: row.role as Role, prefix: row.prefix, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null }
}

/** A new key; the returned `key` is the only time it exists outside the caller's hands. */
export async function createKey (db: PrismaClient, input: z.infer<typeof NewKeySchema>): Promise<ApiKey & { key: string }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`
  const row = await db.apiKey.create({ data: { name: input.name, role: input.role, prefix: keyPrefix(key), keyHash: hashKey(key) } })
  return { ...toApiKey(row), key }
}

export async function listKeys (db: PrismaClient): Promise<ApiKey[]> {
  return (await db.apiKey.findMany({ orderBy: { id: 'asc' } })).map(toApiKey)
}

/** Revoked keys stay listed (the audit trail names them) but authenticate nobody. */
export async function revokeKey (db: PrismaClient, id: number): Promise<ApiKey> {
  const row = await db.apiKey.findUnique({ where: { id } })
  if (row === null) throw new NotFoundError(`no API key ${id}`)
  return toApiKey(row.revokedAt !== null ? row : await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } }))
}

/** The live key's owner, or null for a key that is malformed, unknown or revoked. */
export async function findCaller (db: PrismaClient, key: string): Promise<Caller | null> {
  if (!KEY_PATTERN.test(key)) return null
  const row = await db.apiKey.findUnique({ where: { keyHash: hashKey(key) } })
  if (row === null || row.revokedAt !== null) return null
  return { id: row.id, name: row.name, role: row.role as Role, prefix: row.prefix }
}

const RANK: Record<Role, number> = { editor: 1, admin: 2 }

export function hasRole (caller: Caller, role: Role): boolean {
  return RANK[caller.role] >= RANK[role]
}
