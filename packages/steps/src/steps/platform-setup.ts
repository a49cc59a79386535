/**
 * platform_setup — the site is ready for a tenant.
 *
 * Shared mode: the shared site's setup wizard is complete (System Settings `setup_complete`) and the
 * masters we need exist (Mode of Payment "Cash" of type Cash, UOM "Nos", Warehouse Type "Transit", a
 * leaf Customer Group and Territory, Price List "Standard Selling").
 * Per-site mode: the tenant's site exists (`bench --site SITE list-apps`; else `bench new-site SITE
 * --admin-password PW --install-app erpnext`), erpnext is installed (else `bench --site SITE
 * install-app erpnext`), the site answers over HTTP (Host = site name), we hold
 * working API keys (else log in as Administrator and `generate_keys`; the new keys are returned as
 * `siteCredentials`), and the setup wizard has run with the tenant's company and abbreviation.
 * Both modes: the tenant's login User (name = admin email) exists.
 *
 * Touches: System Settings, Selling Settings (read), Mode of Payment, UOM, Warehouse Type, Customer
 * Group, Territory, Price List (read), User (insert when missing).
 * Idempotent: every action is preceded by a look (site answers? keys work? erpnext listed? wizard
 * complete? user exists?); an existing User's password is never reset; keys are only regenerated when
 * the current ones do not work (generate_keys invalidates the previous secret).
 * Raises: SETUP_WIZARD_INCOMPLETE, MASTER_MISSING, ADMIN_PASSWORD_UNAVAILABLE, BENCH_NOT_FOUND,
 * SITE_CREATE_FAILED, SITE_NOT_READY, SITE_LOGIN_FAILED, SETUP_WIZARD_RUNNING, SETUP_WIZARD_FAILED,
 * ENGINE_NOT_ERPNEXT and the ERP_* codes.
 */
import { isErpNextError, type ErpNextClient } from '@provisioner/erpnext-client';
import { abbreviationCandidates } from '../abbreviation/abbreviation-candidates';
import { StepError } from '../errors/step-error';
import { converge, retryIdempotent, writeRetryFrom } from '../erp/ensure-doc';
import { ensureLoginUser } from '../erp/login-user';
import { inspectMasters, str, type SiteMasters } from '../erp/masters';
import { adminUserName } from '../erp/names';
import { listSiteApps, runBench } from '../site/bench';
import { setupWizardArgs } from '../site/setup-wizard';
import type { Step, StepContext, StepResult } from '../step';

/** Shared site: the tenant's user sees its own documents through these; never System Manager. */
export const SHARED_MODE_ROLES = ['Accounts User', 'Sales User', 'Stock User'] as const;
/** Per-site: the site is the tenant's own; the wizard already made this user a System Manager. */
export const PER_SITE_ROLES = ['System Manager', 'Accounts User', 'Sales User', 'Stock User'] as const;

const SETUP_COMPLETE_METHOD = 'frappe.desk.page.setup_wizard.setup_wizard.setup_complete';

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
  const site = ctx.tenant.siteName;
  const guest = ctx.erp.with({ auth: { type: 'none' } });
  let siteCreated = false;
  let erpnextInstalled = false;

  const apps = await listSiteApps(ctx, site);
  if (apps === null) {
    const password = requirePassword(ctx, `create the site ${site}`);
    await runBench(ctx, ['new-site', site, '--admin-password', password, '--install-app', 'erpnext'], [password]);
    siteCreated = true;
  } else if (!apps.includes('erpnext')) {
    await runBench(ctx, ['--site', site, 'install-app', 'erpnext']);
    erpnextInstalled = true;
  }
  if (!(await siteAnswers(guest))) {
    throw new StepError('SITE_NOT_READY', `bench lists ${site} but it does not answer /api/method/ping`);
  }

  let erp = ctx.erp;
  let siteCredentials: { apiKey: string; apiSecret: string } | undefined;
  if (!(await keysWork(ctx.erp))) {
    siteCredentials = await issueKeys(ctx, guest);
    erp = ctx.erp.with({ auth: { type: 'token', ...siteCredentials } });
  }
  if (!(await hasErpNext(erp))) {
    throw new StepError('ENGINE_NOT_ERPNEXT', `bench installed erpnext on ${site} but the site does not list the erpnext app`);
  }

  const wizardRan = await ensureWizard(ctx, erp);
  const masters = await requireMasters(ctx, erp);
  const user = await ensureLoginUser(ctx, erp, PER_SITE_ROLES);
  const result = completed(ctx, masters, user, { mode: 'per-site', site, siteCreated, erpnextInstalled, wizardRan, keysIssued: siteCredentials !== undefined });
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

