/**
 * final_validation — re-reads everything the earlier steps ensured and says what is missing.
 *
 * Touches (read only): Company, User Permission (shared mode), Cost Center, Warehouse, Stock Settings, Customer, POS Profile,
 * POS Opening Entry, Item.
 * Idempotent: reads only. The worker decides Active vs Partial from the step rows and queues the
 * success email; this step only proves the workspace is usable.
 * Raises: VALIDATION_MISMATCH (permanent; the message lists every missing thing and the step that
 * ensures it), PREREQUISITE_MISSING, the ERP_* codes. Demo items are non-critical: missing ones are
 * warnings, never a mismatch. In shared mode a broken site-wide default warehouse is a warning
 * (another tenant's setting we must not change), in per-site mode a mismatch.
 */
import type { StepKey } from '@provisioner/jobs';
import { StepError } from '../errors/step-error';
import { adminUserName, mainCostCenterName } from '../erp/names';
import { str } from '../erp/masters';
import { need } from '../erp/prerequisites';
import { findCustomers } from './customer';
import { findOpenEntries } from './pos-session';
import type { Step, StepContext, StepResult } from '../step';

interface Problem {
  what: string;
  step: StepKey;
}

export const finalValidation: Step = {
  key: 'final_validation',
  async run(ctx: StepContext): Promise<StepResult> {
    const erp = ctx.erp;
    const t = ctx.tenant;
    const abbr = need(ctx.state, 'abbr', 'company');
    const companyName = need(ctx.state, 'companyDocName', 'company');
    const problems: Problem[] = [];
    const warnings: string[] = [];

    const company = await erp.getDoc('Company', companyName);
    if (!company) problems.push({ what: `Company "${companyName}" does not exist`, step: 'company' });
    else if (company.abbr !== abbr) problems.push({ what: `Company "${companyName}" has abbreviation ${String(company.abbr)}, expected ${abbr}`, step: 'company' });

    if (t.siteMode === 'shared') {
      const user = ctx.state.adminUser ?? adminUserName(t);
      const permissions = await erp.getList('User Permission', {
        fields: ['name'],
        filters: [
          ['user', '=', user],
          ['allow', '=', 'Company'],
          ['for_value', '=', companyName],
        ],
        limit: 1,
      });
      if (permissions.length === 0) problems.push({ what: `User ${user} is not restricted to Company "${companyName}" (User Permission missing)`, step: 'company' });
    }

    const costCenterName = ctx.state.costCenter ?? mainCostCenterName(abbr);
    const costCenter = await erp.getDoc('Cost Center', costCenterName);
    if (!costCenter || Number(costCenter.is_group ?? 0) !== 0) problems.push({ what: `Cost Center "${costCenterName}" is missing or a group`, step: 'chart_of_accounts' });

    const warehouses = ctx.state.warehouses;
    const wanted = [warehouses?.main, t.posStoreEnabled ? warehouses?.pos : undefined].filter((w): w is string => Boolean(w));
    if (!warehouses?.main || (t.posStoreEnabled && !warehouses.pos)) problems.push({ what: 'the warehouses step recorded no Main Store / POS Store', step: 'warehouses' });
    for (const name of wanted) {
      const wh = await erp.getDoc('Warehouse', name);
      if (!wh || wh.company !== companyName || Number(wh.is_group ?? 0) !== 0) problems.push({ what: `Warehouse "${name}" is missing, a group, or not ${companyName}'s`, step: 'warehouses' });
    }

    const stock = await erp.getSingle('Stock Settings');
    const defaultWarehouse = str(stock.default_warehouse);
    const defaultDoc = defaultWarehouse ? await erp.getDoc('Warehouse', defaultWarehouse) : null;
    if (!defaultDoc || Number(defaultDoc.is_group ?? 0) !== 0) {
      const what = `Stock Settings default_warehouse is ${defaultWarehouse ? `"${defaultWarehouse}", a group or missing warehouse` : 'empty'}`;
      if (t.siteMode === 'shared') warnings.push(`${what} (shared site; left for the site operator)`);
      else problems.push({ what, step: 'settings' });
    }

    const customerName = ctx.state.customerName;
    const customers = customerName ? await erp.getDoc('Customer', customerName) : null;
    if (!customers) problems.push({ what: `Customer "${customerName ?? 'walk-in'}" does not exist`, step: 'customer' });
    else {
      const all = await findCustomers(erp, String(customers.customer_name ?? customerName));
      if (all.length > 1) warnings.push(`duplicate walk-in customers: ${all.slice(1).map((c) => c.name).join(', ')}`);
    }

    let openEntry: string | null = null;
    if (t.posStoreEnabled) {
      const profileName = ctx.state.posProfile;
      const profile = profileName ? await erp.getDoc('POS Profile', profileName) : null;
      if (!profile || profile.company !== companyName) problems.push({ what: `POS Profile "${profileName ?? `POS - ${abbr}`}" is missing or not ${companyName}'s`, step: 'pos_profile' });
      else {
        const user = ctx.state.adminUser ?? adminUserName(t);
        const open = await findOpenEntries(erp, user, profile.name);
        openEntry = open[0]?.name ?? null;
        if (!openEntry) problems.push({ what: `no open POS Opening Entry for ${user} on "${profile.name}"`, step: 'pos_session' });
        else if (open.length > 1) warnings.push(`${open.length} open POS Opening Entries for ${user}; ${openEntry} is the one in use`);
      }
    }

    if (t.includeDemoData) {
      for (const code of ctx.state.itemCodes ?? []) {
        if (!(await erp.getDoc('Item', code))) warnings.push(`demo item ${code} is missing (non-critical)`);
      }
    }

    if (problems.length > 0) {
      const list = problems.map((p) => `${p.what} (step ${p.step})`).join('; ');
      const first = problems[0] as Problem;
      throw new StepError('VALIDATION_MISMATCH', `final validation found ${problems.length} problem(s): ${list}`, {
        hint: `Missing in ERPNext: ${list}. Check whether it was deleted or changed by hand; POST /retry re-runs every step idempotently and recreates it (the first one is ensured by step ${first.step}).`,
      });
    }

    for (const w of warnings) ctx.log.warn({}, w);
    return {
      status: 'completed',
      output: {
        company: companyName,
        abbr,
        costCenter: costCenterName,
        warehouses: wanted,
        defaultWarehouse,
        customer: customerName,
        ...(t.posStoreEnabled ? { posProfile: ctx.state.posProfile, posOpeningEntry: openEntry } : {}),
        ...(warnings.length ? { warnings } : {}),
      },
    };
  },
};
