import type { Logger } from 'pino';
import { EVENTS_CHANNEL, type DbHandle } from '@provisioner/db';

type Wake = () => void;

/**
 * One Postgres LISTEN per api process on EVENTS_CHANNEL, fanned out in memory to the SSE streams
 * subscribed to a company. A notification only says "company X has news": each stream then reads
 * the rows after the last id it sent, so a lost, late or coalesced notification can delay an event
 * but never lose or duplicate one. When the listen connection comes back after a drop, every stream
 * is woken, because notifications sent while it was down are gone.
 */
export interface EventHub {
  /** Starts listening if needed; resolves once LISTEN is active, so nothing committed later is missed. */
  ready(): Promise<void>;
  subscribe(companyId: string, wake: Wake): () => void;
  close(): Promise<void>;
}

export function createEventHub(sql: DbHandle['sql'], logger: Logger): EventHub {
  const subscribers = new Map<string, Set<Wake>>();
  let listening: Promise<{ unlisten(): Promise<void> }> | null = null;
  let closed = false;

  const wakeAll = () => {
    for (const set of subscribers.values()) for (const wake of set) wake();
  };

  const onNotify = (payload: string) => {
    let companyId: unknown;
    try {
      companyId = (JSON.parse(payload) as { companyId?: unknown }).companyId;
    } catch {
      logger.warn({ payload: payload.slice(0, 200) }, 'events: unparseable notification');
      return;
    }
    if (typeof companyId !== 'string') return;
    for (const wake of subscribers.get(companyId) ?? []) wake();
  };

  // postgres.js calls this after the first LISTEN and again after every reconnect. Waking every
  // stream is always safe (each re-reads from its last id), so no attempt is made to tell them apart.
  const onListen = () => {
    logger.debug('events: LISTEN active; waking every stream');
    wakeAll();
  };

  return {
    ready() {
      if (closed) return Promise.reject(new Error('event hub is closed'));
      if (!listening) {
        const attempt = sql.listen(EVENTS_CHANNEL, onNotify, onListen);
        listening = attempt;
        attempt.catch((err: unknown) => {
          logger.error({ err }, 'events: LISTEN failed');
          if (listening === attempt) listening = null; // the next stream tries again
        });
      }
      return listening.then(() => undefined);
    },
    subscribe(companyId, wake) {
      let set = subscribers.get(companyId);
      if (!set) {
        set = new Set();
        subscribers.set(companyId, set);
      }
      set.add(wake);
      return () => {
        const current = subscribers.get(companyId);
        if (!current) return;
        current.delete(wake);
        if (current.size === 0) subscribers.delete(companyId);
      };
    },
    async close() {
      closed = true;
      subscribers.clear();
      const l = listening;
      listening = null;
      if (l) {
        try {
          await (await l).unlisten();
        } catch {
          // the connection is going away anyway
        }
      }
    },
  };
}
