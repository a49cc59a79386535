/**
 * Runs a per-site tenant's setup wizard once, and checks what it really did (FRAPPE_REST_FACTS §7,
 * §10 "The setup wizard").
 *
 * Contract:
 * - The POST goes out with the slow timeout (ctx.slowTimeoutMs, ERPNEXT_SLOW_TIMEOUT_MS): v15 runs
 *   every stage inside the request, 15–22 s on 2 cores and sometimes past gunicorn's 120 s.
 * - MUST NOT POST again while an earlier call may still be running. After a POST that timed out,
 *   dropped, answered a proxy error (no Frappe body) or `{"status":"registered"}` (background), we poll
 *   System Settings `setup_complete` until it is 1 or the window closes. The window is the slow
 *   timeout plus min(slow timeout, 60 s), counted from the POST: by then our client gave up and a
 *   default gunicorn (120 s) killed the request. `wizardPostedAt` goes into the state with every error,
 *   so a retried job polls first as well; only after the window does a retry post again.
 *   A Frappe-rendered 5xx (a body with exc_type) ends the request, so one look decides: complete
 *   (it committed before failing) or rolled back (SETUP_WIZARD_FAILED, retryable: a retry posts again).
 * - A second call after completion answers "ok" and does nothing, and the first "ok" can hide a failed
 *   record stage (make_records swallows the insert error and writes an Error Log "Exception during
 *   Setup"). So after completion we check the outcome, not the answer:
 *     · no Company at all → SETUP_WIZARD_FAILED, quoting the Error Logs' first lines (no stack);
 *     · no Fiscal Year covering today → we create the one the wizard was asked for (the only stage
 *       failure we repair: every later step needs a Fiscal Year, it is one self-contained record, and
 *       v15 drops it silently on bad or swapped dates);
 *     · other Error Logs → reported in the step output; a master we need that is missing fails the
 *       step later (platform_setup turns MASTER_MISSING into SETUP_WIZARD_FAILED with these lines).
 *   The check runs on every run of the step once we posted (it is three reads), so POST /continue
 *   after a fix by hand passes.
 */
import { isErpNextError, type ErpNextClient, type ErpNextError } from '@provisioner/erpnext-client';
import { StepError, withStatePatch } from '../errors/step-error';
import { abortableSleep, ensureDoc, writeRetryFrom } from '../erp/ensure-doc';
import { frappeDatetime } from '../erp/frappe-datetime';
import { DEFAULT_SLOW_TIMEOUT_MS, type StepContext } from '../step';
import { fiscalYearFor } from './setup-wizard';

export const SETUP_COMPLETE_METHOD = 'frappe.desk.page.setup_wizard.setup_wizard.setup_complete';
/** frappe.desk.page.setup_wizard: `make_records` logs a failed insert under this title. */
export const SETUP_ERROR_LOG_TITLE = 'Exception during Setup';

const POLL_FIRST_MS = 1_000;
const POLL_MAX_MS = 10_000;
/**
 * Error Log `creation` is a naive datetime in the site's time zone, which the wizard itself changes;
 * we compare against the POST time minus a day, so no zone or clock skew hides a log. On a tenant's
 * own site every "Exception during Setup" comes from a wizard we ran.
 */
const ERROR_LOG_MARGIN_MS = 24 * 3_600_000;

export interface WizardOutcome {
  /** This attempt POSTed the wizard. */
  posted: boolean;
  /** When the wizard we ran was posted (this attempt or an earlier one); absent when it was not ours. */
  postedAt?: string;
  /** The Fiscal Year covering today, when we checked our wizard's work. */
  fiscalYear?: string;
  /** We created that Fiscal Year because the wizard had not. */
  fiscalYearCreated?: boolean;
  /** First lines of each "Exception during Setup" Error Log since the POST (empty when none). */
  errorLogs: string[];
}

/** How long after a POST a call may still be running: the slow timeout plus min(it, 60 s). */
export function wizardWindowMs(slowTimeoutMs: number): number {
  return slowTimeoutMs + Math.min(slowTimeoutMs, 60_000);
}

/**
 * Completes the setup wizard of the tenant's site unless it is complete, then checks its outcome if
 * the wizard was ours. `buildArgs` is called only when we are about to POST (it needs the password).
 */
