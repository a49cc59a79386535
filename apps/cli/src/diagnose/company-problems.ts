import type { ApiClient } from '../api-client';
import type { CompanyPage, CompanyView, LogEntry } from '../api-types';
import { firstFailedStep, repairFor, type Repair } from '../repair';

/** Why `diagnose` lists a company. */
export type ProblemKind = 'failed' | 'partial' | 'stuck';

export interface CompanyProblem {
  company_id: string;
  company_name: string;
  status: string;
  problem: ProblemKind;
  /** The first failed step of the latest run (null for a stuck company that has none). */
  step: string | null;
  step_title: string | null;
  code: string | null;
  message: string | null;
  hint: string | null;
  retryable: boolean | null;
  last_event_at: string | null;
  idle_minutes: number | null;
  repair: Repair;
}

/** Thrown when the API refuses a read; `diagnose` reports it instead of guessing. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const PAGE = 100;
/** More than this many companies in one status is a fleet-level incident; the first ones suffice. */
const MAX_PER_STATUS = 500;

async function listByStatus(client: ApiClient, status: string): Promise<CompanyView[]> {
  const out: CompanyView[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?status=${status}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await client.request<CompanyPage>('GET', `/api/companies${query}`);
    if (!res.envelope.success) throw new ApiRefusal(res.status, res.envelope.error.code, res.envelope.error.message);
    out.push(...res.envelope.data.items);
    cursor = res.envelope.data.next_cursor;
  } while (cursor && out.length < MAX_PER_STATUS);
  return out;
}

async function lastEventAt(client: ApiClient, companyId: string): Promise<string | null> {
  const res = await client.request<LogEntry[]>('GET', `/api/companies/${encodeURIComponent(companyId)}/logs`);
  if (!res.envelope.success) throw new ApiRefusal(res.status, res.envelope.error.code, res.envelope.error.message);
  return res.envelope.data.at(-1)?.at ?? null;
}

/** The latest moment the view itself shows activity; a lower bound for the last event. */
function lastActivityInView(view: CompanyView): number {
  const times = [view.updated_at, ...view.steps.flatMap((s) => [s.started_at, s.finished_at])]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return Math.max(0, ...times);
}

function problemOf(view: CompanyView, kind: ProblemKind, lastAt: string | null, now: number): CompanyProblem {
  const failed = firstFailedStep(view);
  const repair = repairFor(view, kind === 'stuck');
  return {
    company_id: view.company_id,
    company_name: view.company_name,
    status: view.status,
    problem: kind,
    step: failed?.key ?? null,
    step_title: failed?.title ?? null,
    code: failed?.error?.code ?? null,
    message: failed?.error?.message ?? (kind === 'failed' ? view.provisioning_notes : null),
    hint: failed?.error?.hint ?? null,
    retryable: failed?.error?.retryable ?? null,
    last_event_at: lastAt,
    idle_minutes: lastAt ? Math.floor((now - Date.parse(lastAt)) / 60_000) : null,
    // repairFor answers for every kind listed here; the fallback only satisfies the type.
    repair: repair ?? { kind: 'continue', command: `npx provision continue ${view.company_id}`, first: null },
  };
}

/**
 * The problem with one company, or null. Queued/Provisioning counts as stuck when its last event
 * (from /logs) is older than `staleMs`; the view's own timestamps rule most companies out first, so
 * a busy fleet costs one /logs read per quiet company only.
 */
export async function diagnoseCompany(client: ApiClient, view: CompanyView, staleMs: number, now = Date.now()): Promise<CompanyProblem | null> {
  if (view.status === 'Failed') return problemOf(view, 'failed', null, now);
  if (view.status === 'Partial') return problemOf(view, 'partial', null, now);
  if (view.status !== 'Queued' && view.status !== 'Provisioning') return null;
  if (now - lastActivityInView(view) <= staleMs) return null;
  const lastAt = await lastEventAt(client, view.company_id);
  const last = lastAt ? Date.parse(lastAt) : Date.parse(view.created_at);
  if (now - last <= staleMs) return null;
  return problemOf(view, 'stuck', lastAt, now);
}

/** Every Failed, Partial and stuck company, Failed first, each status newest first. */
export async function findCompanyProblems(client: ApiClient, staleMs: number, now = Date.now()): Promise<CompanyProblem[]> {
  const problems: CompanyProblem[] = [];
  for (const status of ['Failed', 'Partial', 'Provisioning', 'Queued']) {
    for (const view of await listByStatus(client, status)) {
      const problem = await diagnoseCompany(client, view, staleMs, now);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}
