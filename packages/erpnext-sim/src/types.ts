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
  /** Seed of the fault PRNG. Default 1. */
  seed?: number;
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
  /** `bench new-site NAME --admin-password PW` + `install-app erpnext` (the wizard is NOT run). */
  createSite(name: string, adminPassword: string): void;
  /** The default site when no name is given. */
  site(name?: string): SiteAccess;
  sites(): SiteSummary[];
}
