import type { ErpNextClient, FrappeDoc } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import type { StepContext } from '../step';
import { ensureDoc, writeRetryFrom } from './ensure-doc';
import { adminUserName } from './names';

/**
 * The tenant's login User (name = the lower-cased admin email). Created with the admin password
 * when missing; an existing user is left exactly as it is — we never reset a password.
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
        roles: roles.map((role) => ({ role })),
      });
    },
  });
  return { user: doc.name, created, enabled: Number(doc.enabled ?? 1) === 1 };
}
