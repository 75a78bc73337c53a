import { parseConfig } from '../src/config'

describe('configuration from the environment', () => {
  it('uses defaults for a bare environment and the embedded database when DATABASE_URL is unset', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, logLevel: 'info', corsOrigin: '*' })
    expect(config.dataDir).toBe(`${process.cwd()}/.data`)
    expect(config.migrationsDir).toBe(`${process.cwd()}/prisma/migrations`)
  })

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 3000 })
  })

  it('counts the rate limit in PostgreSQL, shared by replicas, when the database is one of your own; in memory for the embedded one', () => {
    expect(parseConfig({}).rateLimit).toEqual({ max: 600, timeWindow: '1 minute', store: 'memory' })
    expect(parseConfig({ DATABASE_URL: 'postgresql://kb@db:5432/kb' }).rateLimit.store).toBe('postgres')
    expect(parseConfig({ DATABASE_URL: 'postgresql://kb@db:5432/kb', RATE_LIMIT_STORE: 'memory' }).rateLimit.store).toBe('memory')
    expect(parseConfig({ RATE_LIMIT_STORE: 'postgres' }).rateLimit.store).toBe('postgres')
  })

  it('counts the rate limit in Redis when REDIS_URL is given, unless RATE_LIMIT_STORE says otherwise', () => {
    const url = 'redis://:secret@cache:6379/2'
    expect(parseConfig({ REDIS_URL: url }).rateLimit).toEqual({ max: 600, timeWindow: '1 minute', store: 'redis', redisUrl: url })
    expect(parseConfig({ REDIS_URL: url, DATABASE_URL: 'postgresql://kb@db:5432/kb' }).rateLimit.store).toBe('redis')
    expect(parseConfig({ REDIS_URL: url, RATE_LIMIT_STORE: 'postgres' }).rateLimit).toEqual({ max: 600, timeWindow: '1 minute', store: 'postgres' })
    expect(parseConfig({ REDIS_URL: 'rediss://cache:6380' }).rateLimit.store).toBe('redis')
  })

  it('reads TRUST_PROXY as Fastify takes it: off by default, true, a hop count, or proxy addresses', () => {
    expect(parseConfig({}).trustProxy).toBe(false)
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true)
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1')
  })

  it.each([
    [{ TRUST_PROXY: 'any proxy at all' }, /^invalid environment variable TRUST_PROXY: /],
    [{ RATE_LIMIT_STORE: 'redis' }, /^invalid environment variable RATE_LIMIT_STORE: redis needs REDIS_URL$/],
    [{ RATE_LIMIT_STORE: 'disk' }, /^invalid environment variable RATE_LIMIT_STORE: /],
    [{ REDIS_URL: 'http://cache:6379' }, /^invalid environment variable REDIS_URL: /],
    [{ PORT: 'eighty' }, /^invalid environment variable PORT: /],
    [{ PORT: '70000' }, /^invalid environment variable PORT: /],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /^invalid environment variable DATABASE_URL: /],
    [{ LOG_LEVEL: 'loud' }, /^invalid environment variable LOG_LEVEL: /]
  ])('stops with a one-line message naming the variable for %j', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message)
  })
})
