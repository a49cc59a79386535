/**
 * platform_setup — the site is ready for a tenant.
 *
 * Shared mode: the shared site's setup wizard is complete (System Settings `setup_complete`) and the
 * masters we need exist (Mode of Payment "Cash" of type Cash, UOM "Nos", Warehouse Type "Transit", a
 * leaf Customer Group and Territory, Price List "Standard Selling").
 * Per-site mode, on a real bench host (FRAPPE_REST_FACTS §7, §10; site/bench.ts): the tenant's site
 * exists (`bench --site SITE list-apps --format json`; else `bench new-site SITE --admin-password PW
 * --install-app erpnext` with the host's MariaDB root credentials, then BENCH_POST_CREATE_COMMANDS
 * such as `bench setup nginx --yes` and an nginx reload), erpnext is installed (else `bench --site
 * SITE install-app erpnext`), the site answers over HTTP (Host = site name) *as itself* — our keys
 * work, or Administrator logs in with the tenant's password; a site we created that refuses it is
 * answered by a neighbour (SITE_NOT_ROUTED) —, we hold working API keys (else `generate_keys`; the
 * new keys are returned as `siteCredentials`), and the setup wizard has run once with the tenant's
 * company and abbreviation and really created the Company and a Fiscal Year
 * (site/setup-wizard-run.ts). A half-created site (site_config.json written, database missing) is
 * reported with the drop-site command, never dropped here.
 * Both modes: the tenant's login User (name = admin email) exists.
 *
 * Touches: System Settings, Selling Settings (read), Mode of Payment, UOM, Warehouse Type, Customer
 * Group, Territory, Price List (read), User (insert when missing); per-site also Company and Error Log
 * (read) and Fiscal Year (insert when the wizard left none).
 * Idempotent: every action is preceded by a look (site listed? answers as itself? keys work? erpnext
 * listed? wizard complete — or an earlier POST maybe still running? user exists?); an existing User's
 * password is never reset; keys are only regenerated when the current ones do not work
 * (generate_keys invalidates the previous secret); `siteCreatedAt` and `wizardPostedAt` are kept in
 * the state even when the step fails, so a retry knows the site is ours and never re-posts the wizard
 * over a call that may still run.
 * Raises: SETUP_WIZARD_INCOMPLETE, MASTER_MISSING, ADMIN_PASSWORD_UNAVAILABLE, BENCH_NOT_FOUND,
 * BENCH_TIMEOUT, BENCH_POST_CREATE_FAILED, SITE_CREATE_FAILED, SITE_HALF_CREATED, SITE_NOT_READY,
 * SITE_NOT_ROUTED, SITE_LOGIN_FAILED, SETUP_WIZARD_RUNNING, SETUP_WIZARD_FAILED, ENGINE_NOT_ERPNEXT
 * and the ERP_* codes.
 */
import { isErpNextError, type ErpNextClient } from '@provisioner/erpnext-client';
import { abbreviationCandidates } from '../abbreviation/abbreviation-candidates';
import { StepError, withStatePatch } from '../errors/step-error';
import { retryIdempotent, writeRetryFrom } from '../erp/ensure-doc';
import { ensureLoginUser } from '../erp/login-user';
import { inspectMasters, str, type SiteMasters } from '../erp/masters';
import { adminUserName } from '../erp/names';
import { createSite, installErpNext, listSiteApps, runPostCreateCommands } from '../site/bench';
import { setupWizardArgs } from '../site/setup-wizard';
import { ensureSetupWizard, quoteLogs, type WizardOutcome } from '../site/setup-wizard-run';
import type { ProvisionState, Step, StepContext, StepResult } from '../step';

/** Shared site: the tenant's user sees its own documents through these; never System Manager. */
export const SHARED_MODE_ROLES = ['Accounts User', 'Sales User', 'Stock User'] as const;
/** Per-site: the site is the tenant's own; the wizard already made this user a System Manager. */
export const PER_SITE_ROLES = ['System Manager', 'Accounts User', 'Sales User', 'Stock User'] as const;

