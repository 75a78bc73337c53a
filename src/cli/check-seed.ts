// `npm run seed:check`: validates seed/ without a database and prints counts per kind.
import { resolve } from 'node:path'
import { readSeed, SeedError } from '../seed/read-seed'

try {
  const { data, passages } = readSeed(resolve(process.argv[2] ?? 'seed'))
  const counts = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? v.length : 1]))
  console.log(JSON.stringify({ passages: passages.length, ...counts }))
} catch (error) {
  if (error instanceof SeedError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
