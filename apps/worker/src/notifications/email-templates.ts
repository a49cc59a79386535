import { CUSTOMER_FAILURE_FALLBACK, type CustomerFailureText } from '@provisioner/jobs';

/**
 * The two customer emails of SPEC §8. Plain text and HTML with the same words; every value that
 * came from a request is HTML-escaped in the HTML part.
 */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface SuccessEmailInput {
  companyName: string;
  companyId: string;
  siteUrl: string;
  adminEmail: string;
  /** Null when it was already sent in an earlier email and wiped. */
  adminPassword: string | null;
  partial: boolean;
}

export function renderSuccessEmail(i: SuccessEmailInput): RenderedEmail {
  const password = i.adminPassword ?? '(sent to you in an earlier email)';
  const partialNote = i.partial
    ? `Some optional extras (such as demo data) could not be added; your workspace is fully usable. Reply to this email with the reference ${i.companyId} if you would like them added.`
    : '';
  const lines = [
    `Hello,`,
    ``,
    `Your ERPNext workspace for ${i.companyName} is ready.`,
    ``,
    `Site: ${i.siteUrl}`,
    `Login email: ${i.adminEmail}`,
    `Password: ${password}`,
    ``,
    `Next steps:`,
    `  1. Open ${i.siteUrl} and log in with the email and password above.`,
    `  2. Change your password right away (top-right menu → My Settings → Change Password).`,
    `  3. Invite your team and open the Point of Sale to make your first sale.`,
    ...(partialNote ? ['', partialNote] : []),
    ``,
    `For your security, please change this password after your first login. We keep no copy of it.`,
    ``,
    `Reference: ${i.companyId}`,
  ];
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>Hello,</p>
<p>Your ERPNext workspace for <strong>${escapeHtml(i.companyName)}</strong> is ready.</p>
<table>
<tr><td>Site</td><td><a href="${escapeHtml(i.siteUrl)}">${escapeHtml(i.siteUrl)}</a></td></tr>
<tr><td>Login email</td><td>${escapeHtml(i.adminEmail)}</td></tr>
<tr><td>Password</td><td><code>${escapeHtml(password)}</code></td></tr>
</table>
<p>Next steps:</p>
<ol><li>Open your site and log in with the email and password above.</li>
<li>Change your password right away (top-right menu → My Settings → Change Password).</li>
<li>Invite your team and open the Point of Sale to make your first sale.</li></ol>
${partialNote ? `<p>${escapeHtml(partialNote)}</p>` : ''}
<p><strong>For your security, please change this password after your first login.</strong> We keep no copy of it.</p>
<p style="color:#666">Reference: ${escapeHtml(i.companyId)}</p>
</body></html>`;
  return { subject: `Your Site is Ready: ${i.companyName}`, text: lines.join('\n'), html };
}

export interface FailureEmailInput {
  companyName: string;
  companyId: string;
  /**
   * The failed step in the customer's words (customerFailureText), or null when no step is to blame.
   * There is deliberately no field for an error message: internal error text (ERPNext's answers, SQL,
   * codes, stacks) never reaches a customer; the operator view keeps it.
   */
  failedStep: CustomerFailureText | null;
}

export function renderFailureEmail(i: FailureEmailInput): RenderedEmail {
  const what = i.failedStep ? `${i.failedStep.sentence} (step "${i.failedStep.stepTitle}").` : `${CUSTOMER_FAILURE_FALLBACK}.`;
  const help = `Reply to this email with the reference ${i.companyId} and we will help you finish the setup.`;
  const later = 'Nothing you sent us is lost: the setup can be resumed from where it stopped, and you will receive another email with your login as soon as your workspace is ready.';
  const text = [
    `Hello,`,
    ``,
    `We are sorry: setting up the ERPNext workspace for ${i.companyName} did not complete.`,
    ``,
    what,
    ``,
    help,
    later,
    ``,
    `Reference: ${i.companyId}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>Hello,</p>
<p>We are sorry: setting up the ERPNext workspace for <strong>${escapeHtml(i.companyName)}</strong> did not complete.</p>
<p>${escapeHtml(what)}</p>
<p>${escapeHtml(help)}</p>
<p>${escapeHtml(later)}</p>
<p style="color:#666">Reference: <strong>${escapeHtml(i.companyId)}</strong></p>
</body></html>`;
  return { subject: `Site Provisioning Failed: ${i.companyName}`, text, html };
}
