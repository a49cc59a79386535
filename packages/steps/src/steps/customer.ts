/**
 * customer — the tenant's walk-in customer ("Walk-in Customer - ABBR" in shared mode, since customers
 * are site-wide; "Walk-in Customer" on the tenant's own site).
 *
 * Touches: Customer (list by customer_name, insert).
 * Idempotent: looks the customer up by `customer_name` BEFORE posting, and again after an ambiguous
 * POST. With "Customer Name" naming ERPNext does not refuse a duplicate: it silently saves it as
 * "Walk-in Customer - AC - 1". If such duplicates exist (ours, from an earlier system or a lost
 * answer) the oldest is used, the others are reported in `duplicates`, and none is created.
 * Raises: PREREQUISITE_MISSING, MASTER_MISSING (no leaf Customer Group / Territory), the ERP_* codes.
 */
import type { ErpNextClient } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import { ensureDoc, writeRetryFrom } from '../erp/ensure-doc';
import { findLeaf } from '../erp/masters';
import { walkInCustomerName } from '../erp/names';
import { need } from '../erp/prerequisites';
import type { Step, StepContext, StepResult } from '../step';

interface CustomerRow extends Record<string, unknown> {
  name: string;
  customer_name?: string;
  creation?: string;
}

/** Every Customer whose customer_name is `customerName`, the canonical one first. */
export async function findCustomers(erp: ErpNextClient, customerName: string): Promise<CustomerRow[]> {
  const rows = await erp.getList<CustomerRow>('Customer', {
    fields: ['name', 'customer_name', 'creation'],
    filters: [['customer_name', '=', customerName]],
    orderBy: 'creation asc',
  });
  // The exact name first (ERPNext's first save), then by age.
  return [...rows].sort((a, b) => Number(b.name === customerName) - Number(a.name === customerName) || String(a.creation ?? '').localeCompare(String(b.creation ?? '')));
}

export const customer: Step = {
  key: 'customer',
  async run(ctx: StepContext): Promise<StepResult> {
    const abbr = need(ctx.state, 'abbr', 'company');
    const customerName = walkInCustomerName(ctx.tenant, abbr);
    let duplicates: string[] = [];

    const { doc, created } = await ensureDoc<CustomerRow>({
      what: `Customer ${customerName}`,
      retry: writeRetryFrom(ctx),
      find: async () => {
        const rows = await findCustomers(ctx.erp, customerName);
        duplicates = rows.slice(1).map((r) => r.name);
        return rows[0] ?? null;
      },
      create: async () => {
        const customerGroup = ctx.state.customerGroup ?? (await findLeaf(ctx.erp, 'Customer Group', ['Individual', 'Commercial']));
        const territory = ctx.state.territory ?? (await findLeaf(ctx.erp, 'Territory', [ctx.tenant.country, 'Rest Of The World']));
        if (!customerGroup || !territory) throw new StepError('MASTER_MISSING', `the site has no leaf ${!customerGroup ? 'Customer Group' : 'Territory'} for the walk-in customer`);
        return ctx.erp.insert<CustomerRow>('Customer', { customer_name: customerName, customer_type: 'Individual', customer_group: customerGroup, territory });
      },
    });
    if (duplicates.length > 0) ctx.log.warn({ customer: doc.name, duplicates }, 'duplicate walk-in customers exist; using the first, creating none');
    return {
      status: 'completed',
      output: { customer: doc.name, customerName, created, ...(duplicates.length ? { duplicates } : {}) },
      state: { customerName: doc.name },
    };
  },
};
