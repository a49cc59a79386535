import type { CompanyStatus, StepStatus } from '@provisioner/db';
import type { CompanyView } from '../companies/company-view';

/**
 * What the public status page may show: no emails, no password, no tokens, no internal notes or
 * error messages (which can quote ERPNext responses) — only the error code and the hint.
 */
export interface PublicStatusView {
  company_id: string;
  company_name: string;
  site_url: string;
  status: CompanyStatus;
  progress: number;
  steps: Array<{ key: string; title: string; status: StepStatus; error: { code: string; hint: string } | null }>;
}

export function toPublicView(view: CompanyView): PublicStatusView {
  return {
    company_id: view.company_id,
    company_name: view.company_name,
    site_url: view.site_url,
    status: view.status,
    progress: view.progress,
    steps: view.steps.map((s) => ({
      key: s.key,
      title: s.title,
      status: s.status,
      error: s.status === 'failed' && s.error ? { code: s.error.code, hint: s.error.hint } : null,
    })),
  };
}