async function requireMasters(ctx: StepContext, erp: ErpNextClient): Promise<SiteMasters> {
  const masters = await inspectMasters(erp, { country: ctx.tenant.country });
  if (masters.missing.length > 0) {
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

/** Logs in as Administrator and issues API keys for it (a new secret each time; the key is kept). */
async function issueKeys(ctx: StepContext, guest: ErpNextClient): Promise<{ apiKey: string; apiSecret: string }> {
  const password = requirePassword(ctx, `log in to ${ctx.tenant.siteName} as Administrator`);
  const retry = writeRetryFrom(ctx);
  let session: ErpNextClient;
  try {
    session = await retryIdempotent('login as Administrator', () => guest.login('Administrator', password), retry);
  } catch (err) {
    if (isErpNextError(err) && (err.code === 'ERP_AUTH_FAILED' || err.code === 'ERP_PERMISSION_DENIED' || err.code === 'ERP_VALIDATION')) {
      throw new StepError('SITE_LOGIN_FAILED', `logging in to ${ctx.tenant.siteName} as Administrator failed: ${err.message}`, { cause: err });
    }
    throw err;
  }
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

/** Runs the setup wizard unless System Settings says it is complete. Returns whether it ran. */
async function ensureWizard(ctx: StepContext, erp: ErpNextClient): Promise<boolean> {
  const abbr = abbreviationCandidates(ctx.tenant.companyName, { requested: ctx.tenant.requestedAbbr, seed: ctx.tenant.companyId })[0] ?? 'CO';
  const { wrote } = await converge<boolean, true>({
    what: `setup wizard on ${ctx.tenant.siteName}`,
    retry: writeRetryFrom(ctx),
    read: async () => truthy((await erp.getSingle('System Settings')).setup_complete),
    done: (complete) => (complete ? true : undefined),
    apply: async () => {
      const password = requirePassword(ctx, `run the setup wizard on ${ctx.tenant.siteName}`);
      const args = setupWizardArgs({
        country: ctx.tenant.country,
        currency: ctx.tenant.defaultCurrency,
        companyName: ctx.tenant.companyName,
        companyAbbr: abbr,
        chartOfAccounts: ctx.tenant.chartOfAccounts,
        email: adminUserName(ctx.tenant),
        password,
        today: ctx.now?.() ?? new Date(),
      });
      const res = await erp.callMethod<{ status?: string } | undefined>(SETUP_COMPLETE_METHOD, { args });
      if (res?.status === 'registered') {
        throw new StepError('SETUP_WIZARD_RUNNING', `the setup wizard of ${ctx.tenant.siteName} runs in the background (trigger_site_setup_in_background)`);
      }
      return undefined; // the next look confirms setup_complete
    },
    onPermanentError: (err) => {
      if (isErpNextError(err) && err.code === 'ERP_VALIDATION') {
        return { reread: false, error: new StepError('SETUP_WIZARD_FAILED', `the setup wizard of ${ctx.tenant.siteName} failed: ${err.message}`, { cause: err }) };
      }
      return { reread: false, error: err };
    },
    notConverged: () => new StepError('SETUP_WIZARD_RUNNING', `the setup wizard of ${ctx.tenant.siteName} answered but setup_complete is still 0`),
  });
  return wrote;
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
