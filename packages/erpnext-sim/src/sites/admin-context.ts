import { RequestContext } from '../frappe/request-context';
import type { Site } from './site';

/** Runs `fn` as Administrator in one transaction (bench commands, seeding, test helpers). */
export function asAdministrator<T>(site: Site, fn: (ctx: RequestContext) => T): T {
  const ctx = new RequestContext(site, 'Administrator');
  return site.store.transaction(() => fn(ctx));
}
