// Live updates: the service pushes every write as a Server-Sent Event (GET /v1/changes/stream), from
// whichever replica made it, so a view left open is drawn again instead of going stale.

// After the server refused the stream (an error status, e.g. 503 too-many-streams), EventSource
// gives up; it is opened again after these waits, resuming with `since` from the last change seen.
const RETRY_MS = [1000, 2000, 5000, 15000, 30000]

/** Calls `onChange(change)` for every change written from now on, for the page's life. */
export function followChanges (onChange) {
  let lastId
  let failures = 0
  const open = () => {
    const source = new window.EventSource(lastId === undefined ? '/v1/changes/stream' : `/v1/changes/stream?since=${encodeURIComponent(lastId)}`)
    source.addEventListener('open', () => {
      failures = 0
      document.documentElement.dataset.live = 'open'
    })
    source.addEventListener('change', (event) => {
      lastId = event.lastEventId
      onChange(JSON.parse(event.data))
    })
    source.addEventListener('error', () => {
      // A dropped connection is reopened by EventSource itself, with Last-Event-ID: nothing to do.
      if (source.readyState !== window.EventSource.CLOSED) return
      document.documentElement.dataset.live = 'closed'
      setTimeout(open, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)])
    })
  }
  open()
}
