import type { ErpErrorCode } from '@provisioner/erpnext-client';

/**
 * Every code a step can raise, with the hint an operator acts on: what broke, what to check, then
 * continue or retry (seed 001's resolution guide as data). docs/error-codes.md is generated from it.
 */
export interface CatalogEntry {
  retryable: boolean;
  hint: string;
}

export const DOMAIN_ERROR_CODES = [
  'INTERNAL_ERROR',
  'DEADLINE_EXCEEDED',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];
export type ErrorCode = DomainErrorCode | ErpErrorCode;

export const ERROR_CATALOG: Readonly<Record<ErrorCode, CatalogEntry>> = {
  INTERNAL_ERROR: { retryable: false, hint: 'An unexpected error in the provisioner itself. Check the worker logs for this company id, fix the cause, then POST /continue.' },
  DEADLINE_EXCEEDED: { retryable: false, hint: 'The run took longer than its deadline (RUN_DEADLINE_MS). Check that ERPNext answers and the workers are running, then POST /continue.' },
  ERP_UNREACHABLE: { retryable: true, hint: 'ERPNext did not accept the connection. Check ERPNEXT_URL and that the ERPNext web server is up; the step retries by itself, then POST /continue.' },
  ERP_TIMEOUT: { retryable: true, hint: 'ERPNext did not answer in time. Check its load and workers; the step retries by itself, then POST /continue.' },
  ERP_CONNECTION_DROPPED: { retryable: true, hint: 'The connection to ERPNext closed mid-request. Check the proxy in front of ERPNext; the step looks again before it writes again, so POST /continue is safe.' },
  ERP_RATE_LIMITED: { retryable: true, hint: 'ERPNext rate-limited us (429). The step waits as long as Retry-After asks; raise the site rate_limit or lower WORKER_CONCURRENCY if it persists.' },
  ERP_UNAVAILABLE: { retryable: true, hint: 'ERPNext is in maintenance or read-only mode (503). Wait for the migration or update to finish, then POST /continue.' },
  ERP_DEADLOCK: { retryable: true, hint: 'ERPNext hit a database deadlock or lock timeout and rolled back. The step retries by itself; if it persists, check long-running jobs on the ERPNext database.' },
  ERP_SERVER_ERROR: { retryable: true, hint: 'ERPNext answered with a server error. Check the ERPNext error log; the step looks again before retrying, then POST /continue.' },
  ERP_BAD_RESPONSE: { retryable: true, hint: 'ERPNext answered with something that is not its JSON API (a proxy page?). Check ERPNEXT_URL points at the site, not a login page or a proxy.' },
  ERP_TIMESTAMP_MISMATCH: { retryable: true, hint: 'The document changed in ERPNext while we were saving it. The step re-reads and retries by itself.' },
  ERP_AUTH_FAILED: { retryable: false, hint: 'ERPNext refused our credentials (401). Check ERPNEXT_API_KEY/ERPNEXT_API_SECRET (or the per-site keys), then POST /continue.' },
  ERP_PERMISSION_DENIED: { retryable: false, hint: 'Our ERPNext user lacks a permission (403). Give the API user the System Manager role, then POST /continue.' },
  ERP_NOT_FOUND: { retryable: false, hint: 'A document or method we need does not exist in ERPNext. Check that ERPNext (not only Frappe) is installed on the site, then POST /continue.' },
  ERP_DUPLICATE: { retryable: false, hint: 'ERPNext already has a document with this name that is not this tenant\'s. Rename or remove it in ERPNext, then POST /continue.' },
  ERP_VALIDATION: { retryable: false, hint: 'ERPNext rejected the data (417). Read the message, fix the data or the ERPNext setup it names, then POST /continue.' },
  ERP_BAD_REQUEST: { retryable: false, hint: 'ERPNext rejected the request as malformed (400). This is a provisioner bug: report it with the company id.' },
};
