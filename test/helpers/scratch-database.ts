import { randomBytes } from 'node:crypto'
import { Client } from 'pg'

/** A new, empty database on the server `url` points at, and a way to drop it. */
export async function createScratchDatabase (url: string, prefix: string): Promise<{ url: string, drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  const admin = new Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const scratch = new URL(url)
  scratch.pathname = `/${name}`
  return {
    url: scratch.toString(),
    drop: async () => {
      const client = new Client({ connectionString: url })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await client.end()
    }
  }
}
