import type { ErpErrorCode } from '@provisioner/erpnext-client';

/**
 * Every code a step can raise, with the hint an operator acts on: what broke, what to check, then
 * continue or retry (seed 001's resolution guide as data). docs/error-codes.md is generated from it.
 */
export interface CatalogEntry {
  retryable: boolean;
  hint: string;
}

export const DOMAIN_ERROR_CODES = [
  'INTERNAL_ERROR',
  'DEADLINE_EXCEEDED',
  'PREREQUISITE_MISSING',
  'ENGINE_UNAVAILABLE',
  'ENGINE_NOT_ERPNEXT',
  'BENCH_NOT_FOUND',
  'SITE_CREATE_FAILED',
  'SITE_NOT_READY',
  'SITE_LOGIN_FAILED',
  'ADMIN_PASSWORD_UNAVAILABLE',
  'SETUP_WIZARD_INCOMPLETE',
  'SETUP_WIZARD_RUNNING',
  'SETUP_WIZARD_FAILED',
  'MASTER_MISSING',
  'COMPANY_NAME_TAKEN',
  'ABBREVIATION_EXHAUSTED',
  'CHART_MISSING',
  'ACCOUNT_MISSING',
  'COST_CENTER_ROOT_MISSING',
  'WAREHOUSE_ROOT_MISSING',
  'WAREHOUSE_MISSING',
  'CASH_ACCOUNT_MISSING',
  'DOC_NAME_CONFLICT',
  'VALIDATION_MISMATCH',
  'SITE_LOCK_BUSY',
  'ADMIN_EMAIL_TAKEN',
  'SITE_NOT_ROUTED',
  'SITE_HALF_CREATED',
  'BENCH_TIMEOUT',
  'BENCH_POST_CREATE_FAILED',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];
export type ErrorCode = DomainErrorCode | ErpErrorCode;

