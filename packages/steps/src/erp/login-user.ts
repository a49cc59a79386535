import type { ErpNextClient, FrappeDoc } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import type { StepContext } from '../step';
import { ensureDoc, writeRetryFrom } from './ensure-doc';
import { adminUserName, companyMarker, isMarkedOurs } from './names';

/**
 * The tenant's login User (name = the lower-cased admin email). Created with the admin password
 * when missing, marked in its `bio` with our marker for this tenant; an existing user's password is
 * never reset.
 *
 * Shared mode never adopts a user this tenant did not create. Otherwise anyone could sign up first
 * with a victim's email and their own password, and the company step would later grant the victim's
 * company to that login (account takeover). An existing user without our marker for THIS tenant is
 * ADMIN_EMAIL_TAKEN: the signup must use another admin email, or an operator decides by hand. In
 * per-site mode the site is the tenant's own and its setup wizard created the user, so it is adopted.
 */
export async function ensureLoginUser(ctx: StepContext, erp: ErpNextClient, roles: readonly string[]): Promise<{ user: string; created: boolean; enabled: boolean }> {
  const name = adminUserName(ctx.tenant);
  const { doc, created } = await ensureDoc<FrappeDoc>({
    what: `User ${name}`,
    retry: writeRetryFrom(ctx),
    find: () => erp.getDoc('User', name),
    create: () => {
      const password = ctx.adminPassword();
      if (password === null) {
        throw new StepError('ADMIN_PASSWORD_UNAVAILABLE', `the login user ${name} does not exist and the admin password needed to create it was already wiped`);
      }
      return erp.insert('User', {
        email: name,
        first_name: ctx.tenant.companyName.slice(0, 140),
        user_type: 'System User',
        enabled: 1,
        send_welcome_email: 0,
        new_password: password,
        bio: companyMarker(ctx.tenant.companyId),
        roles: roles.map((role) => ({ role })),
      });
    },
  });
  if (ctx.tenant.siteMode === 'shared' && !isMarkedOurs(doc.bio, ctx.tenant.companyId)) {
    throw new StepError('ADMIN_EMAIL_TAKEN', `the shared ERPNext site already has a user ${name} that was not created for ${ctx.tenant.companyId}; it will not be given this company`);
  }
  return { user: doc.name, created, enabled: Number(doc.enabled ?? 1) === 1 };
}
