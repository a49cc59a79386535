/**
 * `/__sim/*`: test and bench control, never faulted, no auth.
 *   GET|PUT /__sim/faults, GET /__sim/inventory[?site=], GET|DELETE /__sim/requests,
 *   GET|POST /__sim/sites, DELETE /__sim/sites/:name, POST /__sim/sites/:name/apps,
 *   POST /__sim/sites/:name/maintenance, GET|PUT /__sim/nginx, POST /__sim/users,
 *   PUT /__sim/users/:user/roles.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultConfig } from '../faults';
import { FrappeError } from '../frappe/exceptions';
import { addApiUser, setUserRoles } from '../sites/api-users';
import { DefaultSiteError, SiteExistsError, UnknownAppError } from '../sites/site-registry';
import { readBody } from './request-body';
import { sendControl } from './respond';
import type { SimulatorState } from './simulator-state';

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(req)).toString('utf8');
  if (!raw.trim()) return {};
  const parsed: unknown = JSON.parse(raw);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export async function handleControlRequest(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const parts = url.pathname.replace(/\/+$/, '').split('/').slice(2).map((p) => decodeURIComponent(p));
  const method = (req.method ?? 'GET').toUpperCase();
  const [resource, siteName, action] = parts;
  let body: Record<string, unknown> = {};
  try {
    if (method === 'POST' || method === 'PUT') body = await jsonBody(req);
  } catch (error) {
    sendControl(res, 400, { error: `invalid JSON body: ${(error as Error).message}` });
    return;
  }
  try {
    if (resource === 'faults' && parts.length === 1) {
      if (method === 'GET') return sendControl(res, 200, state.faults());
      if (method === 'PUT') {
        state.setFaults(parseFaultConfig(body));
        return sendControl(res, 200, state.faults());
      }
    }
    if (resource === 'inventory' && parts.length === 1 && method === 'GET') {
      return sendControl(res, 200, state.registry.inventory(url.searchParams.get('site') ?? undefined));
    }
    if (resource === 'stats' && parts.length === 1 && method === 'GET') return sendControl(res, 200, state.activity.stats());
    if (resource === 'requests' && parts.length === 1) {
      if (method === 'GET') return sendControl(res, 200, state.requestLog());
      if (method === 'DELETE') {
        const cleared = state.requestLog().length;
        state.clearRequestLog();
        return sendControl(res, 200, { cleared });
      }
    }
    if (resource === 'sites' && parts.length === 1) {
      if (method === 'GET') return sendControl(res, 200, state.registry.all().map((s) => state.registry.summary(s)));
      if (method === 'POST') {
        const name = typeof body.name === 'string' ? body.name.trim() : '';
        const password = typeof body.admin_password === 'string' ? body.admin_password : '';
        if (!name) return sendControl(res, 400, { error: 'name is required' });
        if (!password) return sendControl(res, 400, { error: 'admin_password is required' });
        const apps = Array.isArray(body.install_apps) ? body.install_apps.map(String) : [];
        const site = state.registry.create(name, password, { force: body.force === true, apps });
        return sendControl(res, 201, state.registry.summary(site));
      }
    }
    if (resource === 'sites' && siteName && parts.length === 2 && method === 'DELETE') {
      // bench drop-site: the database goes; answering 404 for none is what DROP DATABASE IF EXISTS hides.
      if (!state.registry.drop(siteName)) return sendControl(res, 404, { error: `Site ${siteName} does not exist!` });
      return sendControl(res, 200, { dropped: siteName });
    }
    if (resource === 'nginx' && parts.length === 1) {
      if (method === 'PUT') {
        const conf = typeof body.conf === 'string' ? body.conf : '';
        if (!conf || !Array.isArray(body.sites)) return sendControl(res, 400, { error: 'conf (string) and sites (array) are required' });
        state.registry.loadNginxConf(conf, body.sites.map(String));
      }
      if (method === 'PUT' || method === 'GET') {
        return sendControl(res, 200, { routing: state.registry.routing, serverNames: state.registry.nginxServerNames(), confs: state.registry.nginxConfigs() });
      }
    }
    if (resource === 'users') {
      const site = typeof body.site === 'string' ? state.registry.get(body.site) : state.registry.defaultSite;
      if (!site) return sendControl(res, 404, { error: `Site ${String(body.site)} does not exist!` });
      const roles = Array.isArray(body.roles) ? body.roles.map(String) : undefined;
      if (parts.length === 1 && method === 'POST') {
        const { user, api_key: apiKey, api_secret: apiSecret } = body;
        if (typeof user !== 'string' || typeof apiKey !== 'string' || typeof apiSecret !== 'string' || !roles) {
          return sendControl(res, 400, { error: 'user, roles, api_key and api_secret are required' });
        }
        const name = addApiUser(site, { user, roles, apiKey, apiSecret });
        return sendControl(res, 201, { site: site.name, user: name, roles });
      }
      if (parts.length === 3 && siteName && action === 'roles' && method === 'PUT') {
        if (!roles) return sendControl(res, 400, { error: 'roles is required' });
        setUserRoles(site, siteName, roles);
        return sendControl(res, 200, { site: site.name, user: siteName, roles });
      }
    }
    if (resource === 'sites' && siteName && parts.length === 3 && method === 'POST') {
      const site = state.registry.get(siteName);
      if (!site) return sendControl(res, 404, { error: `Site ${siteName} does not exist!` });
      if (action === 'apps') {
        const app = typeof body.app === 'string' ? body.app : '';
        if (!app) return sendControl(res, 400, { error: 'app is required' });
        const installed = state.registry.installApp(site, app, body.force === true);
        return sendControl(res, 200, { ...state.registry.summary(site), installed });
      }
      if (action === 'maintenance') {
        site.maintenance = body.on === true || body.on === 'on' || body.on === 1;
        return sendControl(res, 200, state.registry.summary(site));
      }
    }
    sendControl(res, 404, { error: `no control endpoint ${method} ${url.pathname}` });
  } catch (error) {
    if (error instanceof SiteExistsError) return sendControl(res, 409, { error: error.message });
    if (error instanceof UnknownAppError) return sendControl(res, 400, { error: error.message });
    if (error instanceof DefaultSiteError) return sendControl(res, 409, { error: error.message });
    if (error instanceof FrappeError) return sendControl(res, 400, { error: `${error.excType}: ${error.message}` });
    if (error instanceof Error && error.name === 'ZodError') return sendControl(res, 400, { error: error.message });
    sendControl(res, 500, { error: error instanceof Error ? error.message : String(error) });
  }
}