export const ERROR_CATALOG: Readonly<Record<ErrorCode, CatalogEntry>> = {
  INTERNAL_ERROR: { retryable: false, hint: 'An unexpected error in the provisioner itself. Check the worker logs for this company id, fix the cause, then POST /continue.' },
  DEADLINE_EXCEEDED: { retryable: false, hint: 'The run took longer than its deadline (RUN_DEADLINE_MS). Check that ERPNext answers and the workers are running, then POST /continue.' },
  PREREQUISITE_MISSING: { retryable: false, hint: 'A step ran before the step that records what it needs (e.g. pos_profile before company). Check the company\'s step list; POST /retry re-runs every step in order.' },
  ENGINE_UNAVAILABLE: { retryable: true, hint: 'ERPNext answered, but not as a working Frappe site (ping did not return pong). Check ERPNEXT_URL and the site\'s web and worker processes; the step retries by itself, then POST /continue.' },
  ENGINE_NOT_ERPNEXT: { retryable: false, hint: 'The site runs Frappe without the ERPNext app. Run `bench --site SITE install-app erpnext` (or point ERPNEXT_URL at an ERPNext site), then POST /continue.' },
  BENCH_NOT_FOUND: { retryable: false, hint: 'Per-site mode needs Frappe\'s bench executable and it could not be started. Set BENCH_PATH to the bench binary on the worker host (it must be executable by the worker user), then POST /continue.' },
  SITE_CREATE_FAILED: { retryable: false, hint: 'bench could not create the site or install ERPNext on it. Read the bench output in the message (MariaDB root credentials, disk space, an existing half-created site); fix it — `bench drop-site SITE` removes a broken one — then POST /continue.' },
  SITE_NOT_READY: { retryable: true, hint: 'bench reported success but the new site does not answer yet (web server not reloaded?). The step retries by itself; if it persists, check the nginx/gunicorn config for the site, then POST /continue.' },
  SITE_LOGIN_FAILED: { retryable: false, hint: 'Logging in to the tenant\'s site as Administrator with the stored admin password failed. The site may have been created earlier with another password: reset it with `bench --site SITE set-admin-password`, or drop the site, then POST /continue.' },
  ADMIN_PASSWORD_UNAVAILABLE: { retryable: false, hint: 'The step needs the tenant\'s admin password (to create a site, run the setup wizard or create the login user) but it was already wiped. Create the user or site by hand in ERPNext, or create the company again, then POST /continue.' },
  SETUP_WIZARD_INCOMPLETE: { retryable: false, hint: 'The shared ERPNext site has not finished its setup wizard, so the masters every tenant needs (Cash, Nos, Transit, price lists) do not exist. Log in to the site as Administrator and complete the wizard once, then POST /continue.' },
  SETUP_WIZARD_RUNNING: { retryable: true, hint: 'The setup wizard of the tenant\'s site was started (in the request, or in the background) and has not finished: it runs every stage in one request (15–22 s on 2 cores, longer under load). The step never posts it twice while an earlier call may still run; it polls System Settings setup_complete and retries by itself. If it never finishes, check the site\'s web workers (gunicorn timeout), background workers and Error Log, then POST /continue.' },
  SETUP_WIZARD_FAILED: { retryable: false, hint: 'The setup wizard failed: ERPNext refused its data, or it answered ok but a record stage failed (an Error Log "Exception during Setup"; the message quotes it), e.g. no Company was created. Read the message (country, currency, chart of accounts, fiscal year dates), fix the company request or create what is missing on the site by hand (Setup > Company), then POST /continue.' },
  MASTER_MISSING: { retryable: false, hint: 'A master record every tenant needs is missing from the ERPNext site (the message names it). Create it in ERPNext (the setup wizard normally does), then POST /continue.' },
  COMPANY_NAME_TAKEN: { retryable: false, hint: 'ERPNext already has a Company with this name that this provisioner did not create for this tenant. Rename or remove that company in ERPNext, or create the tenant with another company_name, then POST /continue.' },
  ABBREVIATION_EXHAUSTED: { retryable: false, hint: 'ERPNext refused every abbreviation we generated for this company. Create the company again with an explicit, unused company_abbr (max 10 letters/digits), or free an abbreviation in ERPNext, then POST /continue.' },
  CHART_MISSING: { retryable: true, hint: 'The Company exists but has no accounts: ERPNext did not import its chart of accounts. Check the chart_of_accounts value and the ERPNext error log; import a chart in ERPNext (Chart of Accounts Importer) or delete the company and POST /retry.' },
  ACCOUNT_MISSING: { retryable: false, hint: 'The company\'s chart has no account of the kind named in the message (Cash or Write Off). Create it in ERPNext under the company\'s chart, or set it as the company default, then POST /continue.' },
  COST_CENTER_ROOT_MISSING: { retryable: false, hint: 'The company has no root cost center to put "Main - ABBR" under. Create the group cost center "{Company} - ABBR" in ERPNext, then POST /continue.' },
  WAREHOUSE_ROOT_MISSING: { retryable: false, hint: 'The company\'s "All Warehouses - ABBR" group warehouse is missing or not a group (ERPNext creates it with the company). Create or fix it in ERPNext (is_group = 1), then POST /continue.' },
  WAREHOUSE_MISSING: { retryable: false, hint: 'A warehouse the POS profile needs does not exist. Check that the warehouses step completed and that nobody deleted "Main Store - ABBR"/"POS Store - ABBR" in ERPNext; POST /retry re-creates them.' },
  CASH_ACCOUNT_MISSING: { retryable: false, hint: 'The Mode of Payment has no default account for this company. In ERPNext open Mode of Payment "Cash" and add a row for the company with its "Cash - ABBR" account, then POST /continue.' },
  DOC_NAME_CONFLICT: { retryable: false, hint: 'A document with the name this tenant needs already exists in ERPNext but belongs to another company (or has the wrong shape). Rename or remove it in ERPNext, then POST /continue.' },
  VALIDATION_MISMATCH: { retryable: false, hint: 'Final validation found something missing that an earlier step had created (the message names it and its step). Check whether it was deleted or changed in ERPNext; POST /retry re-runs every step idempotently and recreates it.' },
  SITE_LOCK_BUSY: { retryable: true, hint: 'Another worker held the site\'s lock for shared documents (Company insert, Mode of Payment, Stock/Selling Settings) longer than we wait. The step retries by itself; if it persists, look for a worker stuck on a slow ERPNext request (its lease expires if it died).' },
  ADMIN_EMAIL_TAKEN: { retryable: false, hint: 'The shared ERPNext site already has a login user with this admin email that this provisioner did not create for this tenant. Granting it the new company could hand the company to whoever created that user, so we refuse. Create the tenant again with another admin_email. Only if you have verified that the existing user belongs to this customer, set its Bio in ERPNext to "Provisioned by erpnext-provisioner for <company id>" and POST /continue.' },
  SITE_NOT_ROUTED: { retryable: true, hint: 'The site was created but its name is answered by another site (nginx\'s default server or a stale server_name list): logging in with the tenant\'s admin password failed right after we created it. Set BENCH_POST_CREATE_COMMANDS so the worker runs `bench setup nginx --yes` and reloads nginx (e.g. [["bench","setup","nginx","--yes"],["sudo","-n","nginx","-s","reload"]]) — or run both by hand on the bench host — then POST /continue. The step reruns the commands and retries a few times by itself.' },
  SITE_HALF_CREATED: { retryable: false, hint: 'A `bench new-site` died after writing sites/SITE/site_config.json but before the database was ready, so the site exists on disk and bench cannot open it. The provisioner never drops a site by itself. On the bench host run `bench drop-site SITE --force --db-root-password …` in the bench directory (it archives the site under archived/sites/), then POST /continue to create it again. If MariaDB runs on another host and bench said "Access denied for user …@<the bench host>", set BENCH_DB_USER_HOST_SCOPE (e.g. %) first.' },
  BENCH_TIMEOUT: { retryable: false, hint: 'A bench command ran longer than BENCH_TIMEOUT_MS and was killed (`new-site` with ERPNext takes 85–104 s on 2 vCPU). Check the bench host\'s load and MariaDB, raise BENCH_TIMEOUT_MS if the host is just slow, then POST /continue. A killed new-site may leave a half-created site: the next try says so (SITE_HALF_CREATED) with the drop-site command.' },
  BENCH_POST_CREATE_FAILED: { retryable: false, hint: 'A command of BENCH_POST_CREATE_COMMANDS failed after the site was created (the message has its output). Fix it on the bench host — e.g. a sudoers entry allowing `nginx -s reload` without a password, write access to config/nginx.conf for `bench setup nginx` — then POST /continue: the step runs the commands again before it checks that the site answers as itself.' },
  ERP_UNREACHABLE: { retryable: true, hint: 'ERPNext did not accept the connection. Check ERPNEXT_URL and that the ERPNext web server is up; the step retries by itself, then POST /continue.' },
  ERP_TIMEOUT: { retryable: true, hint: 'ERPNext did not answer in time. Check its load and workers; the step retries by itself, then POST /continue.' },
  ERP_CONNECTION_DROPPED: { retryable: true, hint: 'The connection to ERPNext closed mid-request. Check the proxy in front of ERPNext; the step looks again before it writes again, so POST /continue is safe.' },
  ERP_RATE_LIMITED: { retryable: true, hint: 'ERPNext rate-limited us (429). The step waits as long as Retry-After asks; raise the site rate_limit or lower WORKER_CONCURRENCY if it persists.' },
  ERP_UNAVAILABLE: { retryable: true, hint: 'ERPNext is in maintenance or read-only mode (503). Wait for the migration or update to finish, then POST /continue.' },
  ERP_DEADLOCK: { retryable: true, hint: 'ERPNext hit a database deadlock or lock timeout and rolled back. The step retries by itself; if it persists, check long-running jobs on the ERPNext database.' },
  ERP_SERVER_ERROR: { retryable: true, hint: 'ERPNext answered with a server error. Check the ERPNext error log; the step looks again before retrying, then POST /continue.' },
  ERP_BAD_RESPONSE: { retryable: true, hint: 'ERPNext answered with something that is not its JSON API (a proxy page?). Check ERPNEXT_URL points at the site, not a login page or a proxy.' },
  ERP_CONCURRENT_CONFLICT: { retryable: true, hint: 'Another Company insert on the same ERPNext site committed while ours was in flight (ERPNext\'s Company.on_update race on Mode of Payment "Cash"); ERPNext rolled ours back whole. The step retries by itself with jittered backoff. Our workers never insert two companies on one site at once, so if it repeats, someone is creating companies on the site by hand or another provisioner shares it.' },
  ERP_TIMESTAMP_MISMATCH: { retryable: true, hint: 'The document changed in ERPNext while we were saving it. The step re-reads and retries by itself.' },
  ERP_AUTH_FAILED: { retryable: false, hint: 'ERPNext refused our credentials (401). Check ERPNEXT_API_KEY/ERPNEXT_API_SECRET (or the per-site keys), then POST /continue.' },
  ERP_PERMISSION_DENIED: { retryable: false, hint: 'Our ERPNext API user lacks a role permission (403). In ERPNext v15 only the user Administrator bypasses role permissions; System Manager alone is NOT enough (it cannot read or write Mode of Payment, Warehouse, Account, Customer, POS Profile and more). Use an API key of Administrator, or give the API user the roles engine_check names, then POST /continue.' },
  ERP_NOT_FOUND: { retryable: false, hint: 'A document or method we need does not exist in ERPNext. Check that ERPNext (not only Frappe) is installed on the site, then POST /continue.' },
  ERP_DUPLICATE: { retryable: false, hint: 'ERPNext already has a document with this name that is not this tenant\'s. Rename or remove it in ERPNext, then POST /continue.' },
  ERP_VALIDATION: { retryable: false, hint: 'ERPNext rejected the data (417). Read the message, fix the data or the ERPNext setup it names, then POST /continue.' },
  ERP_BAD_REQUEST: { retryable: false, hint: 'ERPNext rejected the request as malformed (400). This is a provisioner bug: report it with the company id.' },
};
