/**
 * The bench: every site by name (case-insensitive, like DNS), the default site for unmatched
 * hosts, the operations `bench new-site`, `drop-site`, `install-app` and `set-maintenance-mode`
 * perform, and what nginx currently serves (routing 'nginx').
 */
import { APP_DOCTYPES } from '../doctypes';
import { cint, Clock, cstr } from '../util';
import type { DoctypeInventory, Inventory, SiteSummary } from '../types';
import { Site, type AppName } from './site';
import { BRANCH, ERPNEXT_VERSION, FRAPPE_VERSION, installErpnext, installFrappe } from './site-install';

export class SiteExistsError extends Error {
  constructor(readonly site: string) {
    super(`Site ${site} already exists`);
  }
}

export class UnknownAppError extends Error {
  constructor(readonly app: string) {
    super(`No module named '${app}'`);
  }
}

export class DefaultSiteError extends Error {
  constructor(readonly site: string) {
    super(`Site ${site} is the simulator's default site and cannot be dropped`);
  }
}

export const SUPPORTED_APPS: readonly AppName[] = ['frappe', 'erpnext'];

/**
 * 'dev': every site answers by Host or X-Frappe-Site-Name, like `bench serve`. 'nginx': a site
 * answers by Host only once a reloaded nginx configuration names it; nginx sets
 * X-Frappe-Site-Name itself, so the client's header never chooses the site.
 */
export type Routing = 'dev' | 'nginx';

export class SiteRegistry {
  private readonly sites = new Map<string, Site>();
  readonly clock = new Clock();
  /** server_names per nginx configuration file, as of the last `nginx -s reload`. */
  private readonly nginxConfs = new Map<string, string[]>();

  constructor(
    readonly defaultSiteName: string,
    readonly routing: Routing = 'dev',
  ) {}

  get(name: string): Site | undefined {
    return this.sites.get(name.toLowerCase());
  }

  all(): Site[] {
    return [...this.sites.values()];
  }

  get defaultSite(): Site {
    const site = this.get(this.defaultSiteName);
    if (!site) throw new Error(`default site ${this.defaultSiteName} missing`);
    return site;
  }

  /** `bench new-site`: a fresh database with frappe only; `force` replaces an existing site. */
  create(name: string, adminPassword: string, options: { force?: boolean; apps?: readonly string[] } = {}): Site {
    const key = name.toLowerCase();
    if (this.sites.has(key) && !options.force) throw new SiteExistsError(name);
    for (const app of options.apps ?? []) if (!SUPPORTED_APPS.includes(app as AppName)) throw new UnknownAppError(app);
    const site = new Site(name, APP_DOCTYPES, this.clock);
    installFrappe(site, adminPassword);
    this.sites.set(key, site);
    for (const app of options.apps ?? []) this.installApp(site, app);
    return site;
  }

  /** `bench drop-site`: the site's database is gone; false when there was none. */
  drop(name: string): boolean {
    if (name.toLowerCase() === this.defaultSiteName.toLowerCase()) throw new DefaultSiteError(name);
    return this.sites.delete(name.toLowerCase());
  }

  /** `nginx -s reload` of one configuration file: its server_names replace what it served before. */
  loadNginxConf(conf: string, serverNames: readonly string[]): void {
    this.nginxConfs.set(conf, serverNames.map((n) => n.toLowerCase()));
  }

  /** Host names the running nginx routes to their own site. */
  nginxServerNames(): string[] {
    return [...new Set([...this.nginxConfs.values()].flat())].sort();
  }

  /** The loaded configuration files and their server_names. */
  nginxConfigs(): Record<string, string[]> {
    return Object.fromEntries(this.nginxConfs);
  }

  /**
   * The site nginx hands a request for `host` to: the site a loaded server block names, else the
   * default server (the default site answers as a neighbour would).
   */
  siteForNginxHost(host: string): string {
    const name = host.replace(/:\d+$/, '').toLowerCase();
    for (const names of this.nginxConfs.values()) if (names.includes(name)) return name;
    return this.defaultSiteName;
  }

  /** `bench --site X install-app APP`; false when it was already installed (and not forced). */
  installApp(site: Site, app: string, force = false): boolean {
    if (!SUPPORTED_APPS.includes(app as AppName)) throw new UnknownAppError(app);
    if (site.hasApp(app) && !force) return false;
    if (app === 'erpnext') installErpnext(site);
    return true;
  }

  summary(site: Site): SiteSummary {
    const versions: Record<string, string> = { frappe: FRAPPE_VERSION, erpnext: ERPNEXT_VERSION };
    return {
      name: site.name,
      apps: site.installedApps.map((app) => ({ name: app, version: versions[app] ?? '0.0.1', branch: BRANCH })),
      maintenance: site.maintenance,
      setup_complete: Boolean(cint(site.store.get('System Settings', 'System Settings')?.setup_complete)),
    };
  }

  inventory(siteName?: string): Inventory {
    const out: Inventory = { sites: {} };
    const sites = siteName ? [this.get(siteName)].filter((s): s is Site => Boolean(s)) : this.all();
    for (const site of sites) {
      const perDoctype: Record<string, DoctypeInventory> = {};
      for (const doctype of site.store.doctypes().sort()) {
        const docs = site.store.scan(doctype);
        if (!docs.length) continue;
        perDoctype[doctype] = { count: docs.length, names: docs.map((d) => cstr(d.name)) };
      }
      out.sites[site.name] = perDoctype;
    }
    return out;
  }
}