export const platformSetup: Step = {
  key: 'platform_setup',
  async run(ctx: StepContext): Promise<StepResult> {
    return ctx.tenant.siteMode === 'per-site' ? perSite(ctx) : shared(ctx);
  },
};

async function shared(ctx: StepContext): Promise<StepResult> {
  const system = await ctx.erp.getSingle('System Settings');
  if (!truthy(system.setup_complete)) {
    throw new StepError('SETUP_WIZARD_INCOMPLETE', 'the shared ERPNext site has not completed its setup wizard (System Settings setup_complete = 0)');
  }
  const masters = await requireMasters(ctx, ctx.erp);
  const user = await ensureLoginUser(ctx, ctx.erp, SHARED_MODE_ROLES);
  return completed(ctx, masters, user, { mode: 'shared' });
}

async function perSite(ctx: StepContext): Promise<StepResult> {
  // What this attempt learned (the site is ours) survives a failure: the worker stores the patch.
  const learned: Partial<ProvisionState> = {};
  try {
    return await perSiteSetup(ctx, learned);
  } catch (err) {
    throw Object.keys(learned).length > 0 ? withStatePatch(err, learned) : err;
  }
}

async function perSiteSetup(ctx: StepContext, learned: Partial<ProvisionState>): Promise<StepResult> {
  const site = ctx.tenant.siteName;
  const guest = ctx.erp.with({ auth: { type: 'none' } });
  let siteCreated = false;
  let erpnextInstalled = false;
  let postCreateCommandsRun = 0;

  const apps = await listSiteApps(ctx, site);
  if (apps === null) {
    const password = requirePassword(ctx, `create the site ${site}`);
    if ((await createSite(ctx, site, password)) === 'created') {
      siteCreated = true;
      learned.siteCreatedAt = new Date().toISOString();
      postCreateCommandsRun = (await runPostCreateCommands(ctx, site)).length;
    }
  } else if (!apps.includes('erpnext')) {
    await installErpNext(ctx, site);
    erpnextInstalled = true;
  }
  if (!(await siteAnswers(guest))) {
    throw new StepError('SITE_NOT_READY', `bench lists ${site} but it does not answer /api/method/ping`);
  }

  let erp = ctx.erp;
  let siteCredentials: { apiKey: string; apiSecret: string } | undefined;
  // Working keys prove the site answers as itself (a key exists on one site only); else the login
  // as Administrator with the tenant's password does.
  if (!(await keysWork(ctx.erp))) {
    const ours = siteCreated || typeof ctx.state.siteCreatedAt === 'string';
    const session = await loginAsAdministrator(ctx, guest, { ours, postCreateRan: siteCreated });
    postCreateCommandsRun += session.postCreateCommandsRun;
    siteCredentials = await issueKeys(ctx, session.client);
    erp = ctx.erp.with({ auth: { type: 'token', ...siteCredentials } });
  }
  if (!(await hasErpNext(erp))) {
    throw new StepError('ENGINE_NOT_ERPNEXT', `bench installed erpnext on ${site} but the site does not list the erpnext app`);
  }

  const wizard = await ensureWizard(ctx, erp);
  const masters = await requireMasters(ctx, erp, wizard.errorLogs);
  const user = await ensureLoginUser(ctx, erp, PER_SITE_ROLES);
  const result = completed(ctx, masters, user, {
    mode: 'per-site',
    site,
    siteCreated,
    erpnextInstalled,
    postCreateCommandsRun,
    wizardRan: wizard.posted,
    ...(wizard.postedAt
      ? { wizard: { postedAt: wizard.postedAt, fiscalYear: wizard.fiscalYear, fiscalYearCreated: wizard.fiscalYearCreated, ...(wizard.errorLogs.length ? { errorLogs: wizard.errorLogs } : {}) } }
      : {}),
    keysIssued: siteCredentials !== undefined,
  });
  result.state = { ...result.state, ...learned, ...(wizard.postedAt ? { wizardPostedAt: wizard.postedAt } : {}) };
  return siteCredentials ? { ...result, siteCredentials } : result;
}

