import pino, { type Logger } from 'pino'

/** Secrets never reach the logs: credentials in headers, and any field named like a secret. */
export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]',
  'headers.authorization', '*.password', '*.databaseUrl', 'databaseUrl', '*.apiKey', '*.keyHash'
]

export function createLogger (level: string, pretty: boolean): Logger {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {})
  })
}
