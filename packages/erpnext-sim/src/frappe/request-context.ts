import type { BackgroundJob, DocContext, MsgprintOptions, SiteView, TimedOperation } from '../model/meta';
import { generateHash } from '../util';
import { FrappeError } from './exceptions';
import type { ServerMessage } from './server-messages';

/**
 * What `frappe.local` holds for one request: the site, the session user, the message log that
 * becomes `_server_messages`, extra response keys (login's `home_page`, the wizard's
 * `setup_wizard_failure_message`), `frappe.flags.error_message` and cookies to set.
 */
export class RequestContext implements DocContext {
  readonly messages: ServerMessage[] = [];
  readonly response: Record<string, unknown> = {};
  readonly setCookies: string[] = [];
  errorMessage: string | undefined;
  inSetupWizard = false;
  sid: string | undefined;
  /** Per-request memo (roles of the session user, ...). */
  readonly cache = new Map<string, unknown>();
  snapshotSeq: number | undefined;
  spendTime: ((op: TimedOperation, subject: string) => void) | undefined;
  enqueue: ((job: BackgroundJob) => void) | undefined;
  inBackgroundJob = false;

  constructor(
    readonly site: SiteView,
    public user: string,
  ) {}

  /** `frappe.msgprint`; keys in the order Frappe adds them. */
  msgprint(message: string, options: MsgprintOptions = {}): void {
    const out: ServerMessage = { message, title: options.title ?? 'Message' };
    const indicator = options.indicator ?? (options.raiseException ? 'red' : undefined);
    if (indicator) out.indicator = indicator;
    if (options.raiseException) {
      out.raise_exception = 1;
      out.__frappe_exc_id = generateHash();
    }
    this.messages.push(out);
  }

  /** `frappe.throw`: a red message in the log, then the exception. */
  throw(message: string, excType = 'ValidationError', options: { title?: string } = {}): never {
    this.msgprint(message, { title: options.title, raiseException: true });
    throw new FrappeError(excType, message);
  }

  clearLastMessage(): void {
    this.messages.pop();
  }

  get isGuest(): boolean {
    return this.user === 'Guest';
  }
}
