import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type pino from 'pino';
import {
  beginStep,
  completeStep,
  failOverdueRuns,
  failStep,
  finishRun,
  recordStepRetry,
  type CompanyErpState,
  type EmailKind,
  type Database,
  type SecretBox,
} from '@provisioner/db';
import type { ErpNextClient } from '@provisioner/erpnext-client';
import { STEP_CATALOG, stepJobDataSchema, type StepKey } from '@provisioner/jobs';
import { classifyError, ERROR_CATALOG, STEPS, type BenchRunner, type SiteLockRunner, type Step, type StepContext, type TenantSpec } from '@provisioner/steps';
import { RetryLaterError, stepRetryDelay } from './backoff';
import { clientForCompany } from './erp-clients';
import { STEP_WEIGHTS } from './step-weights';
import type { WorkerMetrics } from './metrics';

export interface StepProcessorDeps {
  db: Database;
  secrets: SecretBox;
  baseClient: ErpNextClient;
  bench: BenchRunner | null;
  /** The lock for a site's shared documents (site-lock.ts), bound to a step's abort signal. */
  siteLock: (site: string, signal: AbortSignal) => SiteLockRunner;
  /** The lock name of the shared site (shared mode); per-site tenants lock their own site name. */
  sharedSiteKey: string;
  logger: pino.Logger;
  backoffScale: number;
  /** ERPNEXT_SLOW_TIMEOUT_MS: the per-request timeout of the setup wizard and the Company insert. */
  slowTimeoutMs?: number;
  /** Puts an outbox row's email job in the notifications queue. */
  enqueueEmail(outboxId: number, companyId: string, kind: EmailKind): Promise<void>;
  metrics: WorkerMetrics;
  /** Replaceable in tests; the registry of the real steps by default. */
  steps?: Record<StepKey, Step>;
}

/**
 * Runs one step job: re-parse the ids from Redis, claim the step in Postgres, run it, record the
 * outcome. Retryable failures with tries left go back to BullMQ with our computed delay; a terminal
 * failure is recorded here, before BullMQ hears of it, and becomes UnrecoverableError so BullMQ does
 * not retry what we decided is final.
 */