export async function ensureSetupWizard(ctx: StepContext, erp: ErpNextClient, buildArgs: () => Record<string, unknown>): Promise<WizardOutcome> {
  const site = ctx.tenant.siteName;
  const slowMs = ctx.slowTimeoutMs ?? DEFAULT_SLOW_TIMEOUT_MS;
  const windowMs = wizardWindowMs(slowMs);
  const earlier = parseTime(ctx.state.wizardPostedAt);
  let postedAt = earlier;
  let posted = false;
  try {
    let complete = await isComplete(erp);
    if (!complete && earlier !== undefined && Date.now() < earlier + windowMs) {
      ctx.log.info({ site, postedAt: iso(earlier) }, 'an earlier setup wizard call may still be running: polling setup_complete instead of posting');
      complete = await pollComplete(ctx, erp, earlier + windowMs);
      if (!complete) {
        throw new StepError('SETUP_WIZARD_RUNNING', `the setup wizard of ${site} posted at ${iso(earlier)} has not completed within ${Math.round(windowMs / 1000)} s; the next try posts it again`);
      }
    }
    if (!complete) {
      const args = buildArgs();
      postedAt = Date.now();
      posted = true;
      let reply: PostAnswer;
      try {
        reply = await postWizard(ctx, erp.with({ timeoutMs: slowMs }), args);
      } catch (err) {
        // Refused or never delivered: nothing of this POST runs on the server.
        postedAt = earlier;
        throw err;
      }
      const answer = reply.answer;
      complete = answer !== 'unknown' && answer !== 'registered' && (await isComplete(erp));
      if (!complete && reply.answer === 'over') {
        // Frappe answered the error itself, so the request is over and rolled back: nothing to wait for.
        postedAt = earlier;
        throw new StepError('SETUP_WIZARD_FAILED', `the setup wizard of ${site} failed with a server error and was rolled back: ${reply.error.message}`, {
          retryable: true,
          cause: reply.error,
          hint: 'ERPNext answered the setup wizard with a server error and rolled it back. The step posts it again by itself; if it keeps failing, read the site\'s Error Log ("Setup failed: …") and web server log, fix the cause, then POST /continue.',
        });
      }
      if (!complete) {
        ctx.log.info({ site, answer }, 'waiting for the setup wizard: polling setup_complete');
        complete = await pollComplete(ctx, erp, postedAt + windowMs);
      }
      if (!complete) {
        throw new StepError(
          'SETUP_WIZARD_RUNNING',
          answer === 'registered'
            ? `the setup wizard of ${site} runs in the background (trigger_site_setup_in_background) and has not completed within ${Math.round(windowMs / 1000)} s`
            : `the setup wizard of ${site} has not completed within ${Math.round(windowMs / 1000)} s of its POST (${answer === 'ok' ? 'it answered ok' : 'no clear answer'})`,
        );
      }
    }
    if (postedAt === undefined) return { posted: false, errorLogs: [] };
    return { posted, postedAt: iso(postedAt), ...(await verifyWizard(ctx, erp, postedAt)) };
  } catch (err) {
    throw postedAt !== undefined ? withStatePatch(err, { wizardPostedAt: iso(postedAt) }) : err;
  }
}

/**
 * One POST. 'ok'/'registered' are the answers; 'unknown' means it may still run (timeout, dropped,
 * a proxy's 5xx without a Frappe body); 'over' means Frappe itself answered 5xx (a body with
 * exc_type), so the request has ended — committed or rolled back, one look tells.
 */
type PostAnswer = { answer: 'ok' | 'registered' | 'unknown' } | { answer: 'over'; error: ErpNextError };

async function postWizard(ctx: StepContext, slowErp: ErpNextClient, args: Record<string, unknown>): Promise<PostAnswer> {
  const site = ctx.tenant.siteName;
  try {
    const res = await slowErp.callMethod<{ status?: string } | undefined>(SETUP_COMPLETE_METHOD, { args });
    return { answer: res?.status === 'registered' ? 'registered' : 'ok' };
  } catch (err) {
    if (!isErpNextError(err)) throw err;
    if (err.code === 'ERP_VALIDATION') {
      throw new StepError('SETUP_WIZARD_FAILED', `the setup wizard of ${site} failed: ${err.message}`, { cause: err });
    }
    if (err.ambiguous) {
      const over = err.status !== undefined && err.status >= 500 && err.excType !== undefined;
      ctx.log.warn({ site, code: err.code, status: err.status }, over ? 'the setup wizard answered a server error' : 'the setup wizard call ended without an answer; it may still be running');
      return over ? { answer: 'over', error: err } : { answer: 'unknown' };
    }
    throw err;
  }
}

async function isComplete(erp: ErpNextClient): Promise<boolean> {
  const v = (await erp.getSingle('System Settings')).setup_complete;
  return v === true || v === 1 || v === '1';
}

/** Polls setup_complete with growing waits (1 s … 10 s) until it is 1 or `untilMs` passes. */
async function pollComplete(ctx: StepContext, erp: ErpNextClient, untilMs: number): Promise<boolean> {
  // Real waits on purpose (not ctx.sleep, which tests skip): we wait for another process's work.
  const sleep = abortableSleep(ctx.signal);
  let wait = POLL_FIRST_MS;
  for (;;) {
    const left = untilMs - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(wait, left));
    wait = Math.min(POLL_MAX_MS, Math.round(wait * 1.5));
    try {
      if (await isComplete(erp)) return true;
    } catch (err) {
      // A busy site may fail a read while the wizard holds it; keep looking until the window closes.
      if (!(isErpNextError(err) && err.retryable)) throw err;
      ctx.log.warn({ site: ctx.tenant.siteName, code: err.code }, 'could not read setup_complete; polling on');
    }
  }
}

