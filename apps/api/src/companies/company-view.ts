import {
  getCompany,
  getRun,
  getRunsByIds,
  latestStepRows,
  latestStepRowsByCompany,
  type CompanyRow,
  type CompanyStatus,
  type Database,
  type RunKind,
  type RunRow,
  type RunStatus,
  type RunStepRow,
  type StepErrorJson,
  type StepKeyValue,
  type StepStatus,
} from '@provisioner/db';
import { STEP_KEYS, stepTitle, type StepKey } from '@provisioner/jobs';

export interface StepView {
  key: StepKey;
  title: string;
  status: StepStatus;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  error: StepErrorJson | null;
}

/** SPEC §3 CompanyView. Never carries the admin password (nor its ciphertext). */
export interface CompanyView {
  company_id: string;
  company_name: string;
  company_abbr: string | null;
  site_name: string;
  site_url: string;
  status: CompanyStatus;
  progress: number;
  steps: StepView[];
  provisioning_started_at: string | null;
  provisioning_completed_at: string | null;
  provisioning_notes: string | null;
  created_at: string;
  updated_at: string;
  admin_email: string;
  default_currency: string;
  country: string;
  domain: string;
  notify_email: string;
  include_demo_data: boolean;
  pos_store_enabled: boolean;
  chart_of_accounts: string;
  status_url: string;
  current_run: { run_no: number; kind: RunKind; status: RunStatus } | null;
}

export const TERMINAL_STATUSES: readonly CompanyStatus[] = ['Active', 'Partial', 'Failed'];

export function isTerminalStatus(status: CompanyStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Turns a company id into its public status page URL (needs SECRET_KEY, so it is passed in). */
export type StatusUrlFor = (companyId: string) => string;

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

/** All eleven steps in run order; a step no run has reached yet shows as pending. */
export function buildStepViews(latest: ReadonlyMap<StepKeyValue, RunStepRow>): StepView[] {
  return STEP_KEYS.map((key) => {
    const row = latest.get(key);
    return {
      key,
      title: stepTitle(key),
      status: row?.status ?? 'pending',
      attempts: row?.attempts ?? 0,
      started_at: iso(row?.startedAt ?? null),
      finished_at: iso(row?.finishedAt ?? null),
      error: row?.error ?? null,
    };
  });
}

export function buildCompanyView(
  company: CompanyRow,
  latest: ReadonlyMap<StepKeyValue, RunStepRow>,
  currentRun: RunRow | null,
  statusUrlFor: StatusUrlFor,
): CompanyView {
  return {
    company_id: company.id,
    company_name: company.companyName,
    company_abbr: company.companyAbbr ?? company.requestedAbbr ?? null,
    site_name: company.siteName,
    site_url: company.siteUrl,
    status: company.status,
    progress: company.progress,
    steps: buildStepViews(latest),
    provisioning_started_at: iso(company.provisioningStartedAt),
    provisioning_completed_at: iso(company.provisioningCompletedAt),
    provisioning_notes: company.provisioningNotes,
    created_at: company.createdAt.toISOString(),
    updated_at: company.updatedAt.toISOString(),
    admin_email: company.adminEmail,
    default_currency: company.defaultCurrency,
    country: company.country,
    domain: company.domain,
    notify_email: company.notifyEmail,
    include_demo_data: company.includeDemoData,
    pos_store_enabled: company.posStoreEnabled,
    chart_of_accounts: company.chartOfAccounts,
    status_url: statusUrlFor(company.id),
    current_run: currentRun ? { run_no: currentRun.runNo, kind: currentRun.kind, status: currentRun.status } : null,
  };
}

/** Reads what the view needs for one company (3 queries); null when the company does not exist. */
export async function loadCompanyView(db: Database, companyId: string, statusUrlFor: StatusUrlFor): Promise<CompanyView | null> {
  const company = await getCompany(db, companyId);
  return company ? viewOfCompany(db, company, statusUrlFor) : null;
}

export async function viewOfCompany(db: Database, company: CompanyRow, statusUrlFor: StatusUrlFor): Promise<CompanyView> {
  const [latest, run] = await Promise.all([
    latestStepRows(db, company.id),
    company.currentRunId === null ? Promise.resolve(null) : getRun(db, company.currentRunId),
  ]);
  return buildCompanyView(company, latest, run, statusUrlFor);
}

/** Views of a page of companies in two queries, whatever the page size. */
export async function viewsOfCompanies(db: Database, list: readonly CompanyRow[], statusUrlFor: StatusUrlFor): Promise<CompanyView[]> {
  const runIds = list.flatMap((c) => (c.currentRunId === null ? [] : [c.currentRunId]));
  const [steps, runsById] = await Promise.all([
    latestStepRowsByCompany(
      db,
      list.map((c) => c.id),
    ),
    getRunsByIds(db, runIds),
  ]);
  return list.map((c) =>
    buildCompanyView(c, steps.get(c.id) ?? new Map(), c.currentRunId === null ? null : (runsById.get(c.currentRunId) ?? null), statusUrlFor),
  );
}
