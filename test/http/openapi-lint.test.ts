// The committed openapi.yaml passes the linters people run on API descriptions as they are: Redocly
// CLI (recommended rules, redocly.yaml) and Spectral (spectral:oas, .spectral.yaml), with no
// error and no warning.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse, stringify } from 'yaml'

const run = promisify(execFile)
// Offline and quiet: no telemetry, no update check.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1' }

async function redocly (file: string): Promise<{ errors: number, warnings: number, rules: string[] }> {
  const out = await run('node_modules/.bin/redocly', ['lint', file, '--config', 'redocly.yaml', '--format', 'json'], { env, maxBuffer: 64 << 20 })
    .then((r) => r.stdout, (error: { stdout: string }) => error.stdout)
  const report = JSON.parse(out.slice(out.indexOf('{'))) as { totals: { errors: number, warnings: number }, problems: Array<{ ruleId: string }> }
  return { errors: report.totals.errors, warnings: report.totals.warnings, rules: [...new Set(report.problems.map((p) => p.ruleId))].sort() }
}

async function spectral (file: string): Promise<string[]> {
  const out = await run('node_modules/.bin/spectral', ['lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet'], { env, maxBuffer: 64 << 20 })
    .then((r) => r.stdout, (error: { stdout: string }) => error.stdout)
  return [...new Set((JSON.parse(out.trim() === '' ? '[]' : out) as Array<{ code: string }>).map((p) => p.code))].sort()
}

describe('openapi.yaml under the linters', () => {
  it('has no Redocly error or warning', async () => {
    expect(await redocly('openapi.yaml')).toEqual({ errors: 0, warnings: 0, rules: [] })
  }, 60_000)

  it('has no Spectral problem', async () => {
    expect(await spectral('openapi.yaml')).toEqual([])
  }, 60_000)

  it('would be caught without its servers, licence and security (the checks are not vacuous)', async () => {
    const doc = parse(readFileSync('openapi.yaml', 'utf8'))
    delete doc.servers
    delete doc.info.license
    delete doc.paths['/v1/events'].get.security
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-lint-')), 'broken.yaml')
    writeFileSync(file, stringify(doc))
    expect((await redocly(file)).rules).toEqual(['info-license', 'no-empty-servers', 'security-defined'])
    expect(await spectral(file)).toEqual(['oas3-api-servers'])
  }, 60_000)
})