type Completed = Extract<StepResult, { status: 'completed' }>;

function completed(
  ctx: StepContext,
  masters: SiteMasters,
  user: { user: string; created: boolean; enabled: boolean },
  extra: Record<string, unknown>,
): Completed {
  const warnings: string[] = [];
  if (!user.enabled) warnings.push(`the login user ${user.user} exists but is disabled; enable it in ERPNext before the tenant logs in`);
  for (const w of warnings) ctx.log.warn({ user: user.user }, w);
  return {
    status: 'completed',
    output: {
      ...extra,
      setupComplete: true,
      masters: { customerGroup: masters.customerGroup, territory: masters.territory, sellingPriceList: masters.sellingPriceList },
      adminUser: user.user,
      adminUserCreated: user.created,
      ...(warnings.length ? { warnings } : {}),
    },
    state: {
      adminUser: user.user,
      ...(masters.customerGroup ? { customerGroup: masters.customerGroup } : {}),
      ...(masters.territory ? { territory: masters.territory } : {}),
      ...(masters.sellingPriceList ? { sellingPriceList: masters.sellingPriceList } : {}),
    },
  };
}

async function requireMasters(ctx: StepContext, erp: ErpNextClient, wizardLogs: readonly string[] = []): Promise<SiteMasters> {
  const masters = await inspectMasters(erp, { country: ctx.tenant.country });
  if (masters.missing.length > 0) {
    if (wizardLogs.length > 0) {
      // Our own wizard answered ok and logged record failures: that is where the masters went.
      throw new StepError('SETUP_WIZARD_FAILED', `the setup wizard of ${ctx.tenant.siteName} answered ok but left masters missing: ${masters.missing.join('; ')}${quoteLogs(wizardLogs)}`);
    }
    throw new StepError('MASTER_MISSING', `the ERPNext site lacks masters every tenant needs: ${masters.missing.join('; ')}`, {
      hint: `Create ${masters.missing.join(', ')} in ERPNext (the setup wizard normally creates them), then POST /continue.`,
    });
  }
  return masters;
}

/** Frappe answers 404 (NotFound) for a Host that names no site. */
async function siteAnswers(guest: ErpNextClient): Promise<boolean> {
  try {
    return await guest.ping();
  } catch (err) {
    if (isErpNextError(err) && err.code === 'ERP_NOT_FOUND') return false;
    throw err;
  }
}

async function keysWork(erp: ErpNextClient): Promise<boolean> {
  try {
    const user = await erp.getLoggedUser();
    return typeof user === 'string' && user !== 'Guest';
  } catch (err) {
    if (isErpNextError(err) && (err.code === 'ERP_AUTH_FAILED' || err.code === 'ERP_PERMISSION_DENIED')) return false;
    throw err;
  }
}

/** A site we created that refuses its admin password is asked again on the next try, a few times. */
const NOT_ROUTED_TRIES = 3;

function loginRefused(err: unknown): boolean {
  return isErpNextError(err) && (err.code === 'ERP_AUTH_FAILED' || err.code === 'ERP_PERMISSION_DENIED' || err.code === 'ERP_VALIDATION');
}

/**
 * Logs in as Administrator with the tenant's password, which proves the site answers as itself: a
 * neighbour (nginx's default server, a stale server_name list) refuses it. On a site we created that
 * is a routing problem (SITE_NOT_ROUTED: the post-create commands are run again, then the login is
 * tried once more); on a site we found, someone else's password (SITE_LOGIN_FAILED).
 */