async function verifyWizard(ctx: StepContext, erp: ErpNextClient, postedAt: number): Promise<Omit<WizardOutcome, 'posted' | 'postedAt'>> {
  const site = ctx.tenant.siteName;
  const errorLogs = await wizardErrorLogs(ctx, erp, postedAt);
  // The wizard creates the Company only when the site has none, so "any Company" is the right look.
  const companies = await erp.getList('Company', { fields: ['name'], limit: 1 });
  if (companies.length === 0) {
    throw new StepError('SETUP_WIZARD_FAILED', `the setup wizard of ${site} answered ok but created no Company "${ctx.tenant.companyName}"${quoteLogs(errorLogs)}`);
  }
  const fy = await ensureFiscalYear(ctx, erp, errorLogs);
  if (errorLogs.length > 0) ctx.log.warn({ site, errorLogs }, 'the setup wizard logged record failures');
  return { ...fy, errorLogs };
}

async function ensureFiscalYear(ctx: StepContext, erp: ErpNextClient, errorLogs: string[]): Promise<{ fiscalYear: string; fiscalYearCreated: boolean }> {
  const now = ctx.now?.() ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const fy = fiscalYearFor(ctx.tenant.country, now);
  const year = fy.start.slice(0, 4) === fy.end.slice(0, 4) ? fy.start.slice(0, 4) : `${fy.start.slice(0, 4)}-${fy.end.slice(0, 4)}`;
  const { doc, created } = await ensureDoc<{ name: string }>({
    what: `Fiscal Year ${year} on ${ctx.tenant.siteName}`,
    retry: writeRetryFrom(ctx),
    find: async () =>
      (
        await erp.getList<{ name: string }>('Fiscal Year', {
          fields: ['name'],
          filters: [['year_start_date', '<=', today], ['year_end_date', '>=', today], ['disabled', '=', 0]],
          limit: 1,
        })
      )[0] ?? null,
    create: () => erp.insert<{ name: string }>('Fiscal Year', { year, year_start_date: fy.start, year_end_date: fy.end }),
    mapError: (err) =>
      new StepError('SETUP_WIZARD_FAILED', `the setup wizard of ${ctx.tenant.siteName} left no Fiscal Year for ${today}, and creating ${year} failed: ${err instanceof Error ? err.message : String(err)}${quoteLogs(errorLogs)}`, { cause: err }),
  });
  if (created) ctx.log.warn({ site: ctx.tenant.siteName, fiscalYear: doc.name }, 'the setup wizard created no Fiscal Year for today: created it');
  return { fiscalYear: doc.name, fiscalYearCreated: created };
}

/** "Exception during Setup" Error Logs since the POST, each cut to its first meaningful lines. */
async function wizardErrorLogs(ctx: StepContext, erp: ErpNextClient, postedAt: number): Promise<string[]> {
  const since = frappeDatetime(new Date(postedAt - ERROR_LOG_MARGIN_MS), 'UTC').datetime;
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await erp.getList<Record<string, unknown>>('Error Log', {
      fields: ['name', 'error'],
      filters: [['method', '=', SETUP_ERROR_LOG_TITLE], ['creation', '>=', since]],
      orderBy: 'creation asc',
      limit: 5,
    });
  } catch (err) {
    // The outcome checks still run; the logs only explain them.
    if (isErpNextError(err) && !err.retryable) {
      ctx.log.warn({ site: ctx.tenant.siteName, code: err.code }, 'could not read the Error Log');
      return [];
    }
    throw err;
  }
  const secrets = [ctx.adminPassword()].filter((s): s is string => Boolean(s));
  return rows.map((r) => summarizeErrorLog(typeof r.error === 'string' ? r.error : '', secrets)).filter((s) => s.length > 0);
}

/**
 * The first lines of an Error Log worth showing an operator: a Python traceback's frames are dropped
 * (no stack to customers), the exception lines kept without their module path, secrets masked.
 */
export function summarizeErrorLog(text: string, secrets: readonly string[] = [], max = 240): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0 && !/^\s/.test(l) && !/^Traceback \(most recent call last\)/.test(l) && !/^During handling of the above exception/.test(l) && !/^The above exception was the direct cause/.test(l))
    .map((l) => l.trim().replace(/^(?:[a-z_][a-z0-9_]*\.)+(?=[A-Z]\w*:)/, ''));
  let out = lines.slice(0, 2).join(' / ');
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

export function quoteLogs(logs: readonly string[]): string {
  return logs.length > 0 ? `; ERPNext logged "${SETUP_ERROR_LOG_TITLE}": ${logs.slice(0, 2).join('; ')}` : '';
}

function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
