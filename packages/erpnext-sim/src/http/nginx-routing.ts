import type { IncomingMessage } from 'node:http';
import type { SiteRegistry } from '../sites/site-registry';

/**
 * What nginx in front of a bench does to a request before Frappe sees it (routing 'nginx'): the
 * site is chosen by Host among the server_names of the last reloaded configuration, every other
 * Host goes to the default server, and X-Frappe-Site-Name is set by nginx, overwriting whatever the
 * client sent (bench's port and DNS-multitenant configurations both set it).
 */
export function applyNginxRouting(registry: SiteRegistry, req: IncomingMessage): void {
  const host = req.headers.host ?? '';
  req.headers['x-frappe-site-name'] = registry.siteForNginxHost(host);
}
