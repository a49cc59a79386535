/**
 * engine_check — ERPNext answers and our credentials work.
 *
 * Touches: no doctype; calls `ping` (guest), `frappe.auth.get_logged_user` and
 * `frappe.utils.change_log.get_versions` (FRAPPE_REST_FACTS §1; `/api/method/version` is gone in v15).
 * Idempotent: reads only.
 * Raises: ENGINE_UNAVAILABLE (ping did not answer "pong"), ENGINE_NOT_ERPNEXT (Frappe without the
 * erpnext app, shared mode), ERP_AUTH_FAILED / ERP_PERMISSION_DENIED (our API key), ERP_UNREACHABLE,
 * ERP_TIMEOUT and the other transient ERP_* codes.
 *
 * Per-site mode: this step runs before platform_setup has created the tenant's site and issued its
 * keys, so it only proves the bench answers HTTP. "Site not found" (404) or "no credentials yet"
 * (401/403) are reported in the output, not raised; platform_setup asks bench whether the site
 * exists, creates it and installs erpnext.
 */
import { isErpNextError } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import type { Step, StepContext, StepResult } from '../step';

export const engineCheck: Step = {
  key: 'engine_check',
  async run(ctx: StepContext): Promise<StepResult> {
    return ctx.tenant.siteMode === 'per-site' ? perSite(ctx) : shared(ctx);
  },
};

async function shared(ctx: StepContext): Promise<StepResult> {
  await expectPong(ctx);
  const user = await ctx.erp.getLoggedUser();
  const versions = summarize(await ctx.erp.getVersions());
  if (!versions.erpnext) {
    throw new StepError('ENGINE_NOT_ERPNEXT', `the site answers as Frappe ${versions.frappe ?? '?'} but the erpnext app is not installed (installed: ${Object.keys(versions).join(', ') || 'none'})`);
  }
  ctx.log.info({ user, versions }, 'ERPNext answers');
  return { status: 'completed', output: { user, versions } };
}

async function perSite(ctx: StepContext): Promise<StepResult> {
  try {
    await expectPong(ctx, true);
  } catch (err) {
    if (isErpNextError(err) && err.code === 'ERP_NOT_FOUND') {
      ctx.log.info({ site: ctx.tenant.siteName }, 'the tenant site does not exist yet; platform_setup creates it');
      return { status: 'completed', output: { site: ctx.tenant.siteName, ping: 'site not found' } };
    }
    throw err;
  }
  let user: string | null = null;
  try {
    user = await ctx.erp.getLoggedUser();
  } catch (err) {
    if (!(isErpNextError(err) && (err.code === 'ERP_AUTH_FAILED' || err.code === 'ERP_PERMISSION_DENIED'))) throw err;
  }
  if (user === null || user === 'Guest') {
    return { status: 'completed', output: { site: ctx.tenant.siteName, ping: 'pong', user: null } };
  }
  const versions = summarize(await ctx.erp.getVersions());
  return { status: 'completed', output: { site: ctx.tenant.siteName, ping: 'pong', user, versions } };
}

async function expectPong(ctx: StepContext, asGuest = false): Promise<void> {
  const erp = asGuest ? ctx.erp.with({ auth: { type: 'none' } }) : ctx.erp;
  if (!(await erp.ping())) {
    throw new StepError('ENGINE_UNAVAILABLE', 'ERPNext answered /api/method/ping without "pong"');
  }
}

function summarize(raw: Record<string, { version?: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [app, info] of Object.entries(raw ?? {})) out[app] = info?.version ?? 'unknown';
  return out;
}
