// The `$ curl ...` examples of the README and docs/*.md, run as a reader would paste them: each command
// (with its own jq filter or `head`) against the seeded app, compared with the output the page shows.
// Reads run on the shared test database; examples that need a key, and the changes feed, run in reading
// order on a private copy, where the writes they make are what the feed then shows.
import { readFileSync, writeFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { raw as jq } from 'jq-wasm'
import { createKey } from '../src/auth/api-keys'
import { buildApp } from '../src/app'
import { parseConfig } from '../src/config'
import { buildTestApp } from './helpers/app'
import { graphqlExamples, guides } from './helpers/guides'
import { createSeededScratchDatabase } from './helpers/seeded-scratch'

interface Example { file: string, line: number, command: string, output: string }

/** Every `$ curl` line (with its `\` continuations) in a sh/console block, and the lines shown after it. */
export function curlExamples (markdown: string, file = 'README.md'): Example[] {
  const examples: Example[] = []
  const lines = markdown.split('\n')
  let inBlock = false
  let current: Example | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('```')) {
      if (current !== undefined) examples.push(current)
      current = undefined
      inBlock = !inBlock && /^```(sh|console)$/.test(line)
      continue
    }
    if (!inBlock) continue
    if (line.startsWith('$ ')) {
      if (current !== undefined) examples.push(current)
      current = undefined
      if (!line.startsWith('$ curl ')) continue
      let command = line.slice(2)
      const start = i + 1
      // Continued by a trailing backslash, or by a quote still open (a multi-line -d body).
      while (command.endsWith('\\') || openQuote(command)) command += '\n' + lines[++i]!
      current = { file, line: start, command, output: '' }
    } else if (current !== undefined) {
      current.output += line + '\n'
    }
  }
  return examples.map((e) => ({ ...e, output: e.output.trimEnd() }))
}

function openQuote (command: string): boolean {
  let quote: string | null = null
  for (const c of command) {
    if (quote === null && (c === "'" || c === '"')) quote = c
    else if (c === quote) quote = null
  }
  return quote !== null
}

/** Shell words and pipes, as sh splits them: quotes, backslash-newline, `$VAR` inside double quotes. */
export function shellWords (command: string, env: Record<string, string>): string[][] {
  const stages: string[][] = [[]]
  let word: string | null = null
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!
    if (c === '\\' && command[i + 1] === '\n') { i++; continue }
    if (c === "'") {
      const end = command.indexOf("'", i + 1)
      if (end < 0) throw new Error(`unclosed quote in ${command}`)
      word = (word ?? '') + command.slice(i + 1, end)
      i = end
    } else if (c === '"') {
      const end = command.indexOf('"', i + 1)
      if (end < 0) throw new Error(`unclosed quote in ${command}`)
      word = (word ?? '') + command.slice(i + 1, end).replace(/\$([A-Z_]+)/g, (_, name: string) => env[name] ?? '')
      i = end
    } else if (/\s/.test(c) || c === '|') {
      if (word !== null) stages.at(-1)!.push(word)
      word = null
      if (c === '|') stages.push([])
    } else {
      word = (word ?? '') + c
    }
  }
  if (word !== null) stages.at(-1)!.push(word)
  return stages
}

/** Runs one example's pipeline on `app`: curl by inject, then jq (jq-wasm) or head on its output. */
async function run (app: FastifyInstance, command: string, env: Record<string, string> = {}): Promise<string> {
  const [curl, ...filters] = shellWords(command, env)
  expect(curl![0]).toBe('curl')
  let method: string | undefined
  let url = ''
  let payload: string | undefined
  let dumpHeaders = false
  const headers: Record<string, string> = {}
  for (let i = 1; i < curl!.length; i++) {
    const arg = curl![i]!
    if (arg === '-s') continue
    else if (arg === '-X') method = curl![++i]!
    else if (arg === '-H') { const [k, ...v] = curl![++i]!.split(':'); headers[k!.trim().toLowerCase()] = v.join(':').trim() } else if (arg === '-d') payload = curl![++i]!
    else if (arg === '-D') { expect(curl![++i]).toBe('-'); dumpHeaders = true } else url = arg.replace(/^(https?:\/\/)?(localhost|127\.0\.0\.1):3000/, '')
  }
  // As curl: -d without -X is a POST.
  const res = await app.inject({ method: (method ?? (payload === undefined ? 'GET' : 'POST')) as 'GET', url, headers, payload })
  let text = dumpHeaders ? Object.entries(res.headers).map(([k, v]) => `${k}: ${String(v)}\n`).join('') + res.body : res.body
  for (const [tool, ...args] of filters) {
    if (tool === '...') return text
    if (tool === 'head') {
      text = text.split(/\r?\n/).slice(0, Number(args[0]!.replace('-', ''))).join('\n')
    } else {
      expect(tool).toBe('jq')
      const flags = args.filter((a) => a.startsWith('-'))
      const programs = args.filter((a) => !a.startsWith('-'))
      // A second word would be a file name to jq: the README's filter must be one shell word.
      expect(programs).toHaveLength(1)
      text = await jq(text, programs[0]!, flags)
    }
  }
  return text.trimEnd()
}

const examples = guides.flatMap((file) => curlExamples(readFileSync(file, 'utf8'), file))
const needsKey = (e: Example): boolean => /\$(EDITOR|ADMIN)\b/.test(e.command) || e.command.includes('/v1/changes')
const reads = examples.filter((e) => !needsKey(e))
const curation = examples.filter(needsKey)

it('finds the README\'s examples (the parser is not vacuous)', () => {
  expect(reads.length).toBeGreaterThanOrEqual(15)
  expect(curation.length).toBeGreaterThanOrEqual(6)
  expect(shellWords("curl -s 'a b' -H \"x: $K\" | jq -c '.a, .b'", { K: 'k' })).toEqual([['curl', '-s', 'a b', '-H', 'x: k'], ['jq', '-c', '.a, .b']])
})

// README_UPDATE=1 npx jest test/readme-examples.test.ts writes these examples' real outputs into their pages.
const update = process.env.README_UPDATE === '1'

describe('README examples that read, on the seeded database', () => {
  let app: FastifyInstance
  const real = new Map<Example, string>()
  beforeAll(async () => { app = await buildTestApp() })
  afterAll(async () => {
    await app.close()
    if (!update) return
    for (const file of guides) {
      let text = readFileSync(file, 'utf8')
      for (const [e, output] of real) if (e.file === file) text = text.replace(`$ ${e.command}\n${e.output}`, `$ ${e.command}\n${output}`)
      writeFileSync(file, text)
    }
  })

  it.each(reads.map((e) => [e.file, e.line, e.command.split('\n')[0]!, e] as const))('%s line %i: %s', async (_file, _line, _command, example) => {
    const output = await run(app, example.command)
    if (update) real.set(example, output)
    else expect(output).toBe(example.output)
  })
})

describe('README GraphQL examples, on the seeded database', () => {
  const pairs = guides.flatMap((file) => graphqlExamples(readFileSync(file, 'utf8')).map((p) => ({ ...p, file })))
  let app: FastifyInstance
  const real = new Map<string, string>()
  beforeAll(async () => { app = await buildTestApp() })
  afterAll(async () => {
    await app.close()
    if (!update) return
    for (const file of guides) {
      let text = readFileSync(file, 'utf8')
      for (const { query, answer } of pairs.filter((p) => p.file === file)) text = text.replace(`${query}\`\`\`\n\n\`\`\`json\n${answer}\n`, `${query}\`\`\`\n\n\`\`\`json\n${real.get(query)!}\n`)
      writeFileSync(file, text)
    }
  })

  it('finds them', () => { expect(pairs.length).toBeGreaterThanOrEqual(6) })

  it.each(pairs.map((p) => [p.query.split('\n').slice(0, 2).join(' ').trim(), p] as const))('%s', async (_name, { query, answer }) => {
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query } })
    const output = JSON.stringify(res.json(), null, 2)
    if (update) real.set(query, output)
    else expect(output).toBe(answer)
  })
})

