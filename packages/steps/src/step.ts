import type { ErpNextClient } from '@provisioner/erpnext-client';
import type { StepKey } from '@provisioner/jobs';

/**
 * The step contract (graphile's tiny task signature): a step is `{ key, run(ctx) }`, it never sees
 * BullMQ, Express or the database. The worker builds the context, records what `run` returns, and turns
 * what it throws into a classified error (see errors/step-error.ts).
 */

/** The tenant as the steps see it: the request fields, never a secret. */
export interface TenantSpec {
  companyId: string;
  companyName: string;
  /** What the client asked for; null means "generate one" (SPEC §6). */
  requestedAbbr: string | null;
  adminEmail: string;
  defaultCurrency: string;
  country: string;
  /** The site name (the request's `domain`). */
  siteName: string;
  siteMode: 'shared' | 'per-site';
  includeDemoData: boolean;
  posStoreEnabled: boolean;
  chartOfAccounts: string;
}

/**
 * What earlier steps learned about the tenant in ERPNext, merged run after run and stored on the
 * company row (`companies.erp`). Names of things we created, never secrets.
 */
export interface ProvisionState {
  /** The abbreviation ERPNext accepted. */
  abbr?: string;
  /** Candidates ERPNext refused (or that were taken), so a rerun never tries one twice. */
  triedAbbreviations?: string[];
  /** The Company document name (= company_name in ERPNext). */
  companyDocName?: string;
  costCenter?: string;
  cashAccount?: string;
  writeOffAccount?: string;
  warehouses?: { main: string; pos?: string; root: string };
  customerName?: string;
  posProfile?: string;
  posOpeningEntry?: string;
  adminUser?: string;
  itemCodes?: string[];
  /** Leaf Customer Group / Territory and the selling Price List platform_setup found on the site. */
  customerGroup?: string;
  territory?: string;
  sellingPriceList?: string;
  [key: string]: unknown;
}

/** Runs Frappe's `bench` (per-site mode): an argument array, never a shell. */
export interface BenchRunner {
  run(args: string[], opts?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}

export interface StepLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface StepContext {
  tenant: TenantSpec;
  state: Readonly<ProvisionState>;
  /**
   * A client for the tenant's site: the shared site (API key of the fleet) in shared mode; in per-site
   * mode the tenant's own site with the credentials platform_setup obtained (before that step has
   * run, a client for the tenant's site with no credentials).
   */
  erp: ErpNextClient;
  /** Per-site mode only: runs `bench`. */
  bench: BenchRunner | null;
  /** The admin password, decrypted on demand; null once it was wiped (after the success email). */
  adminPassword(): string | null;
  log: StepLogger;
  /** 1 on the first try of this step in this run. */
  attempt: number;
  signal: AbortSignal;
  /**
   * Optional knobs for the in-step write retries (see erp/ensure-doc.ts). Defaults: 3 tries, waits of
   * 250 ms doubling up to 5 s with jitter, never shorter than a server's Retry-After.
   */
  writeRetry?: { tries?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Injected in tests; defaults to a timer that rejects when `signal` aborts. */
  sleep?: (ms: number) => Promise<void>;
  /** A source in [0,1) for retry jitter; defaults to Math.random. */
  random?: () => number;
  /** The clock used for dates sent to ERPNext (POS opening time, fiscal year); defaults to now. */
  now?: () => Date;
}

export type StepResult =
  | {
      status: 'completed';
      /** Recorded on the step row: what the step found or created, by name. */
      output: Record<string, unknown>;
      /** Merged into ProvisionState for later steps and later runs. */
      state?: Partial<ProvisionState>;
      /** Per-site mode: the site API credentials; the worker encrypts them at rest. */
      siteCredentials?: { apiKey: string; apiSecret: string };
    }
  | { status: 'skipped'; reason: string; output?: Record<string, unknown> };

export interface Step {
  key: StepKey;
  run(ctx: StepContext): Promise<StepResult>;
}
