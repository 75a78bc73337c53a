// No Docker engine runs on the machines this project is built on, so the Docker files are checked
// offline: the compose file against the compose-spec schema, the Dockerfile by a linter, and both
// against what the service needs.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

function run (bin: string, args: string[]): { code: number, output: string } {
  try {
    return { code: 0, output: execFileSync(`node_modules/.bin/${bin}`, args, { encoding: 'utf8', stdio: 'pipe' }) }
  } catch (error) {
    const e = error as { status: number, stdout: string, stderr: string }
    return { code: e.status, output: `${e.stdout}${e.stderr}` }
  }
}

describe('docker-compose.yml', () => {
  it('is valid against the compose spec and the linter', () => {
    expect(run('dclint', ['docker-compose.yml', '-q'])).toEqual({ code: 0, output: expect.stringMatching(/^\s*$/) })
  })

  it('wires the api to its PostgreSQL with health checks and a named volume', () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8'))
    expect(compose.services.api.environment.DATABASE_URL).toBe('postgresql://peninsula:peninsula@postgres:5432/peninsula_kb')
    expect(compose.services.api.depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
    expect(compose.services.api.healthcheck.test.join(' ')).toContain('/health/ready')
    expect(compose.services.postgres.healthcheck.test.join(' ')).toContain('pg_isready')
    expect(compose.services.postgres.volumes).toEqual(['pgdata:/var/lib/postgresql/data'])
    expect(Object.keys(compose.volumes)).toEqual(['pgdata'])
  })
})

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8')

  it('passes the Dockerfile linter', () => {
    expect(run('dockerfile-utils', ['lint', 'Dockerfile'])).toEqual({ code: 0, output: '' })
  })

  it('builds in one stage and runs as a non-root user in another', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2)
    expect(dockerfile).toMatch(/^USER node$/m)
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/health\/ready/m)
  })

  it('copies everything the service reads at run time', () => {
    for (const path of ['prisma/migrations', 'seed', 'dist', 'node_modules']) expect(dockerfile).toContain(path)
    expect(dockerfile).toContain('dist/cli/migrate.js')
    expect(dockerfile).toContain('dist/server.js')
  })

  it('the build output it runs exists where it expects', () => {
    // tsconfig.build.json compiles src/ into dist/ with the same layout.
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8'))
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' })
  })
})
