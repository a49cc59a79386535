/**
 * The simulator process: an HTTP server in front of a bench of sites. `/__sim/*` is the control
 * plane; everything else is answered as the site chosen by X-Frappe-Site-Name or Host would.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mulberry32, parseFaultConfig, type FaultConfig, type Prng } from './faults';
import type { DocContext } from './model/meta';
import { handleControlRequest } from './http/control-handler';
import { handleSiteRequest } from './http/frappe-handler';
import type { SimulatorState } from './http/simulator-state';
import type { Doc } from './model/doc';
import { dbSetValue, insertDoc, requireMeta, serializeDoc, updateDoc } from './model/document-engine';
import { asAdministrator } from './sites/admin-context';
import { setupComplete } from './sites/setup-wizard';
import type { Site } from './sites/site';
import { SiteRegistry } from './sites/site-registry';
import { addApiUser, setUserRoles } from './sites/api-users';
import { applyNginxRouting } from './http/nginx-routing';
import { RequestActivity } from './http/timed-requests';
import type { RequestLogEntry, SimulatorHandle, SimulatorOptions, SiteAccess } from './types';

const MAX_LOG_ENTRIES = 50_000;
const DEFAULT_SEED = 1;

/** Wizard answers for the default site: a US company on the Standard chart, this calendar year. */
export function defaultWizardArgs(clock: { today(): string }): Record<string, unknown> {
  const year = clock.today().slice(0, 4);
  return {
    language: 'English',
    country: 'United States',
    timezone: 'America/New_York',
    currency: 'USD',
    full_name: 'Simulator Admin',
    email: 'admin@sim.localhost',
    password: 'admin',
    company_name: 'Sim Seed Company',
    company_abbr: 'SSC',
    chart_of_accounts: 'Standard',
    fy_start_date: `${year}-01-01`,
    fy_end_date: `${year}-12-31`,
  };
}

function siteAccess(site: Site): SiteAccess {
  const run = <T>(fn: (ctx: DocContext) => T): T => asAdministrator(site, fn);
  return {
    name: site.name,
    get: (doctype, name) => site.store.get(doctype, name),
    list: (doctype) => site.store.scan(doctype).map((d) => structuredClone(d) as Doc),
    insert: (doc) => run((ctx) => serializeDoc(ctx, insertDoc(ctx, doc))),
    update: (doctype, name, patch) => run((ctx) => serializeDoc(ctx, updateDoc(ctx, doctype, name, patch))),
    delete: (doctype, name) => site.store.remove(doctype, name),
    runSetupWizard: (args) => run((ctx) => setupComplete(ctx, args)),
    setMaintenance(on) {
      site.maintenance = on;
    },
    setUserRoles: (user, roles) => setUserRoles(site, user, roles),
    addApiUser: (spec) => addApiUser(site, spec),
    setSiteConfig(key, value) {
      if (value === undefined) delete site.config[key];
      else site.config[key] = value;
    },
    get installedApps() {
      return site.installedApps;
    },
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const registry = new SiteRegistry(options.defaultSite ?? 'erp.localhost', options.routing ?? 'dev');
  const seed = options.seed ?? DEFAULT_SEED;
  let faults: FaultConfig = parseFaultConfig(options.faults ?? {});
  let prng: Prng = mulberry32(seed);
  let log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const hung = new Map<Socket, NodeJS.Timeout>();
  const activity = new RequestActivity(options.timings ?? {}, seed);

  const defaultSite = registry.create(registry.defaultSiteName, options.adminPassword ?? 'admin', { apps: ['erpnext'] });
  const apiSecret = options.apiSecret ?? 'sim-secret';
  asAdministrator(defaultSite, (ctx) => {
    // As generate_keys would leave it: the key in the row, the secret in the auth table.
    dbSetValue(ctx, 'User', 'Administrator', { api_key: options.apiKey ?? 'sim-key', api_secret: '*'.repeat(apiSecret.length) }, { updateModified: false });
    ctx.site.store.setPassword('User', 'Administrator', 'api_secret', apiSecret);
  });
  if (options.defaultSiteSetup !== false) {
    asAdministrator(defaultSite, (ctx) => setupComplete(ctx, defaultWizardArgs(registry.clock)));
  }
  for (const company of options.seedCompanies ?? []) {
    asAdministrator(defaultSite, (ctx) => {
      requireMeta(ctx, 'Company');
      insertDoc(ctx, {
        doctype: 'Company',
        company_name: company.company_name,
        abbr: company.abbr,
        default_currency: 'USD',
        country: 'United States',
      });
    });
  }

  for (const spec of options.apiUsers ?? []) addApiUser(defaultSite, spec);

  const state: SimulatorState = {
    registry,
    faults: () => faults,
    setFaults(config) {
      faults = parseFaultConfig(config);
      prng = mulberry32(seed);
    },
    prng: () => prng,
    record(entry) {
      log.push(entry);
      if (log.length > MAX_LOG_ENTRIES) log = log.slice(-MAX_LOG_ENTRIES);
    },
    requestLog: () => log.map((e) => ({ ...e })),
    clearRequestLog() {
      log = [];
    },
    hang(socket, ms) {
      const timer = setTimeout(() => {
        hung.delete(socket);
        socket.destroy();
      }, ms);
      hung.set(socket, timer);
      socket.once('close', () => {
        clearTimeout(timer);
        hung.delete(socket);
      });
    },
    activity,
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const isControl = (req.url ?? '').startsWith('/__sim/') || req.url === '/__sim';
    if (!isControl && registry.routing === 'nginx') applyNginxRouting(registry, req);
    const handler = isControl ? handleControlRequest(state, req, res) : handleSiteRequest(state, req, res);
    handler.catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ exc_type: error instanceof Error ? error.name : 'Exception' }));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of hung.values()) clearTimeout(timer);
        hung.clear();
        activity.close();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections?.();
      });
      return closing;
    },
    setFaults: (config) => state.setFaults(config),
    getFaults: () => structuredClone(faults),
    inventory: (site) => registry.inventory(site),
    requestLog: () => state.requestLog(),
    clearRequestLog: () => state.clearRequestLog(),
    stats: () => activity.stats(),
    setTimings: (timings) => activity.setTimings(timings),
    createSite(name, adminPassword) {
      registry.create(name, adminPassword, { apps: ['erpnext'] });
    },
    site(name) {
      const site = name ? registry.get(name) : registry.defaultSite;
      if (!site) throw new Error(`Site ${name ?? ''} does not exist`);
      return siteAccess(site);
    },
    sites: () => registry.all().map((s) => registry.summary(s)),
    addApiUser: (spec, siteName) => {
      const site = siteName ? registry.get(siteName) : registry.defaultSite;
      if (!site) throw new Error(`Site ${siteName ?? ''} does not exist`);
      return addApiUser(site, spec);
    },
  };
}
