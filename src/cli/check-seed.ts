// `npm run seed:check`: validates seed/ without a database and prints counts per kind.
import { resolve } from 'node:path'
import { readSeed, SeedError } from '../seed/read-seed'

try {
  const { data, passages } = readSeed(resolve(process.argv[2] ?? 'seed'))
  const counts = { footnotes: data.footnotes.length, ...Object.fromEntries(Object.entries(data.records).map(([kind, records]) => [kind, records.length])) }
  console.log(JSON.stringify({ passages: passages.length, ...counts }))
} catch (error) {
  if (error instanceof SeedError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
