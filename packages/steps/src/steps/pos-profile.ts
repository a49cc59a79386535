/**
 * pos_profile (skipped when POS is off) — the Cash mode of payment has this company's account, and a
 * POS Profile "POS - ABBR" exists with warehouse, write-off account and cost center and Cash as the
 * default payment.
 *
 * Touches: Mode of Payment "Cash" (read; save of the FULL `accounts` table with our row appended —
 * a save replaces child tables, so a partial list would delete other companies' rows — through
 * frappe.client.save with the `modified` we read, see erp/save-if-unchanged.ts), POS Profile
 * (read, insert; Prompt naming, so `name` is sent).
 * Idempotent: the Mode of Payment is re-read before every write and only written when it has no row
 * for the company (ERPNext's Company.on_update usually adds it); a TimestampMismatch or an ambiguous
 * failure leads to a re-read, never a blind second append. The profile is looked up by name before
 * it is created and after an ambiguous POST; one that exists for another company is a conflict.
 * Raises: PREREQUISITE_MISSING, MASTER_MISSING (no Mode of Payment "Cash"), CASH_ACCOUNT_MISSING,
 * WAREHOUSE_MISSING, DOC_NAME_CONFLICT, the ERP_* codes.
 */
import { isErpNextError, type FrappeDoc } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import { converge, ensureDoc, writeRetryFrom } from '../erp/ensure-doc';
import { CASH_MODE_OF_PAYMENT } from '../erp/masters';
import { adminUserName, posProfileName } from '../erp/names';
import { need } from '../erp/prerequisites';
import { saveIfUnchanged } from '../erp/save-if-unchanged';
import type { Step, StepContext, StepResult } from '../step';

type AccountRow = Record<string, unknown> & { company?: string; default_account?: string };

export const WRITE_OFF_LIMIT = 1;

export const posProfile: Step = {
  key: 'pos_profile',
  async run(ctx: StepContext): Promise<StepResult> {
    if (!ctx.tenant.posStoreEnabled) return { status: 'skipped', reason: 'pos_store_enabled is off' };
    const abbr = need(ctx.state, 'abbr', 'company');
    const companyName = need(ctx.state, 'companyDocName', 'company');
    const cashAccount = need(ctx.state, 'cashAccount', 'chart_of_accounts');
    const writeOffAccount = need(ctx.state, 'writeOffAccount', 'chart_of_accounts');
    const costCenter = need(ctx.state, 'costCenter', 'chart_of_accounts');
    const warehouses = need(ctx.state, 'warehouses', 'warehouses');
    const warehouse = warehouses.pos ?? warehouses.main;
    const user = ctx.state.adminUser ?? adminUserName(ctx.tenant);
    const retry = writeRetryFrom(ctx);

    // ---- Mode of Payment "Cash": a row for this company --------------------------------------
    // Every tenant saves this one document: under the site lock, so saves never race (site-lock.ts).
    const { wrote: cashRowAdded, result: cashRow } = await ctx.withSiteLock(`add ${companyName}'s row to Mode of Payment ${CASH_MODE_OF_PAYMENT}`, () => converge<FrappeDoc | null, AccountRow>({
      what: `Mode of Payment ${CASH_MODE_OF_PAYMENT} account for ${companyName}`,
      retry,
      read: () => ctx.erp.getDoc('Mode of Payment', CASH_MODE_OF_PAYMENT),
      done: (mop) => {
        if (!mop) {
          throw new StepError('MASTER_MISSING', `Mode of Payment "${CASH_MODE_OF_PAYMENT}" does not exist on the site`, {
            hint: `Create Mode of Payment "${CASH_MODE_OF_PAYMENT}" (type Cash) in ERPNext, then POST /continue.`,
          });
        }
        return accountsOf(mop).find((r) => r.company === companyName);
      },
      apply: async (mop) => {
        const rows = accountsOf(mop);
        // The rows as read (with their `name`) are kept; the new row has no name, so it is added. The
        // save carries the `modified` we read: if another tenant appended meanwhile, ERPNext answers
        // TimestampMismatch and we re-read instead of deleting its row.
        await saveIfUnchanged(ctx.erp, 'Mode of Payment', mop as FrappeDoc, { accounts: [...rows, { company: companyName, default_account: cashAccount }] });
        return undefined;
      },
      onPermanentError: (err) => ({ reread: false, error: mapPosError(err, { companyName, warehouse }) }),
    }));

    // ---- POS Profile ----------------------------------------------------------------------------
    const profileName = posProfileName(abbr);
    const { doc, created } = await ensureDoc<FrappeDoc>({
      what: `POS Profile ${profileName}`,
      retry,
      find: () => ctx.erp.getDoc('POS Profile', profileName),
      create: () =>
        ctx.erp.insert('POS Profile', {
          name: profileName,
          company: companyName,
          currency: ctx.tenant.defaultCurrency,
          warehouse,
          cost_center: costCenter,
          write_off_account: writeOffAccount,
          write_off_cost_center: costCenter,
          write_off_limit: WRITE_OFF_LIMIT,
          payments: [{ mode_of_payment: CASH_MODE_OF_PAYMENT, default: 1 }],
          applicable_for_users: [{ user, default: 1 }],
        }),
      mapError: (err) => mapPosError(err, { companyName, warehouse }),
    });
    if (doc.company !== companyName) {
      throw new StepError('DOC_NAME_CONFLICT', `POS Profile "${profileName}" exists but belongs to ${String(doc.company)}`, {
        hint: `Rename or delete POS Profile "${profileName}" in ERPNext (it is not ${companyName}'s), then POST /continue.`,
      });
    }
    return {
      status: 'completed',
      output: { posProfile: doc.name, created, warehouse, cashAccount: cashRow.default_account ?? cashAccount, cashAccountRowAdded: cashRowAdded },
      state: { posProfile: doc.name },
    };
  },
};

function accountsOf(mop: FrappeDoc | null): AccountRow[] {
  const rows = mop?.accounts;
  return Array.isArray(rows) ? (rows as AccountRow[]) : [];
}

/** ERPNext's POS validation messages → domain errors with hints that name the exact thing. */
function mapPosError(err: unknown, ctx: { companyName: string; warehouse: string }): unknown {
  if (!isErpNextError(err) || err.code !== 'ERP_VALIDATION') return err;
  if (err.hasMessage('Please set default Cash or Bank account in Mode of Payment')) {
    return new StepError('CASH_ACCOUNT_MISSING', err.message, {
      cause: err,
      hint: `Mode of Payment "${CASH_MODE_OF_PAYMENT}" has no default account for ${ctx.companyName}. In ERPNext open Mode of Payment "${CASH_MODE_OF_PAYMENT}", add a row with company ${ctx.companyName} and its Cash account, then POST /continue.`,
    });
  }
  if (err.hasMessage('Could not find Mode of Payment')) {
    return new StepError('MASTER_MISSING', err.message, { cause: err, hint: `Create Mode of Payment "${CASH_MODE_OF_PAYMENT}" (type Cash) in ERPNext, then POST /continue.` });
  }
  if (err.hasMessage('Could not find Warehouse')) {
    return new StepError('WAREHOUSE_MISSING', err.message, {
      cause: err,
      hint: `Warehouse "${ctx.warehouse}" does not exist. Check that the warehouses step completed and nobody deleted it in ERPNext; POST /retry re-creates it.`,
    });
  }
  return err;
}
