/**
 * chart_of_accounts — the company's chart, default accounts and the "Main - ABBR" cost center exist.
 *
 * Touches: Company (read; PUT of empty default fields only), Account (list), Cost Center (read,
 * insert "Main - ABBR" under the company's root "{Company} - ABBR" when missing).
 * Idempotent: the chart is imported by ERPNext's Company.on_update in the same transaction as the
 * Company insert, so this step only verifies it; the cost center is looked up by name before it is
 * created (and again after an ambiguous POST); a company default is written only when it is empty,
 * in a PUT that never carries `modified`.
 * Raises: PREREQUISITE_MISSING (company step not done), CHART_MISSING (retryable on the first two
 * attempts, then permanent), ACCOUNT_MISSING, COST_CENTER_ROOT_MISSING, DOC_NAME_CONFLICT ("Main -
 * ABBR" belongs to another company), the ERP_* codes.
 */
import type { FrappeDoc } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import { converge, ensureDoc, writeRetryFrom } from '../erp/ensure-doc';
import { mainCostCenterName, rootCostCenterName, withAbbr } from '../erp/names';
import { need } from '../erp/prerequisites';
import { str } from '../erp/masters';
import type { Step, StepContext, StepResult } from '../step';

interface AccountRow extends Record<string, unknown> {
  name: string;
  account_name?: string;
  account_type?: string;
  is_group?: number;
}

/** CHART_MISSING is retried this many step attempts (a chart import still settling), then permanent. */
const CHART_RETRY_ATTEMPTS = 2;

export const chartOfAccounts: Step = {
  key: 'chart_of_accounts',
  async run(ctx: StepContext): Promise<StepResult> {
    const abbr = need(ctx.state, 'abbr', 'company');
    const companyName = need(ctx.state, 'companyDocName', 'company');
    const retry = writeRetryFrom(ctx);

    const company = await ctx.erp.getDoc('Company', companyName);
    if (!company) {
      throw new StepError('PREREQUISITE_MISSING', `Company "${companyName}" recorded by the company step no longer exists in ERPNext`, {
        hint: 'Someone deleted the company in ERPNext. POST /retry re-runs every step and creates it again.',
      });
    }

    const accounts = await ctx.erp.getList<AccountRow>('Account', {
      fields: ['name', 'account_name', 'account_type', 'is_group'],
      filters: [['company', '=', companyName]],
    });
    if (accounts.length === 0) {
      throw new StepError('CHART_MISSING', `Company "${companyName}" has no accounts: ERPNext did not import the "${ctx.tenant.chartOfAccounts}" chart`, {
        retryable: ctx.attempt <= CHART_RETRY_ATTEMPTS,
      });
    }
    const byName = new Map(accounts.map((a) => [a.name, a]));
    const leaf = (a: AccountRow | undefined) => (a && Number(a.is_group ?? 0) === 0 ? a : undefined);

    const cash =
      leaf(byName.get(str(company.default_cash_account) ?? '')) ??
      leaf(byName.get(withAbbr('Cash', abbr))) ??
      accounts.find((a) => a.account_type === 'Cash' && Number(a.is_group ?? 0) === 0);
    if (!cash) throw missingAccount(companyName, 'a Cash account (account_type Cash, e.g. "Cash - ABBR")');
    const writeOff =
      leaf(byName.get(str(company.write_off_account) ?? '')) ??
      leaf(byName.get(withAbbr('Write Off', abbr))) ??
      accounts.find((a) => a.account_name === 'Write Off' && Number(a.is_group ?? 0) === 0);
    if (!writeOff) throw missingAccount(companyName, 'a Write Off account (e.g. "Write Off - ABBR")');

    const costCenterName = mainCostCenterName(abbr);
    const { doc: costCenter, created: costCenterCreated } = await ensureDoc<FrappeDoc>({
      what: `Cost Center ${costCenterName}`,
      retry,
      find: () => ctx.erp.getDoc('Cost Center', costCenterName),
      create: async () => {
        const parent = await findRootCostCenter(ctx, companyName, abbr);
        return ctx.erp.insert('Cost Center', { cost_center_name: 'Main', company: companyName, parent_cost_center: parent, is_group: 0 });
      },
    });
    if (costCenter.company !== undefined && costCenter.company !== companyName) {
      throw new StepError('DOC_NAME_CONFLICT', `Cost Center "${costCenterName}" belongs to ${String(costCenter.company)}, not ${companyName}`);
    }

    // Only fill what is empty: an operator may have chosen other defaults on purpose.
    const wanted: Record<string, string> = { default_cash_account: cash.name, write_off_account: writeOff.name, cost_center: costCenter.name };
    const { wrote: defaultsWritten, result: defaultsSet } = await converge<FrappeDoc | null, string[]>({
      what: `Company ${companyName} defaults`,
      retry,
      read: () => ctx.erp.getDoc('Company', companyName),
      done: (doc) => (doc && Object.keys(wanted).every((k) => str(doc[k]) !== null) ? Object.keys(wanted).filter((k) => doc[k] === wanted[k]) : undefined),
      apply: async (doc) => {
        const changes = Object.fromEntries(Object.entries(wanted).filter(([k]) => str(doc?.[k]) === null));
        await ctx.erp.update('Company', companyName, changes);
        return undefined;
      },
    });
    const refreshed = await ctx.erp.getDoc('Company', companyName);
    const cashAccount = str(refreshed?.default_cash_account) ?? cash.name;
    const writeOffAccount = str(refreshed?.write_off_account) ?? writeOff.name;

    return {
      status: 'completed',
      output: {
        accounts: accounts.length,
        cashAccount,
        writeOffAccount,
        costCenter: costCenter.name,
        costCenterCreated,
        defaultsWritten,
        defaultsMatching: defaultsSet,
      },
      state: { cashAccount, writeOffAccount, costCenter: costCenter.name },
    };
  },
};

/** "{Company} - ABBR" (what ERPNext creates), else any group cost center without a parent. */
async function findRootCostCenter(ctx: StepContext, companyName: string, abbr: string): Promise<string> {
  const expected = rootCostCenterName(companyName, abbr);
  const doc = await ctx.erp.getDoc('Cost Center', expected);
  if (doc && Number(doc.is_group ?? 0) === 1) return doc.name;
  const groups = await ctx.erp.getList<{ name: string; parent_cost_center?: string }>('Cost Center', {
    fields: ['name', 'parent_cost_center'],
    filters: [['company', '=', companyName], ['is_group', '=', 1]],
  });
  const root = groups.find((g) => !g.parent_cost_center) ?? groups[0];
  if (!root) {
    throw new StepError('COST_CENTER_ROOT_MISSING', `Company "${companyName}" has no group cost center ("${expected}") to create "Main - ${abbr}" under`);
  }
  return root.name;
}

function missingAccount(companyName: string, what: string): StepError {
  return new StepError('ACCOUNT_MISSING', `the chart of "${companyName}" has no ${what}`, {
    hint: `Create ${what} in the chart of accounts of "${companyName}" in ERPNext (or set it as the company default), then POST /continue.`,
  });
}
