// A minimal Server-Sent Events client for tests: opens a stream, parses its events and comments as
// they arrive (the wire format, not a browser's reading of it), and closes it.
import http from 'node:http'

export interface StreamEvent { id?: string, event?: string, data?: string, comment?: string }

export interface OpenStream {
  status: number
  headers: http.IncomingHttpHeaders
  /** The body, for a response that is not a stream (an error). */
  body: () => Promise<string>
  /** The next event or comment; rejects after `ms` without one, or when the stream has ended. */
  next: (ms?: number) => Promise<StreamEvent>
  /** The next event, skipping comments (heartbeats). */
  nextEvent: (ms?: number) => Promise<StreamEvent>
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
  close: () => void
}

function parse (block: string): StreamEvent {
  const event: StreamEvent = {}
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) event.comment = line.slice(1).trim()
    const match = /^(id|event|data): ?(.*)$/.exec(line)
    if (match !== null) event[match[1] as 'id' | 'event' | 'data'] = match[1] === 'data' && event.data !== undefined ? `${event.data}\n${match[2]}` : match[2]
  }
  return event
}

export async function openStream (url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return await new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      response.setEncoding('utf8')
      const queued: StreamEvent[] = []
      const waiting: Array<(event: StreamEvent | undefined) => void> = []
      let buffer = ''
      let raw = ''
      let done = false
      const ended = new Promise<void>((resolve) => response.on('close', () => {
        done = true
        for (const wake of waiting.splice(0)) wake(undefined)
        resolve()
      }))
      response.on('data', (chunk: string) => {
        raw += chunk
        buffer += chunk
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parse(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
          const wake = waiting.shift()
          if (wake !== undefined) wake(event)
          else queued.push(event)
        }
      })
      const next = async (ms = 5000): Promise<StreamEvent> => {
        const queuedEvent = queued.shift()
        if (queuedEvent !== undefined) return queuedEvent
        if (done) throw new Error('the stream has ended')
        return await new Promise((resolve, reject) => {
          const wake = (event: StreamEvent | undefined): void => {
            clearTimeout(timer)
            if (event === undefined) reject(new Error('the stream has ended'))
            else resolve(event)
          }
          const timer = setTimeout(() => {
            waiting.splice(waiting.indexOf(wake), 1)
            reject(new Error(`no event within ${ms} ms`))
          }, ms)
          waiting.push(wake)
        })
      }
      resolve({
        status: response.statusCode!,
        headers: response.headers,
        body: async () => { await ended; return raw },
        next,
        nextEvent: async (ms) => {
          for (;;) {
            const event = await next(ms)
            if (event.comment === undefined || event.data !== undefined) return event
          }
        },
        ended,
        close: () => { request.destroy() }
      })
    })
    request.on('error', reject)
  })
}
