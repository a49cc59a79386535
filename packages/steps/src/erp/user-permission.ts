import type { FrappeDoc } from '@provisioner/erpnext-client';
import type { StepContext } from '../step';
import { ensureDoc, writeRetryFrom } from './ensure-doc';

/**
 * Shared mode: the tenant's login user may see only its own company. A User Permission
 * `{user, allow: "Company", for_value}` applies to every doctype with a Company link (Frappe's
 * apply_to_all_doctypes default). Looked up by (user, allow, for_value) before it is created; a 409
 * "User permission already exists" means an earlier ambiguous write landed, and the look finds it.
 */
export async function ensureCompanyPermission(ctx: StepContext, user: string, companyName: string): Promise<{ name: string; created: boolean }> {
  const filters: Array<[string, string, string]> = [
    ['user', '=', user],
    ['allow', '=', 'Company'],
    ['for_value', '=', companyName],
  ];
  const { doc, created } = await ensureDoc<FrappeDoc>({
    what: `User Permission ${user} → Company ${companyName}`,
    retry: writeRetryFrom(ctx),
    find: async () => (await ctx.erp.getList('User Permission', { fields: ['name'], filters, limit: 1 }))[0] ?? null,
    create: () => ctx.erp.insert('User Permission', { user, allow: 'Company', for_value: companyName, apply_to_all_doctypes: 1 }),
  });
  return { name: doc.name, created };
}
