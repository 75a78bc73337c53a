import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readMigrations } from '../../src/db/migrate'
import { testDatabaseUrl } from '../helpers/app'
import { settledState } from '../helpers/db-fingerprint'
import { createScratchDatabase } from '../helpers/scratch-database'

interface Run { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

/** A first start in its own process (test/db/fixtures/first-start.ts), killed where `killAt` says. */
function firstStart (env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/db/fixtures/first-start.ts'], {
      env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** Stops a PostgreSQL that a killed start left running in `dir`, so the test leaves no process. */
function stopOrphan (dir: string): void {
  const pidFile = join(dir, 'cluster', 'postmaster.pid')
  if (!existsSync(pidFile)) return
  try { process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGKILL') } catch {}
}

const migrations = readMigrations('prisma/migrations').length
let clean: Awaited<ReturnType<typeof settledState>>
// Two cold processes per test (and initdb for the embedded ones): seconds on a quiet machine, far
// more when the machine is busy with other work.
const PER_TEST_MS = 180_000

beforeAll(async () => {
  // The shared test database is a clean first start of the same code (test/global-setup.ts).
  clean = await settledState(testDatabaseUrl())
})

describe('a first start killed with SIGKILL', () => {
  // Right after a migration's commit (first, middle, last), inside the next one, and while the seed loads.
  const onServer = [
    ...[1, Math.ceil(migrations / 2), migrations].map((n) => `applied migration#${n}+0`),
    'applied migration#1+5', 'applied migration#2+15',
    `applied migration#${migrations}+150`, `applied migration#${migrations}+600`
  ]
  it.each(onServer)('on a PostgreSQL server at "%s" is followed by a start that settles like a clean one', async (killAt) => {
    const scratch = await createScratchDatabase(testDatabaseUrl(), 'first_start')
    try {
      const killed = await firstStart({ DATABASE_URL: scratch.url, KILL_AT: killAt })
      expect(killed.signal).toBe('SIGKILL')
      const next = await firstStart({ DATABASE_URL: scratch.url })
      expect(next.stderr).toBe('')
      expect(JSON.parse(next.stdout)).toEqual(clean)
    } finally {
      await scratch.drop()
    }
  }, PER_TEST_MS)

  // The embedded cluster's own steps: during initdb, after it, once PostgreSQL runs, mid-migrations.
  const embedded = [
    'creating an embedded PostgreSQL cluster#1+250', 'created an embedded PostgreSQL cluster#1+0',
    'embedded PostgreSQL is running#1+0', 'applied migration#3+10'
  ]
  it.each(embedded)('with the embedded PostgreSQL at "%s" is followed by a start that settles like a clean one', async (killAt) => {
    const dir = mkdtempSync(join(tmpdir(), 'peninsula-kb-kill-'))
    try {
      const killed = await firstStart({ EMBEDDED_DIR: dir, KILL_AT: killAt })
      expect(killed.signal).toBe('SIGKILL')
      const next = await firstStart({ EMBEDDED_DIR: dir })
      expect(next.stderr).toBe('')
      expect(JSON.parse(next.stdout)).toEqual(clean)
    } finally {
      stopOrphan(dir)
      rmSync(dir, { recursive: true, force: true })
    }
  }, PER_TEST_MS)
})
