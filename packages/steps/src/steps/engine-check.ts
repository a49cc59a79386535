/**
 * engine_check — ERPNext answers and our credentials work.
 *
 * Touches: no doctype; calls `ping` (guest), `frappe.auth.get_logged_user` and
 * `frappe.utils.change_log.get_versions` (FRAPPE_REST_FACTS §1; `/api/method/version` is gone in v15).
 * Shared mode: an API user other than Administrator must hold, by its roles and ERPNext v15's
 * permission table, every doctype right the run needs (erp/required-permissions.ts), else
 * ERP_PERMISSION_DENIED names the missing doctypes and the roles that grant them — before any write.
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
import { isErpNextError, type FrappeDoc } from '@provisioner/erpnext-client';
import { ADMINISTRATOR } from '@provisioner/frappe-facts';
import { StepError } from '../errors/step-error';
import { missingPermissions, requiredPermissions, rolesToGrant } from '../erp/required-permissions';
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
  const roles = await checkPermissions(ctx, user);
  ctx.log.info({ user, versions }, 'ERPNext answers');
  return { status: 'completed', output: { user, versions, ...(roles ? { roles } : {}) } };
}

/**
 * In v15 only the user Administrator bypasses role permissions (an API key acts as its own user), so
 * a key of any other user is checked up front against every doctype and right this run needs
 * (erp/required-permissions.ts): a missing one fails here, before anything is written.
 */
async function checkPermissions(ctx: StepContext, user: string): Promise<string[] | null> {
  if (user === ADMINISTRATOR) return null;
  let doc: FrappeDoc | null;
  try {
    doc = await ctx.erp.getDoc('User', user);
  } catch (err) {
    if (!(isErpNextError(err) && err.code === 'ERP_PERMISSION_DENIED')) throw err;
    throw new StepError('ERP_PERMISSION_DENIED', `the ERPNext API user ${user} may not read its own User record, so its roles cannot be checked`, {
      hint: `In ERPNext v15 only the user Administrator bypasses role permissions. Use an API key of Administrator (recommended), or give ${user} the roles ${rolesToGrant(requiredPermissions(ctx.tenant)).join(', ')} (User needs System Manager), then POST /continue.`,
    });
  }
  const roles = (Array.isArray(doc?.roles) ? doc.roles : []).map((r) => String((r as { role?: unknown }).role ?? '')).filter(Boolean);
  const missing = missingPermissions(user, roles, requiredPermissions(ctx.tenant));
  if (missing.length > 0) {
    const grant = rolesToGrant(missing);
    const byDoctype = new Map<string, string[]>();
    for (const n of missing) byDoctype.set(n.doctype, [...(byDoctype.get(n.doctype) ?? []), n.right]);
    const list = [...byDoctype.entries()].map(([dt, rights]) => `${dt} (${rights.join(', ')})`).join('; ');
    throw new StepError('ERP_PERMISSION_DENIED', `the ERPNext API user ${user} (roles: ${roles.join(', ') || 'none'}) lacks permissions this run needs: ${list}`, {
      hint: `In ERPNext v15 only the user Administrator bypasses role permissions; System Manager alone is not enough. Either use an API key of Administrator, or add the roles ${grant.join(', ')} to ${user} (they grant ${[...byDoctype.keys()].join(', ')} by ERPNext's permission table), then POST /continue.`,
    });
  }
  return roles;
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
