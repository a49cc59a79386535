import type { CompanyStatus, StepStatus } from '@provisioner/db';
import { customerFailureText } from '@provisioner/jobs';
import type { CompanyView } from '../companies/company-view';

/**
 * What the public status page may show: no emails, no password, no tokens, no internal notes, and no
 * error details at all — a stored message can quote ERPNext, SQL or a stack, and a code or an
 * operator's hint means nothing to a customer. A failed step says what failed in plain words
 * (customerFailureText); the operator view (GET /api/companies/:id) keeps the details.
 */
export interface PublicStatusView {
  company_id: string;
  company_name: string;
  site_url: string;
  status: CompanyStatus;
  progress: number;
  steps: Array<{ key: string; title: string; status: StepStatus; problem: string | null }>;
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
      problem: s.status === 'failed' ? `${customerFailureText(s.key)?.sentence ?? 'This step could not be finished'}.` : null,
    })),
  };
}
