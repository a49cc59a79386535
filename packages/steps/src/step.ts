import type { ErpNextClient } from '@provisioner/erpnext-client';
import type { StepKey } from '@provisioner/jobs';
import type { SiteLockRunner } from './erp/site-lock';

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
  /**
   * Per-site mode: when (ISO time) this provisioner created the tenant's site with bench. A site we
   * created that refuses the tenant's admin password is a routing problem, not someone else's site.
   */
  siteCreatedAt?: string;
  /**
   * Per-site mode: when (ISO time) we last POSTed the setup wizard. Until that call cannot be running
   * any more, a retry polls `setup_complete` instead of posting again (site/setup-wizard-run.ts).
   */
  wizardPostedAt?: string;
  [key: string]: unknown;
}

export interface BenchResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs Frappe's `bench` (per-site mode): an argument array, never a shell, in the bench directory,
 * with stdin closed and the runner's own timeout. A run that cannot start rejects (code ENOENT or
 * EACCES); one killed on timeout rejects with `timedOut: true`; any exit resolves with its code.
 */
export interface BenchRunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface BenchRunner {
  /** `signal` (the step's deadline): aborting it kills bench's process group and rejects with its reason. */
  run(args: string[], opts?: BenchRunOptions): Promise<BenchResult>;
  /**
   * Runs another program on the bench host the same way (cwd, environment, stdin, timeout): the
   * post-create commands. An argv starting with "bench" runs the bench executable.
   */
  runCommand?(argv: readonly string[], opts?: BenchRunOptions): Promise<BenchResult>;
  /** Commands that make the web server route a new site (BENCH_POST_CREATE_COMMANDS), in order. */
  readonly postCreateCommands?: ReadonlyArray<readonly string[]>;
  /**
   * What `bench new-site` needs on this host (BENCH_DB_*). `rootPassword` is a secret: it goes only
   * into new-site's arguments and is masked in every message.
   */
  readonly database?: { rootUser?: string; rootPassword?: string; userHostScope?: string };
  /** The bench directory, for messages and hints (`cd BENCH_DIR && bench drop-site …`). */
  readonly benchDir?: string;
  /** Whether sites/SITE/site_config.json exists in the bench directory. */
  siteConfigExists?(site: string): Promise<boolean>;
}

/** What `slowTimeoutMs` means when the worker did not set it (ERPNEXT_SLOW_TIMEOUT_MS's default). */
export const DEFAULT_SLOW_TIMEOUT_MS = 300_000;

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
  /**
   * Runs `fn` while holding the tenant site's lock for shared documents (erp/site-lock.ts): the
   * Company insert and saves of Mode of Payment "Cash", Stock Settings and Selling Settings. Held
   * across every worker process, with a lease so a dead worker cannot keep it.
   */
  withSiteLock: SiteLockRunner;
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
  /**
   * Per-request timeout for the few calls that legitimately run long (the setup wizard, a Company
   * insert with its whole chart): ERPNEXT_SLOW_TIMEOUT_MS. Default 300000 where read.
   */
  slowTimeoutMs?: number;
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
