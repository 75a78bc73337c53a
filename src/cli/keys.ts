// `npm run keys:create -- --role editor --name alice`: prints a new API key once. Also `keys:list`
// and `keys:revoke -- --id 3`. Uses the service's own start-up path (migrations included).
import { parseArgs } from 'node:util'
import { createKey, listKeys, NewKeySchema, revokeKey } from '../auth/api-keys'
import { parseConfig } from '../config'
import { openDatabase } from '../db/database'
import { createPrisma } from '../db/prisma'
import { createLogger } from '../logger'

async function main (): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } } })
  const command = positionals[0]
  const config = parseConfig(process.env)
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stdout.isTTY)
  const database = await openDatabase(config, log)
  const prisma = createPrisma(database.url)
  try {
    if (command === 'create') {
      const input = NewKeySchema.safeParse({ name: values.name, role: values.role })
      if (!input.success) throw new Error('usage: keys:create -- --role editor|admin --name <who uses it>')
      const key = await createKey(prisma, input.data)
      console.log(`created ${key.role} key #${key.id} for ${key.name}; it is shown only now:\n${key.key}`)
    } else if (command === 'list') {
      console.table((await listKeys(prisma)).map(({ id, name, role, prefix, createdAt, revokedAt }) => ({ id, name, role, prefix, createdAt, revokedAt })))
    } else if (command === 'revoke') {
      const id = Number(values.id)
      if (!Number.isInteger(id) || id < 1) throw new Error('usage: keys:revoke -- --id <key id>')
      const key = await revokeKey(prisma, id)
      console.log(`revoked key #${key.id} (${key.prefix}…, ${key.name})`)
    } else {
      throw new Error('usage: keys.ts create|list|revoke')
    }
  } finally {
    await prisma.$disconnect()
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(`keys: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
