/**
 * settings — Stock Settings and Selling Settings defaults.
 *
 * Touches: Stock Settings (`default_warehouse`), Selling Settings (`customer_group`, `territory`,
 * `selling_price_list`) — Singles, saved with the `modified` we read (erp/save-if-unchanged.ts); Warehouse, Customer Group, Territory,
 * Price List (read).
 * Shared mode: the Singles are site-wide, i.e. every tenant's: only EMPTY values are filled, never one
 * another tenant set. A broken value there (a group warehouse, a group customer group) is left alone
 * and reported in `warnings`: fixing it is the site operator's call.
 * Per-site mode: the site is the tenant's own, so the default warehouse becomes this tenant's
 * "Main Store - ABBR" and empty or broken selling defaults are replaced with leaf groups.
 * Idempotent: each Single is re-read and only the fields that differ from the wanted values are
 * PUT; a rerun finds nothing to change. The default warehouse is never a group ("All Warehouses").
 * Raises: PREREQUISITE_MISSING, MASTER_MISSING (no leaf customer group / territory), the ERP_* codes.
 */
import type { ErpNextClient, FrappeDoc } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import { converge, writeRetryFrom, type WriteRetry } from '../erp/ensure-doc';
import { findLeaf, isLeaf, STANDARD_SELLING, str } from '../erp/masters';
import { need } from '../erp/prerequisites';
import { saveIfUnchanged } from '../erp/save-if-unchanged';
import type { SiteLockRunner } from '../erp/site-lock';
import type { Step, StepContext, StepResult } from '../step';

type Values = Record<string, string | null>;
/** Decides the changes for one Single from its current values: field → wanted value. */
type Plan = (current: Values) => Promise<Record<string, string>>;

export const settings: Step = {
  key: 'settings',
  async run(ctx: StepContext): Promise<StepResult> {
    const warehouses = need(ctx.state, 'warehouses', 'warehouses');
    const shared = ctx.tenant.siteMode === 'shared';
    const retry = writeRetryFrom(ctx);
    const warnings: string[] = [];
    const warn = (w: string) => {
      if (!warnings.includes(w)) warnings.push(w);
    };

    // ---- Stock Settings: a non-group default warehouse --------------------------------------
    const stockChanges = await applySingle(ctx.erp, retry, ctx.withSiteLock, 'Stock Settings', ['default_warehouse'], async (cur): Promise<Record<string, string>> => {
      const current = cur.default_warehouse ?? null;
      if (current === warehouses.main) return {};
      const currentOk = current !== null && (await isLeafWarehouse(ctx.erp, current));
      if (shared) {
        if (current === null) return { default_warehouse: warehouses.main };
        if (!currentOk) warn(`Stock Settings default_warehouse is "${current}", a group or missing warehouse; left as is on the shared site (set it to a non-group warehouse in ERPNext)`);
        return {};
      }
      return { default_warehouse: warehouses.main };
    });

    // ---- Selling Settings: leaf customer group and territory, a selling price list -----------
    const customerGroup = ctx.state.customerGroup ?? (await findLeaf(ctx.erp, 'Customer Group', ['Commercial', 'Individual']));
    const territory = ctx.state.territory ?? (await findLeaf(ctx.erp, 'Territory', [ctx.tenant.country, 'Rest Of The World']));
    if (!customerGroup || !territory) {
      throw new StepError('MASTER_MISSING', `the site has no leaf ${!customerGroup ? 'Customer Group' : 'Territory'} to use as selling default`);
    }
    const priceList = ctx.state.sellingPriceList ?? STANDARD_SELLING;
    const wanted: Record<string, { value: string; doctype: string; leaf: boolean }> = {
      customer_group: { value: customerGroup, doctype: 'Customer Group', leaf: true },
      territory: { value: territory, doctype: 'Territory', leaf: true },
      selling_price_list: { value: priceList, doctype: 'Price List', leaf: false },
    };
    const sellingChanges = await applySingle(ctx.erp, retry, ctx.withSiteLock, 'Selling Settings', Object.keys(wanted), async (cur) => {
      const changes: Record<string, string> = {};
      for (const [field, w] of Object.entries(wanted)) {
        const current = cur[field] ?? null;
        if (current === null) {
          changes[field] = w.value;
          continue;
        }
        if (current === w.value) continue;
        const valid = w.leaf ? await isLeaf(ctx.erp, w.doctype, current) : (await ctx.erp.getDoc(w.doctype, current)) !== null;
        if (valid) continue;
        if (shared) warn(`Selling Settings ${field} is "${current}", ${w.leaf ? 'a group or missing' : 'missing'}; left as is on the shared site`);
        else changes[field] = w.value;
      }
      return changes;
    });

    for (const w of warnings) ctx.log.warn({}, w);
    return {
      status: 'completed',
      output: { stockSettings: stockChanges, sellingSettings: sellingChanges, ...(warnings.length ? { warnings } : {}) },
      state: { customerGroup, territory, sellingPriceList: priceList },
    };
  },
};

/**
 * Reads a Single, asks `plan` what to change, saves only that, and reads again until nothing is left
 * to change. Returns the fields it set (empty when it found everything in place). Shared mode: the
 * save carries the `modified` we read, so when two tenants both see an empty default, the second
 * save is refused (TimestampMismatch), re-reads, finds it filled and leaves it.
 */
async function applySingle(erp: ErpNextClient, retry: WriteRetry, lock: SiteLockRunner, doctype: string, fields: string[], plan: Plan): Promise<Record<string, string>> {
  const set: Record<string, string> = {};
  // A Single every tenant of a shared site writes: saved under the site lock (erp/site-lock.ts).
  await lock(`fill ${doctype}`, () => converge<{ doc: FrappeDoc; changes: Record<string, string> }, true>({
    what: doctype,
    retry,
    read: async () => {
      const doc = { ...(await erp.getSingle(doctype)), name: doctype } as FrappeDoc;
      const values: Values = Object.fromEntries(fields.map((f) => [f, str(doc[f])]));
      return { doc, changes: await plan(values) };
    },
    done: (s) => (Object.keys(s.changes).length === 0 ? true : undefined),
    apply: async (s) => {
      await saveIfUnchanged(erp, doctype, s.doc, s.changes);
      Object.assign(set, s.changes);
      return undefined;
    },
  }));
  return set;
}

async function isLeafWarehouse(erp: ErpNextClient, name: string): Promise<boolean> {
  const doc = await erp.getDoc('Warehouse', name);
  return doc !== null && Number(doc.is_group ?? 0) === 0;
}
