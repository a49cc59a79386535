/**
 * The parts of the SPEC §3 contract the CLI reads. Declared here rather than imported from
 * apps/api: the CLI is a client of the pinned HTTP contract, not of the api's source, and must keep
 * working against a deployed api of the same contract.
 */
export const COMPANY_STATUSES = ['Draft', 'Queued', 'Provisioning', 'Active', 'Partial', 'Failed'] as const;
export type CompanyStatus = (typeof COMPANY_STATUSES)[number];
export const TERMINAL_STATUSES: readonly string[] = ['Active', 'Partial', 'Failed'];

export interface StepError {
  code: string;
  message: string;
  hint: string;
  retryable: boolean;
}

export interface StepView {
  key: string;
  title: string;
  status: string;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  error: StepError | null;
}

export interface CompanyView {
  company_id: string;
  company_name: string;
  company_abbr: string | null;
  site_name: string;
  site_url: string;
  status: string;
  progress: number;
  steps: StepView[];
  provisioning_started_at: string | null;
  provisioning_completed_at: string | null;
  provisioning_notes: string | null;
  created_at: string;
  updated_at: string;
  admin_email: string;
  domain: string;
  status_url?: string;
  current_run?: { run_no: number; kind: string; status: string } | null;
}

export interface CompanyPage {
  items: CompanyView[];
  next_cursor: string | null;
}

export interface LogEntry {
  id: number;
  at: string;
  run_id: number | null;
  step: string | null;
  type: string;
  message: string;
  data: Record<string, unknown> | null;
}

/** One frame of GET /api/companies/:id/events after the snapshot: a log entry plus the company's state. */
export interface StreamEvent extends LogEntry {
  status: string;
  progress: number;
}

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export interface SuccessEnvelope<T> {
  success: true;
  message: string;
  data: T;
}

export interface ErrorEnvelope {
  success: false;
  error: ErrorBody;
}

export type Envelope<T> = SuccessEnvelope<T> | ErrorEnvelope;

export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.includes(status);
}
