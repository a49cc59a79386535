export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Resolves with the n-th event (0-based) once it has arrived. */
  nth(n: number): Promise<SseEvent>;
  /** Resolves with every event once the server ended the stream. */
  ended: Promise<SseEvent[]>;
  close(): void;
}

/** A minimal EventSource over fetch, enough to assert what a stream delivered and when it ended. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: Array<{ n: number; resolve: (e: SseEvent) => void; reject: (err: Error) => void }> = [];
  let done = false;

  const settle = () => {
    for (const w of [...waiters]) {
      const e = events[w.n];
      if (e) {
        w.resolve(e);
        waiters.splice(waiters.indexOf(w), 1);
      } else if (done) {
        w.reject(new Error(`stream ended after ${events.length} event(s), before event #${w.n}`));
        waiters.splice(waiters.indexOf(w), 1);
      }
    }
  };

  const ended = (async () => {
    if (!res.body) return events;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        let sep: number;
        while ((sep = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, sep);
          buffer = buffer.slice(sep + 2);
          const ev: SseEvent = { event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line === '') continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') ev.id = value;
            else if (field === 'event') ev.event = value;
            else if (field === 'data') {
              ev.data = hasData ? `${ev.data}\n${value}` : value;
              hasData = true;
            }
          }
          if (hasData) {
            events.push(ev);
            settle();
          }
        }
      }
    } catch {
      // aborted by close()
    }
    done = true;
    settle();
    return events;
  })();

  return {
    status: res.status,
    headers: res.headers,
    events,
    nth(n) {
      return new Promise((resolve, reject) => {
        waiters.push({ n, resolve, reject });
        settle();
      });
    },
    ended,
    close() {
      controller.abort();
    },
  };
}
