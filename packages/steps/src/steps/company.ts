/**
 * company — the tenant's Company exists, with an abbreviation ERPNext accepted (SPEC §6).
 *
 * Touches: Company (list, insert); shared mode: User Permission (list, insert) restricting the
 * tenant's login user to this company. ERPNext's Company.on_update imports the chart of accounts and
 * creates "All Warehouses - ABBR", the "Main - ABBR" cost center and the company defaults.
 * Idempotent: lists the companies first (by company_name, case-insensitively as MariaDB compares) and
 * adopts ours — marked by `company_description` "Provisioned by erpnext-provisioner for COMP-…", or
 * any company of that name in per-site mode, where the site is the tenant's own (the setup wizard
 * created it). After an ambiguous POST it lists again before posting again. Abbreviation candidates
 * skip the abbreviations existing companies hold and the ones ERPNext already refused
 * (state.triedAbbreviations); a 417 "Abbreviation already used for another company" moves to the
 * next candidate and is recorded, so no candidate is ever tried twice.
 * Concurrency: the insert runs under the site lock (erp/site-lock.ts), because ERPNext v15's
 * Company.on_update appends to the shared Mode of Payment "Cash" and overlapping inserts fail with
 * "Could not find Row #N: Default Account: Cash - …"; if it still happens (a company created by hand
 * at the same moment) it is ERP_CONCURRENT_CONFLICT, retried with jittered backoff, never permanent.
 * Raises: COMPANY_NAME_TAKEN (a company of that name that is not ours), ABBREVIATION_EXHAUSTED,
 * VALIDATION_MISMATCH (our company exists without an abbreviation), the ERP_* codes (ERP_VALIDATION
 * for other 417s, e.g. an unknown chart_of_accounts).
 */
import { isErpNextError } from '@provisioner/erpnext-client';
import { abbreviationCandidates, normalizeAbbreviation } from '../abbreviation/abbreviation-candidates';
import { StepError, withStatePatch } from '../errors/step-error';
import { ensureDoc, writeRetryFrom } from '../erp/ensure-doc';
import { adminUserName, companyMarker, isMarkedOurs } from '../erp/names';
import { ensureCompanyPermission } from '../erp/user-permission';
import type { Step, StepContext, StepResult } from '../step';

interface CompanyRow extends Record<string, unknown> {
  name: string;
  abbr?: string;
  company_name?: string;
  company_description?: string;
}

const ABBR_TAKEN = 'Abbreviation already used for another company';
/** A Company insert imports the whole chart: 1.5–2.1 s on a real 2-core site, far more under load. */
const DEFAULT_SLOW_TIMEOUT_MS = 300_000;

export const company: Step = {
  key: 'company',
  async run(ctx: StepContext): Promise<StepResult> {
    const result = await ensureCompany(ctx);
    if (result.status !== 'completed' || ctx.tenant.siteMode !== 'shared') return result;
    // Shared mode: the tenant's login user sees its own company's records only.
    const user = ctx.state.adminUser ?? adminUserName(ctx.tenant);
    const companyName = String(result.state?.companyDocName ?? ctx.tenant.companyName);
    const permission = await ensureCompanyPermission(ctx, user, companyName);
    return { ...result, output: { ...result.output, userPermission: permission.name, userPermissionCreated: permission.created } };
  },
};

