/**
 * The bench: every site by name (case-insensitive, like DNS), the default site for unmatched
 * hosts, and the operations `bench new-site`, `install-app` and `set-maintenance-mode` perform.
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

export const SUPPORTED_APPS: readonly AppName[] = ['frappe', 'erpnext'];

export class SiteRegistry {
  private readonly sites = new Map<string, Site>();
  readonly clock = new Clock();

  constructor(readonly defaultSiteName: string) {}

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
