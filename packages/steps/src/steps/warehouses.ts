/**
 * warehouses — "Main Store - ABBR" and, when POS is on, "POS Store - ABBR" under the company's
 * "All Warehouses - ABBR" group.
 *
 * Touches: Warehouse (read, insert). Warehouse names are site-wide, "{warehouse_name} - {abbr}";
 * the company's unique abbreviation keeps tenants apart in shared mode.
 * Idempotent: each warehouse is looked up by its full name before it is created and again after an
 * ambiguous POST; a 409 (it exists) means look again. One that exists for another company, or as a
 * group, is a conflict, not something to create again.
 * Raises: PREREQUISITE_MISSING, WAREHOUSE_ROOT_MISSING, DOC_NAME_CONFLICT, the ERP_* codes.
 */
import type { FrappeDoc } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import { ensureDoc, writeRetryFrom, type WriteRetry } from '../erp/ensure-doc';
import { mainStoreName, posStoreName, warehouseRootName } from '../erp/names';
import { need } from '../erp/prerequisites';
import type { Step, StepContext, StepResult } from '../step';

export const warehouses: Step = {
  key: 'warehouses',
  async run(ctx: StepContext): Promise<StepResult> {
    const abbr = need(ctx.state, 'abbr', 'company');
    const companyName = need(ctx.state, 'companyDocName', 'company');
    const retry = writeRetryFrom(ctx);

    const rootName = warehouseRootName(abbr);
    const root = await ctx.erp.getDoc('Warehouse', rootName);
    if (!root || Number(root.is_group ?? 0) !== 1) {
      throw new StepError('WAREHOUSE_ROOT_MISSING', root ? `Warehouse "${rootName}" exists but is not a group` : `Warehouse "${rootName}" does not exist (ERPNext creates it with the company)`);
    }

    const main = await ensureWarehouse(ctx, retry, 'Main Store', mainStoreName(abbr), companyName, rootName);
    const pos = ctx.tenant.posStoreEnabled ? await ensureWarehouse(ctx, retry, 'POS Store', posStoreName(abbr), companyName, rootName) : null;

    return {
      status: 'completed',
      output: { root: rootName, main: main.name, mainCreated: main.created, ...(pos ? { pos: pos.name, posCreated: pos.created } : {}) },
      state: { warehouses: { root: rootName, main: main.name, ...(pos ? { pos: pos.name } : {}) } },
    };
  },
};

async function ensureWarehouse(ctx: StepContext, retry: WriteRetry, title: string, fullName: string, companyName: string, parent: string): Promise<{ name: string; created: boolean }> {
  const { doc, created } = await ensureDoc<FrappeDoc>({
    what: `Warehouse ${fullName}`,
    retry,
    find: () => ctx.erp.getDoc('Warehouse', fullName),
    create: () => ctx.erp.insert('Warehouse', { warehouse_name: title, company: companyName, parent_warehouse: parent, is_group: 0 }),
  });
  if (doc.company !== companyName || Number(doc.is_group ?? 0) !== 0) {
    throw new StepError('DOC_NAME_CONFLICT', `Warehouse "${fullName}" exists but ${doc.company !== companyName ? `belongs to ${String(doc.company)}` : 'is a group'}`, {
      hint: `Warehouse "${fullName}" must be a non-group warehouse of ${companyName}. Fix or rename it in ERPNext, then POST /continue.`,
    });
  }
  return { name: doc.name, created };
}