async function ensureCompany(ctx: StepContext): Promise<StepResult> {
  const t = ctx.tenant;
  const tried = new Set((ctx.state.triedAbbreviations ?? []).map((a) => a.toUpperCase()));
  const listCompanies = () => ctx.erp.getList<CompanyRow>('Company', { fields: ['name', 'abbr', 'company_name', 'company_description'] });
  const sameName = (row: CompanyRow) => [row.name, row.company_name].some((n) => typeof n === 'string' && n.trim().toLowerCase() === t.companyName.trim().toLowerCase());
  const findMine = async () => (await listCompanies()).find(sameName) ?? null;

  const rows = await listCompanies();
  const existing = rows.find(sameName);
  if (existing) return adopt(ctx, existing, false, tried);

  const taken = new Set([...rows.map((r) => (r.abbr ?? '').toUpperCase()).filter(Boolean), ...tried]);
  const candidates = abbreviationCandidates(t.companyName, { requested: t.requestedAbbr, taken, seed: t.companyId });
  const retry = writeRetryFrom(ctx);
  const slow = ctx.erp.with({ timeoutMs: ctx.slowTimeoutMs ?? DEFAULT_SLOW_TIMEOUT_MS });
  const triedBefore = tried.size;
  // Whatever ends this run early, the refused candidates are kept for the next attempt.
  const remember = (err: unknown) => (tried.size > triedBefore ? withStatePatch(err, { triedAbbreviations: [...tried] }) : err);
  for (const abbr of candidates) {
    if (tried.has(abbr)) continue;
    try {
      // One Company insert per site at a time (erp/site-lock.ts): overlapping inserts race inside
      // ERPNext on Mode of Payment "Cash". The insert builds the whole chart: it gets the slow timeout.
      const { doc, created } = await ctx.withSiteLock(`insert Company ${t.companyName}`, () => ensureDoc<CompanyRow>({
        what: `Company ${t.companyName} (${abbr})`,
        retry,
        find: findMine,
        create: () =>
          slow.insert<CompanyRow>('Company', {
            company_name: t.companyName,
            abbr,
            default_currency: t.defaultCurrency,
            country: t.country,
            create_chart_of_accounts_based_on: 'Standard Template',
            chart_of_accounts: t.chartOfAccounts,
            company_description: companyMarker(t.companyId),
          }),
      }));
      return adopt(ctx, doc, created, tried);
    } catch (err) {
      if (isErpNextError(err) && err.code === 'ERP_VALIDATION' && err.hasMessage(ABBR_TAKEN)) {
        tried.add(abbr);
        ctx.log.info({ abbr }, 'ERPNext refused the abbreviation; trying the next candidate');
        continue;
      }
      throw remember(err);
    }
  }
  throw remember(
    new StepError('ABBREVIATION_EXHAUSTED', `ERPNext refused or already holds every abbreviation generated for "${t.companyName}" (${[...tried].join(', ') || 'none tried'})`),
  );
}

function adopt(ctx: StepContext, row: CompanyRow, created: boolean, tried: Set<string>): StepResult {
  const t = ctx.tenant;
  const ours = isMarkedOurs(row.company_description, t.companyId) || t.siteMode === 'per-site';
  if (!ours) {
    throw new StepError('COMPANY_NAME_TAKEN', `ERPNext already has a Company "${row.name}" (abbr ${row.abbr ?? '?'}) that was not provisioned for ${t.companyId}`, {
      hint: `The shared site already holds a company named "${row.name}" that is not this tenant's (its description lacks "${companyMarker(t.companyId)}"). Rename that company in ERPNext, or create this tenant with another company_name; then POST /continue.`,
    });
  }
  const abbr = row.abbr;
  if (!abbr) {
    throw new StepError('VALIDATION_MISMATCH', `Company "${row.name}" exists but has no abbreviation`, { hint: 'Set the abbreviation of the company in ERPNext, then POST /continue.' });
  }
  const requested = t.requestedAbbr ? normalizeAbbreviation(t.requestedAbbr) : null;
  if (requested && requested !== abbr) ctx.log.warn({ requested, abbr }, 'the requested abbreviation was taken; using another');
  ctx.log.info({ company: row.name, abbr, created }, created ? 'company created' : 'company found');
  const triedAbbreviations = [...tried];
  return {
    status: 'completed',
    output: { company: row.name, abbr, created, ...(requested ? { requestedAbbr: requested } : {}), triedAbbreviations },
    state: { abbr, companyDocName: row.name, triedAbbreviations },
  };
}
