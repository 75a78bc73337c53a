// The process edge as a user runs it (`npm start` runs it compiled, from dist/; here from src/ with tsx): an embedded PostgreSQL
// that starts, stops cleanly on a signal, keeps its data, and recovers from a `kill -9`; a
// DATABASE_URL that never answers ends the start with a message saying which database and variables.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

jest.setTimeout(120_000)

interface Running { child: ChildProcess, base: string, output: () => string, exited: Promise<number | null> }

async function start (dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' }
  delete env.DATABASE_URL
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d: Buffer) => { output += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { output += d.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /peninsula-kb is ready at (http:\/\/\S+)/.exec(output)
      if (match !== null) { clearInterval(timer); resolve(match[1]!) }
    }, 50)
    exited.then((code) => { clearInterval(timer); reject(new Error(`server exited with ${String(code)} before it was ready:\n${output}`)) })
  })
  return { child, base, output: () => output, exited }
}

function postgresPid (dataDir: string): number | null {
  const pidFile = join(dataDir, 'postgres', 'cluster', 'postmaster.pid')
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : null
}

function isAlive (pid: number): boolean {
  try { process.kill(pid, 0); return true } catch { return false }
}

describe('npm start with the embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'peninsula-kb-server-'))
  afterAll(() => {
    const pid = postgresPid(dataDir)
    if (pid !== null && isAlive(pid)) process.kill(pid, 'SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('comes up ready, and stops on SIGINT leaving no postgres behind', async () => {
    const server = await start(dataDir)
    const ready = await fetch(`${server.base}/health/ready`)
    expect(ready.status).toBe(200)
    const footnotes = await (await fetch(`${server.base}/v1/footnotes?limit=1`)).json() as { page: { total: number } }
    expect(footnotes.page.total).toBe(30)
    const pid = postgresPid(dataDir)!
    expect(isAlive(pid)).toBe(true)
    server.child.kill('SIGINT')
    expect(await server.exited).toBe(0)
    expect(isAlive(pid)).toBe(false)
    expect(postgresPid(dataDir)).toBeNull()
    expect(server.output()).toContain('embedded PostgreSQL stopped')
  })

  it('starts again on the kept data, and recovers after the service is killed with -9', async () => {
    const warm = await start(dataDir)
    expect(warm.output()).not.toContain('created an embedded PostgreSQL cluster')
    expect(warm.output()).not.toContain('loaded the seed')
    const orphan = postgresPid(dataDir)!
    warm.child.kill('SIGKILL')
    await warm.exited
    expect(isAlive(orphan)).toBe(true)

    const recovered = await start(dataDir)
    expect(recovered.output()).toContain('stopping a PostgreSQL left running by an earlier run')
    expect(isAlive(orphan)).toBe(false)
    expect((await fetch(`${recovered.base}/health/ready`)).status).toBe(200)
    recovered.child.kill('SIGTERM')
    expect(await recovered.exited).toBe(0)
    expect(postgresPid(dataDir)).toBeNull()
  })
})

describe('npm start with a DATABASE_URL that does not answer', () => {
  it('waits DATABASE_WAIT_SECONDS, then exits 1 naming the database and the variables, not the password', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: 'postgresql://kb:hunter2@127.0.0.1:1/knowledge', DATABASE_WAIT_SECONDS: '1' }
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(stdout).toContain('waiting up to 1 s (DATABASE_WAIT_SECONDS) for the database at 127.0.0.1:1/knowledge (DATABASE_URL)')
    expect(stderr).toBe('peninsula-kb failed to start: the database at 127.0.0.1:1/knowledge (DATABASE_URL) did not answer within 1 s (DATABASE_WAIT_SECONDS): connect ECONNREFUSED 127.0.0.1:1\n')
    expect(stdout + stderr).not.toContain('hunter2')
  })
})
