/**
 * items (non-critical) — a few demo Items when `include_demo_data`, else skipped.
 *
 * Touches: Item (list by item_code, insert), Item Group (read a leaf), UOM "Nos" (read).
 * Shared mode: item codes are site-wide, so they carry the tenant's abbreviation ("AC-DEMO-WIDGET").
 * Idempotent: each item is looked up by `item_code` (not by name: with "Naming Series" item naming
 * the name differs) before it is created and again after an ambiguous POST; 409 means look again.
 * Raises: PREREQUISITE_MISSING, MASTER_MISSING (no leaf Item Group / no UOM "Nos"), the ERP_* codes.
 * A failure leaves the company Partial, never Failed.
 */
import type { FrappeDoc } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import { ensureDoc, writeRetryFrom } from '../erp/ensure-doc';
import { findLeaf, STOCK_UOM } from '../erp/masters';
import { need } from '../erp/prerequisites';
import type { Step, StepContext, StepResult } from '../step';

export const DEMO_ITEMS = [
  { code: 'DEMO-WIDGET', name: 'Demo Widget', stock: 1, rate: 10 },
  { code: 'DEMO-GADGET', name: 'Demo Gadget', stock: 1, rate: 25 },
  { code: 'DEMO-SERVICE', name: 'Demo Service Hour', stock: 0, rate: 50 },
] as const;

export const items: Step = {
  key: 'items',
  async run(ctx: StepContext): Promise<StepResult> {
    if (!ctx.tenant.includeDemoData) return { status: 'skipped', reason: 'include_demo_data is off' };
    const abbr = need(ctx.state, 'abbr', 'company');
    const retry = writeRetryFrom(ctx);

    const itemGroup = await findLeaf(ctx.erp, 'Item Group', ['Products', 'Consumable', 'Services']);
    if (!itemGroup) throw new StepError('MASTER_MISSING', 'the site has no leaf Item Group for demo items (e.g. "Products" under "All Item Groups")');
    if (!(await ctx.erp.getDoc('UOM', STOCK_UOM))) throw new StepError('MASTER_MISSING', `the site has no UOM "${STOCK_UOM}" for demo items`);

    const created: string[] = [];
    const codes: string[] = [];
    for (const item of DEMO_ITEMS) {
      const code = ctx.tenant.siteMode === 'shared' ? `${abbr}-${item.code}` : item.code;
      const { doc, created: wasCreated } = await ensureDoc<FrappeDoc>({
        what: `Item ${code}`,
        retry,
        find: async () => (await ctx.erp.getList('Item', { fields: ['name', 'item_code'], filters: [['item_code', '=', code]], limit: 1 }))[0] ?? null,
        create: () =>
          ctx.erp.insert('Item', {
            item_code: code,
            item_name: item.name,
            item_group: itemGroup,
            stock_uom: STOCK_UOM,
            is_stock_item: item.stock,
            is_sales_item: 1,
            standard_rate: item.rate,
            description: `${item.name} (demo data)`,
          }),
      });
      codes.push(doc.name);
      if (wasCreated) created.push(doc.name);
    }
    return { status: 'completed', output: { items: codes, created, itemGroup }, state: { itemCodes: codes } };
  },
};
