// Keys never reach the logs: not the key a client sends, not a new key, not its hash.
import { Writable } from 'node:stream'
import pino from 'pino'
import request from 'supertest'
import { buildApp } from '../../src/app'
import { createKey, hashKey } from '../../src/auth/api-keys'
import { parseConfig } from '../../src/config'
import { REDACT_PATHS } from '../../src/logger'
import { createSeededScratchDatabase } from '../helpers/seeded-scratch'

it('logs requests made with keys, key creation and revocation without any key or hash', async () => {
  const lines: string[] = []
  const sink = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done() } })
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { req: (req: { headers: unknown, method: string, url: string }) => ({ method: req.method, url: req.url, headers: req.headers }) } }, sink)
  // Keys are written: a private database keeps them away from the other test files.
  const scratch = await createSeededScratchDatabase('secrets')
  const app = await buildApp({ config: parseConfig({}), databaseUrl: scratch.url, logger })
  await app.ready()
  try {
    const admin = await createKey(app.prisma, { name: 'log-admin', role: 'admin' })
    const created = await request(app.server).post('/v1/keys').set('authorization', `Bearer ${admin.key}`).send({ name: 'log-editor', role: 'editor' }).expect(201)
    await request(app.server).post('/v1/events').set('authorization', `Bearer ${created.body.key as string}`).send({ slug: 'x' }).expect(400)
    await request(app.server).get('/v1/keys').set('authorization', `Bearer ${created.body.key as string}`).expect(403)
    await request(app.server).get('/v1/events?limit=1').set('authorization', `Bearer ${admin.key.slice(0, -2)}zz`).expect(401)
    await request(app.server).delete(`/v1/keys/${created.body.id as number}`).set('authorization', `Bearer ${admin.key}`).expect(200)
    const log = lines.join('')
    expect(lines.length).toBeGreaterThan(10)
    expect(log).toContain('[redacted]')
    for (const secret of [admin.key, created.body.key as string, hashKey(admin.key), hashKey(created.body.key as string), admin.key.slice(12)]) expect(log).not.toContain(secret)
  } finally {
    await app.close()
    await scratch.drop()
  }
}, 60_000)
