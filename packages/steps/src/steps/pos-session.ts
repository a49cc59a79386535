/**
 * pos_session (skipped when POS is off) — an open, submitted POS Opening Entry for the admin user on
 * the tenant's POS profile.
 *
 * Touches: POS Opening Entry (list, insert with docstatus 1, PUT docstatus 1 to submit a draft),
 * System Settings (read `time_zone`, to date the session in the site's zone).
 * Idempotent: ERPNext v15 does NOT enforce one open entry per user/profile, so a second POST would
 * open a second session. Every write is preceded by a look for an Open entry (user, profile,
 * docstatus 1, status Open), reused if found; a Draft of ours is submitted instead of creating
 * another; after an ambiguous failure we look again before writing again. If several open entries
 * exist, the oldest is used and the others are reported.
 * Raises: PREREQUISITE_MISSING, CASH_ACCOUNT_MISSING, the ERP_* codes.
 */
import { isErpNextError } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import { converge, writeRetryFrom } from '../erp/ensure-doc';
import { frappeDatetime } from '../erp/frappe-datetime';
import { CASH_MODE_OF_PAYMENT, str } from '../erp/masters';
import { adminUserName } from '../erp/names';
import { need } from '../erp/prerequisites';
import type { ErpNextClient } from '@provisioner/erpnext-client';
import type { Step, StepContext, StepResult } from '../step';

interface EntryRow extends Record<string, unknown> {
  name: string;
  status?: string;
  docstatus?: number;
}

export const OPENING_ENTRY = 'POS Opening Entry';

/** Submitted, not closed entries of this user on this profile, oldest first. */
export async function findOpenEntries(erp: ErpNextClient, user: string, posProfile: string): Promise<EntryRow[]> {
  return erp.getList<EntryRow>(OPENING_ENTRY, {
    fields: ['name', 'status', 'docstatus'],
    filters: [['user', '=', user], ['pos_profile', '=', posProfile], ['docstatus', '=', 1], ['status', '=', 'Open']],
    orderBy: 'creation asc',
  });
}

export const posSession: Step = {
  key: 'pos_session',
  async run(ctx: StepContext): Promise<StepResult> {
    if (!ctx.tenant.posStoreEnabled) return { status: 'skipped', reason: 'pos_store_enabled is off' };
    const companyName = need(ctx.state, 'companyDocName', 'company');
    const posProfile = need(ctx.state, 'posProfile', 'pos_profile');
    const user = ctx.state.adminUser ?? adminUserName(ctx.tenant);
    let extraOpen: string[] = [];
    let action: 'reused' | 'submitted-draft' | 'created' = 'reused';

    const { result: entry } = await converge<{ open: EntryRow[]; drafts: EntryRow[] }, EntryRow>({
      what: `${OPENING_ENTRY} for ${user} on ${posProfile}`,
      retry: writeRetryFrom(ctx),
      read: async () => ({
        open: await findOpenEntries(ctx.erp, user, posProfile),
        drafts: await ctx.erp.getList<EntryRow>(OPENING_ENTRY, {
          fields: ['name', 'status', 'docstatus'],
          filters: [['user', '=', user], ['pos_profile', '=', posProfile], ['docstatus', '=', 0]],
          orderBy: 'creation asc',
        }),
      }),
      done: (s) => {
        extraOpen = s.open.slice(1).map((e) => e.name);
        return s.open[0];
      },
      apply: async (s) => {
        const draft = s.drafts[0];
        if (draft) {
          action = 'submitted-draft';
          await ctx.erp.update(OPENING_ENTRY, draft.name, { docstatus: 1 });
          return undefined; // the next look finds it Open
        }
        action = 'created';
        const system = await ctx.erp.getSingle('System Settings');
        const at = frappeDatetime(ctx.now?.() ?? new Date(), str(system.time_zone) ?? undefined);
        await ctx.erp.insert(OPENING_ENTRY, {
          docstatus: 1,
          period_start_date: at.datetime,
          posting_date: at.date,
          company: companyName,
          pos_profile: posProfile,
          user,
          balance_details: [{ mode_of_payment: CASH_MODE_OF_PAYMENT, opening_amount: 0 }],
        });
        return undefined;
      },
      onPermanentError: (err) => {
        if (isErpNextError(err) && err.code === 'ERP_VALIDATION' && err.hasMessage('Please set default Cash or Bank account in Mode of Payment')) {
          return { reread: false, error: new StepError('CASH_ACCOUNT_MISSING', err.message, { cause: err }) };
        }
        return { reread: false, error: err };
      },
    });
    if (extraOpen.length > 0) ctx.log.warn({ entry: entry.name, extraOpen }, 'several open POS Opening Entries exist; reusing the oldest');
    return {
      status: 'completed',
      output: { posOpeningEntry: entry.name, user, posProfile, action, ...(extraOpen.length ? { otherOpenEntries: extraOpen } : {}) },
      state: { posOpeningEntry: entry.name },
    };
  },
};
