import type { FaultConfig, FaultKind } from './faults';
import type { Doc } from './model/doc';

export interface SeedCompany {
  company_name: string;
  abbr: string;
}

export interface SimulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** API key/secret of the default site's Administrator. Defaults "sim-key" / "sim-secret". */
  apiKey?: string;
  apiSecret?: string;
  /** Administrator password of the default site. Default "admin". */
  adminPassword?: string;
  /** Serves requests whose Host (or X-Frappe-Site-Name) names no site. Default "erp.localhost". */
  defaultSite?: string;
  /** The default site has completed the setup wizard (masters, a seed company). Default true. */
  defaultSiteSetup?: boolean;
  /** Extra companies created on the default site after the wizard. */
  seedCompanies?: SeedCompany[];
  faults?: FaultConfig;
  /** Seed of the fault PRNG (and, offset, of the timing draws). Default 1. */
  seed?: number;
  /**
   * Enabled users with these roles and API keys on the default site, created after the wizard and
   * seed companies. A key acts as its user under role permissions (only Administrator bypasses them).
   */
  apiUsers?: ApiUser[];
  /**
   * 'dev' (default): every site answers by X-Frappe-Site-Name or Host, like `bench serve`. 'nginx':
   * a site answers by Host only once `bench setup nginx` named it and `nginx -s reload` ran; other
   * Hosts get the default site, and the client's X-Frappe-Site-Name is overwritten.
   */
  routing?: 'dev' | 'nginx';
  /**
   * How long the slow v15 operations take. Default 0 ms each (tests stay fast); `REALISTIC_TIMINGS`
   * is what a 2-vCPU site measured. A timed operation waits asynchronously, so other requests are
   * served meanwhile, and requests in flight together interact as on ERPNext (the Company race).
   */
  timings?: SimulatorTimings;
}

/** Milliseconds, or a [min, max] range drawn uniformly per operation. */
export type TimingMs = number | readonly [number, number];

export interface SimulatorTimings {
  /** A Company insert (chart, warehouses, cost centers): 1500–2100 ms on a real site. */
  companyInsertMs?: TimingMs;
  /** `setup_complete` running its stages: 15000–22000 ms. */
  setupWizardMs?: TimingMs;
  /** A Company delete: 3300–4000 ms. */
  companyDeleteMs?: TimingMs;
}

/** One Company insert that was in flight while another Company insert committed. */
export interface CompanyInsertRace {
  /** ISO times the insert started being processed and answered. */
  startedAt: string;
  endedAt: string;
  /** The company this insert tried to create. */
  company: string;
  /** Companies whose inserts committed while this one was in flight. */
  committedMeanwhile: string[];
  /** What this insert answered: 417 when it lost the race. */
  status: number;
}

export interface SiteStats {
  /** Most Company inserts in flight at the same moment. */
  maxConcurrentCompanyInserts: number;
  /** Every Company insert that overlapped another one's commit, oldest first. */
  companyInsertRaces: CompanyInsertRace[];
  /** Most `setup_complete` calls running their stages at the same moment. */
  maxConcurrentWizardCalls: number;
}

/** Concurrency seen per site since the simulator started (a site appears once it served an /api request). */
export interface SimulatorStats {
  sites: Record<string, SiteStats>;
}

export interface ApiUser {
  /** Email; the User is named by it, lower-cased. */
  user: string;
  /** Role names (Has Role rows); they must exist on the site. */
  roles: string[];
  apiKey: string;
  apiSecret: string;
}

export interface DoctypeInventory {
  count: number;
  names: string[];
}

/** Documents per site and doctype (child tables excluded), to count duplicates in tests. */
export interface Inventory {
  sites: Record<string, Record<string, DoctypeInventory>>;
}

export interface RequestLogEntry {
  /** ISO timestamp of arrival. */
  at: string;
  site: string;
  method: string;
  /** Decoded path without the query string. */
  path: string;
  doctype?: string;
  name?: string;
  /** For /api/method calls. */
  cmd?: string;
  /** HTTP status sent; 0 when the socket was dropped or the request hung. */
  status: number;
  fault?: FaultKind;
  /** ISO timestamp the answer was sent (or the socket dropped); absent while in flight or hung. */
  endedAt?: string;
}

export interface SiteSummary {
  name: string;
  apps: Array<{ name: string; version: string; branch: string }>;
  maintenance: boolean;
  setup_complete: boolean;
}

/** Direct access to one site's documents, bypassing HTTP (runs as Administrator, atomically). */
export interface SiteAccess {
  readonly name: string;
  /** The stored document, or undefined. */
  get(doctype: string, name: string): Doc | undefined;
  /** Stored documents of a doctype, oldest first. */
  list(doctype: string): Doc[];
  /** Inserts through the full document lifecycle (validation, side effects). */
  insert(doc: Doc): Doc;
  /** Merges and saves through the full lifecycle, like PUT. */
  update(doctype: string, name: string, patch: Doc): Doc;
  /** Removes the row directly: no link checks, no hooks. Returns false when absent. */
  delete(doctype: string, name: string): boolean;
  /** Runs the setup wizard with the given args (same code as the HTTP method). */
  runSetupWizard(args: Record<string, unknown>): unknown;
  setMaintenance(on: boolean): void;
  /** Replaces a user's roles (a normal save as Administrator; user_type follows the roles). */
  setUserRoles(user: string, roles: string[]): void;
  /** Creates or updates an enabled user with these roles and API key/secret; returns the User name. */
  addApiUser(user: ApiUser): string;
  /** Sets (or, with undefined, removes) a site_config.json key, e.g. `trigger_site_setup_in_background`. */
  setSiteConfig(key: string, value: unknown): void;
  readonly installedApps: readonly string[];
}

export interface SimulatorHandle {
  url: string;
  port: number;
  /** Stops listening and destroys every open socket, hung requests included. */
  close(): Promise<void>;
  setFaults(faults: FaultConfig): void;
  getFaults(): FaultConfig;
  inventory(site?: string): Inventory;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Concurrency per site: most Company inserts / wizard calls in flight, every Company insert race. */
  stats(): SimulatorStats;
  /** Replaces the timing profile for requests that start from now on. */
  setTimings(timings: SimulatorTimings): void;
  /** `bench new-site NAME --admin-password PW` + `install-app erpnext` (the wizard is NOT run). */
  createSite(name: string, adminPassword: string): void;
  /** The default site when no name is given. */
  site(name?: string): SiteAccess;
  sites(): SiteSummary[];
  /** `SiteAccess.addApiUser` on the named site (default: the default site). */
  addApiUser(user: ApiUser, site?: string): string;
}
