/**
 * The lock every step takes before it writes a document that all tenants of a site share.
 *
 * Why: ERPNext v15 does not serialise writes to shared documents. Two Company inserts that overlap
 * each append a row to Mode of Payment "Cash" (Company.on_update) and one of them fails with
 * "Could not find Row #N: Default Account: Cash - …" (FRAPPE_REST_FACTS §10). The same shape of race
 * exists wherever two tenants save one document: Mode of Payment "Cash" (pos_profile), Stock and
 * Selling Settings (settings). So a worker MUST hold its site's lock while it inserts a Company or
 * saves one of those documents; the worker provides a lock that holds across processes and machines.
 */
export type SiteLockRunner = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

/** A lock for one process (tests and the step harness): FIFO per key. */
export function createLocalSiteLock(): (key: string) => SiteLockRunner {
  const tails = new Map<string, Promise<unknown>>();
  return (key) =>
    async <T>(_what: string, fn: () => Promise<T>): Promise<T> => {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      await previous.catch(() => undefined);
      try {
        return await fn();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    };
}
