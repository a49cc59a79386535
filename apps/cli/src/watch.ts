import { ApiUnavailableError, type ApiClient } from './api-client';
import { isTerminal, type CompanyView, type Envelope, type StreamEvent } from './api-types';
import { readSse } from './sse-parser';

export interface WatchHandlers {
  /** The authoritative view: the stream's snapshot, then a re-read after events (coalesced). */
  onView(view: CompanyView): void;
  /** Each event as it arrives, in order. */
  onEvent(event: StreamEvent): void;
}

export type WatchResult =
  | { kind: 'terminal'; view: CompanyView }
  | { kind: 'timeout'; view: CompanyView | null }
  | { kind: 'interrupted'; view: CompanyView | null }
  | { kind: 'refused'; status: number; envelope: Envelope<never> };

export interface WatchOptions {
  signal?: AbortSignal;
  /** Give up (kind 'timeout') after this long; none by default. */
  timeoutMs?: number;
  /** Resume after this event id (Last-Event-ID): only later events are reported. */
  lastEventId?: number;
  /** How long the API may stay unreachable while watching before ApiUnavailableError is thrown. */
  unreachableForMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Follows GET /api/companies/:id/events until the company is Active, Partial or Failed. The server
 * ends the stream after a terminal status; if it ends earlier (api restart, proxy timeout) this
 * reconnects with Last-Event-ID, so no event is lost or shown twice. Events only say "something
 * changed": the view (step states, errors) is re-read with GET, one read at a time.
 */
export async function watchCompany(client: ApiClient, companyId: string, handlers: WatchHandlers, options: WatchOptions = {}): Promise<WatchResult> {
  const stop = new AbortController();
  const outer = options.signal;
  let why: 'timeout' | 'interrupted' | null = null;
  const onAbort = () => {
    why ??= 'interrupted';
    stop.abort();
  };
  outer?.addEventListener('abort', onAbort, { once: true });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          why ??= 'timeout';
          stop.abort();
        }, options.timeoutMs);

  const path = `/api/companies/${encodeURIComponent(companyId)}`;
  let view: CompanyView | null = null;
  let lastId: number | undefined = options.lastEventId;
  let unreachableSince: number | null = null;
  const unreachableForMs = options.unreachableForMs ?? 60_000;

  // Coalesced re-reads: while one GET is in flight, any number of new events cause one more.
  let dirty = false;
  let refreshing: Promise<void> | null = null;
  const refresh = async (): Promise<CompanyView | null> => {
    try {
      const res = await client.request<CompanyView>('GET', path);
      if (res.envelope.success) {
        view = res.envelope.data;
        handlers.onView(view);
      }
    } catch {
      // the stream notices an unreachable api and reconnects
    }
    return view;
  };
  const kick = () => {
    dirty = true;
    if (refreshing || stop.signal.aborted) return;
    const drain = async () => {
      while (dirty && !stop.signal.aborted) {
        dirty = false;
        await refresh();
      }
    };
    refreshing = drain().finally(() => {
      refreshing = null;
      if (dirty && !stop.signal.aborted) kick();
    });
  };

  try {
    while (!stop.signal.aborted) {
      let opened;
      try {
        opened = await client.stream(`${path}/events`, { ...(lastId !== undefined ? { lastEventId: lastId } : {}), signal: stop.signal });
      } catch (err) {
        if (stop.signal.aborted) break;
        if (!(err instanceof ApiUnavailableError)) throw err;
        unreachableSince ??= Date.now();
        if (Date.now() - unreachableSince > unreachableForMs) throw err;
        await sleep(1_000, stop.signal);
        continue;
      }
      if (!opened.body) return { kind: 'refused', status: opened.status, envelope: opened.envelope ?? { success: false, error: { code: 'UNKNOWN', message: `answered ${opened.status}` } } };
      unreachableSince = null;
      try {
        for await (const msg of readSse(opened.body)) {
          if (msg.id !== undefined && /^\d+$/.test(msg.id)) lastId = Number(msg.id);
          let data: unknown;
          try {
            data = JSON.parse(msg.data);
          } catch {
            continue;
          }
          if (msg.event === 'snapshot') {
            view = data as CompanyView;
            handlers.onView(view);
          } else {
            handlers.onEvent(data as StreamEvent);
            kick();
          }
        }
      } catch {
        // the connection dropped mid-stream: fall through to the re-read and reconnect
      }
      if (stop.signal.aborted) break;
      while (refreshing) await refreshing;
      const latest = await refresh();
      if (latest && isTerminal(latest.status)) return { kind: 'terminal', view: latest };
      await sleep(1_000, stop.signal);
    }
    return { kind: why ?? 'interrupted', view };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