async function loginAsAdministrator(
  ctx: StepContext,
  guest: ErpNextClient,
  opts: { ours: boolean; postCreateRan: boolean },
): Promise<{ client: ErpNextClient; postCreateCommandsRun: number }> {
  const site = ctx.tenant.siteName;
  const password = requirePassword(ctx, `log in to ${site} as Administrator`);
  const retry = writeRetryFrom(ctx);
  const login = () => retryIdempotent('login as Administrator', () => guest.login('Administrator', password), retry);
  let refused: unknown;
  try {
    return { client: await login(), postCreateCommandsRun: 0 };
  } catch (err) {
    if (!loginRefused(err)) throw err;
    if (!opts.ours) {
      throw new StepError('SITE_LOGIN_FAILED', `logging in to ${site} as Administrator failed: ${(err as Error).message}`, { cause: err });
    }
    refused = err;
  }
  let ran = 0;
  if (!opts.postCreateRan && (ctx.bench?.postCreateCommands?.length ?? 0) > 0) {
    ran = (await runPostCreateCommands(ctx, site)).length;
    try {
      return { client: await login(), postCreateCommandsRun: ran };
    } catch (err) {
      if (!loginRefused(err)) throw err;
      refused = err;
    }
  }
  const configured = ctx.bench?.postCreateCommands?.length ?? 0;
  throw new StepError(
    'SITE_NOT_ROUTED',
    `${site} was created by this provisioner but refuses its Administrator password: another site answers its name (${configured === 0 ? 'no BENCH_POST_CREATE_COMMANDS are configured' : `after ${configured} post-create command(s)`}), or the password was changed by hand`,
    { retryable: ctx.attempt < NOT_ROUTED_TRIES, cause: refused },
  );
}

/** Issues API keys for Administrator on a logged-in session (a new secret each time; the key is kept). */
async function issueKeys(ctx: StepContext, session: ErpNextClient): Promise<{ apiKey: string; apiSecret: string }> {
  const retry = writeRetryFrom(ctx);
  const keys = await retryIdempotent(
    'generate_keys for Administrator',
    () => session.callMethod<{ api_key?: string; api_secret?: string }>('frappe.core.doctype.user.user.generate_keys', { user: 'Administrator' }),
    retry,
  );
  const apiSecret = str(keys?.api_secret);
  // Frappe v15 returns only api_secret from generate_keys; the key lives on the User.
  const apiKey = str(keys?.api_key) ?? str((await session.getDoc('User', 'Administrator'))?.api_key);
  if (!apiKey || !apiSecret) {
    throw new StepError('SITE_LOGIN_FAILED', `generate_keys on ${ctx.tenant.siteName} did not return an API key and secret`);
  }
  ctx.log.info({ site: ctx.tenant.siteName }, 'issued API keys for Administrator');
  return { apiKey, apiSecret };
}

async function hasErpNext(erp: ErpNextClient): Promise<boolean> {
  const versions = await erp.getVersions();
  return Boolean(versions && typeof versions === 'object' && 'erpnext' in versions);
}

/** The tenant's setup wizard, run once and checked (site/setup-wizard-run.ts). */
async function ensureWizard(ctx: StepContext, erp: ErpNextClient): Promise<WizardOutcome> {
  const abbr = abbreviationCandidates(ctx.tenant.companyName, { requested: ctx.tenant.requestedAbbr, seed: ctx.tenant.companyId })[0] ?? 'CO';
  return ensureSetupWizard(ctx, erp, () =>
    setupWizardArgs({
      country: ctx.tenant.country,
      currency: ctx.tenant.defaultCurrency,
      companyName: ctx.tenant.companyName,
      companyAbbr: abbr,
      chartOfAccounts: ctx.tenant.chartOfAccounts,
      email: adminUserName(ctx.tenant),
      password: requirePassword(ctx, `run the setup wizard on ${ctx.tenant.siteName}`),
      today: ctx.now?.() ?? new Date(),
    }),
  );
}

function requirePassword(ctx: StepContext, purpose: string): string {
  const password = ctx.adminPassword();
  if (password === null) {
    throw new StepError('ADMIN_PASSWORD_UNAVAILABLE', `the admin password is needed to ${purpose}, but it was already wiped`);
  }
  return password;
}

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}