export function createStepProcessor(deps: StepProcessorDeps) {
  const steps = deps.steps ?? STEPS;
  return async function processStep(job: Job): Promise<Record<string, unknown>> {
    const parsed = stepJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('malformed step job data');
    const { companyId, runId, stepKey } = parsed.data;
    const log = deps.logger.child({ companyId, runId, step: stepKey, jobId: job.id });

    const begin = await beginStep(deps.db, runId, stepKey);
    if (begin.kind === 'skip') {
      log.info({ reason: begin.reason }, 'step job not run');
      return { skipped: begin.reason };
    }
    const { company, run } = begin;
    if (run.deadlineAt && run.deadlineAt.getTime() < Date.now()) {
      const ended = await failOverdueRuns(deps.db, ERROR_CATALOG.DEADLINE_EXCEEDED.hint);
      for (const e of ended) if (e.outboxId) await deps.enqueueEmail(e.outboxId, e.companyId, 'failure');
      throw new UnrecoverableError('DEADLINE_EXCEEDED: the run passed its deadline');
    }

    const def = STEP_CATALOG[stepKey];
    const tenant: TenantSpec = {
      companyId: company.id,
      companyName: company.companyName,
      requestedAbbr: company.requestedAbbr,
      adminEmail: company.adminEmail,
      defaultCurrency: company.defaultCurrency,
      country: company.country,
      siteName: company.siteName,
      siteMode: company.siteMode,
      includeDemoData: company.includeDemoData,
      posStoreEnabled: company.posStoreEnabled,
      chartOfAccounts: company.chartOfAccounts,
    };
    const signal = AbortSignal.timeout(Math.max(1_000, (run.deadlineAt?.getTime() ?? Date.now() + 600_000) - Date.now()));
    const ctx: StepContext = {
      tenant,
      state: company.erp as CompanyErpState,
      erp: clientForCompany(deps.baseClient, company, deps.secrets),
      bench: deps.bench,
      ...(deps.slowTimeoutMs !== undefined ? { slowTimeoutMs: deps.slowTimeoutMs } : {}),
      adminPassword: () => (company.adminPasswordEnc ? deps.secrets.open(company.adminPasswordEnc) : null),
      log,
      attempt: begin.attempt,
      signal,
      withSiteLock: deps.siteLock(company.siteMode === 'shared' ? deps.sharedSiteKey : `site:${company.siteName}`, signal),
    };

    const startedAt = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - startedAt) / 1e9;
    try {
      const result = await steps[stepKey].run(ctx);
      if (result.status === 'skipped') {
        await completeStep(
          deps.db,
          { runId, companyId, stepKey, status: 'skipped', output: { reason: result.reason, ...(result.output ?? {}) }, message: `Step ${stepKey} skipped: ${result.reason}` },
          STEP_WEIGHTS,
        );
      } else {
        const abbr = typeof result.state?.abbr === 'string' ? result.state.abbr : undefined;
        await completeStep(
          deps.db,
          {
            runId,
            companyId,
            stepKey,
            status: 'completed',
            output: result.output,
            ...(result.state ? { statePatch: result.state as Record<string, unknown> } : {}),
            ...(abbr ? { acceptedAbbr: abbr } : {}),
            ...(result.siteCredentials ? { siteCredentialsEnc: deps.secrets.seal(JSON.stringify(result.siteCredentials)) } : {}),
            message: `Step ${stepKey} completed`,
          },
          STEP_WEIGHTS,
        );
      }
      deps.metrics.stepDuration.observe({ step: stepKey, outcome: result.status }, seconds());
      if (stepKey === 'final_validation') {
        const finished = await finishRun(deps.db, runId, STEP_WEIGHTS);
        if (finished) {
          deps.metrics.runsFinished.inc({ outcome: finished.status });
          log.info({ status: finished.status }, 'run finished');
          if (finished.outboxId) await deps.enqueueEmail(finished.outboxId, companyId, 'success');
        }
      }
      return { status: result.status };
    } catch (err) {
      // Past the run's deadline the step's signal aborts whatever it was doing; say so, not "aborted".
      const c = ctx.signal.aborted
        ? { code: 'DEADLINE_EXCEEDED', message: `Run #${run.runNo} passed its deadline during ${stepKey}`, hint: ERROR_CATALOG.DEADLINE_EXCEEDED.hint, retryable: false }
        : classifyError(err);
      const error = { code: c.code, message: c.message, hint: c.hint, retryable: c.retryable };
      const statePatch = (err as { statePatch?: Record<string, unknown> }).statePatch;
      const attempts = job.opts.attempts ?? def.attempts;
      const attempt = job.attemptsMade + 1;
      deps.metrics.stepDuration.observe({ step: stepKey, outcome: 'error' }, seconds());
      if (c.retryable && attempt < attempts) {
        const delayMs = stepRetryDelay(def.backoff, attempt, c.retryAfterMs, deps.backoffScale);
        await recordStepRetry(deps.db, { runId, companyId, stepKey, error, attempt, delayMs, ...(statePatch ? { statePatch } : {}) });
        log.warn({ code: c.code, attempt, attempts, delayMs }, 'step failed, will retry');
        throw new RetryLaterError(`${c.code}: ${c.message}`, delayMs);
      }
      const res = await failStep(deps.db, { runId, companyId, stepKey, error, critical: def.critical, ...(statePatch ? { statePatch } : {}) }, STEP_WEIGHTS);
      deps.metrics.stepFailures.inc({ step: stepKey, code: c.code });
      log.error({ code: c.code, attempt, critical: def.critical, retryable: c.retryable }, 'step failed for good');
      if (res.companyFailed) deps.metrics.runsFinished.inc({ outcome: 'Failed' });
      if (res.outboxId) await deps.enqueueEmail(res.outboxId, companyId, 'failure');
      throw new UnrecoverableError(`${c.code}: ${c.message}`);
    }
  };
}