/** What differs on every run by nature: times, keys, and the hash half of an ETag. */
const volatile = (text: string): string => text
  .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
  .replace(/pkb_[A-Za-z0-9_-]+/g, 'pkb_<key>')

describe('README examples with keys and the changes feed, in order, on a private copy', () => {
  let app: FastifyInstance
  let scratch: { url: string, drop: () => Promise<void> }
  const env: Record<string, string> = {}
  beforeAll(async () => {
    scratch = await createSeededScratchDatabase('readme')
    app = await buildApp({ config: parseConfig({}), databaseUrl: scratch.url })
    await app.ready()
    // As in the README: alice's editor key is #1, an admin's #2.
    env.EDITOR = (await createKey(app.prisma, { name: 'alice', role: 'editor' })).key
    env.ADMIN = (await createKey(app.prisma, { name: 'admin', role: 'admin' })).key
  }, 60_000)
  afterAll(async () => {
    await app.close()
    await scratch.drop()
  })

  it('answers each as shown (outputs the README elides with "..." are run for their effect only)', async () => {
    for (const example of curation) {
      const output = await run(app, example.command, env)
      if (example.output.includes('...') || /\|\s*\.\.\.$/.test(example.command)) continue
      expect({ file: example.file, line: example.line, output: volatile(output) }).toEqual({ file: example.file, line: example.line, output: volatile(example.output) })
    }
  })
})
