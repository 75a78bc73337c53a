import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPrisma, type PrismaClient } from '../../src/db/prisma'
import { loadSeed, loadSeedDir } from '../../src/seed/load-seed'
import { readSeed, SeedError } from '../../src/seed/read-seed'
import { testDatabaseUrl } from '../helpers/app'
import { dbFingerprint } from '../helpers/db-fingerprint'

let prisma: PrismaClient
beforeAll(() => { prisma = createPrisma(testDatabaseUrl()) })
afterAll(async () => { await prisma.$disconnect() })

function seedCopy (edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'seed-'))
  cpSync('seed', dir, { recursive: true })
  edit(dir)
  return dir
}

describe('loading the seed', () => {
  it('a second load changes nothing and reports the same counts', async () => {
    const before = await dbFingerprint(testDatabaseUrl())
    const first = await loadSeedDir(prisma, 'seed')
    const second = await loadSeedDir(prisma, 'seed')
    expect(second).toEqual(first)
    expect(await dbFingerprint(testDatabaseUrl())).toEqual(before)
    expect(first).toMatchObject({ documents: 1, footnotes: 30, scenarios: 3, leverageChannels: 10 })
  })

  it('rejects a quote that is not in the paper, naming file, record and field, and writes nothing', async () => {
    const before = await dbFingerprint(testDatabaseUrl())
    const dir = seedCopy((d) => {
      const file = join(d, 'scenarios.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('"Scenario 1. Russia obstructs international efforts', '"Scenario 1. Russia obstructs all efforts'))
    })
    expect(() => readSeed(dir)).toThrow(SeedError)
    await expect(loadSeedDir(prisma, dir)).rejects.toThrow(/^scenarios\.yaml › scenario-1-russia-obstructs › evidence\.\d+\.quote: this quote is not in the paper verbatim$/)
    expect(await dbFingerprint(testDatabaseUrl())).toEqual(before)
  })

  it('rejects a field of the wrong type with the path to it', async () => {
    const dir = seedCopy((d) => {
      const file = join(d, 'figures.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace(/value: 92000000(\.0)?\b/, 'value: ninety-two'))
    })
    await expect(loadSeedDir(prisma, dir)).rejects.toThrow(/^figures\.yaml › [a-z0-9-]+ › value: /)
  })

  it('rejects a file that is not YAML', async () => {
    const dir = seedCopy((d) => { writeFileSync(join(d, 'events.yaml'), '- slug: [unclosed') })
    await expect(loadSeedDir(prisma, dir)).rejects.toThrow(/^events\.yaml: /)
  })

  it('rolls back everything when a write fails half way', async () => {
    const before = await dbFingerprint(testDatabaseUrl())
    const seed = readSeed('seed')
    // A change early in the load that must not survive, then a failure late in it.
    seed.data.records.sources![0]!.title = 'CHANGED BY A FAILED LOAD'
    const claim = seed.data.records.claims!.at(-1)!
    claim.scenarios = [...claim.scenarios as string[], 'no-such-scenario']
    await expect(loadSeed(prisma, seed)).rejects.toThrow()
    expect(await dbFingerprint(testDatabaseUrl())).toEqual(before)
  })
})
