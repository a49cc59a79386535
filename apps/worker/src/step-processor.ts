import type { Job } from 'bullmq';
import { DelayedError, UnrecoverableError } from 'bullmq';
import type pino from 'pino';
import type { CompanyErpState, EmailKind, RunTransitions, SecretBox, StepClaim } from '@provisioner/db';
import type { ErpNextClient } from '@provisioner/erpnext-client';
import { STEP_CATALOG, stepJobDataSchema, type StepKey } from '@provisioner/jobs';
import { classifyError, ERROR_CATALOG, STEPS, type BenchRunner, type SiteLockRunner, type Step, type StepContext, type TenantSpec } from '@provisioner/steps';
import { bookkeepingRetryDelay, BookkeepingError, driverCodeOf, RetryLaterError } from './backoff';
import { withBenchSignal } from './bench-runner';
import { decideOutcome, type AbortCause, type StepTry } from './decide-outcome';
import { clientForCompany } from './erp-clients';
import type { WorkerMetrics } from './metrics';

export interface StepProcessorDeps {
  /** The state machine, bound once to the database and the catalog (createRunTransitions). */
  transitions: RunTransitions;
  secrets: SecretBox;
  baseClient: ErpNextClient;
  bench: BenchRunner | null;
  /** The lock for a site's shared documents (site-lock.ts), bound to a step's abort signal. */
  siteLock: (site: string, signal: AbortSignal) => SiteLockRunner;
  /** The lock name of the shared site (shared mode); per-site tenants lock their own site name. */
  sharedSiteKey: string;
  logger: pino.Logger;
  backoffScale: number;
  /**
   * How long a claim holds without renewal (JOB_LOCK_MS). The processor renews it every third of
   * that while the step runs, so a live step never loses it and a dead worker's step is taken over
   * after one lease.
   */
  leaseMs: number;
  /** ERPNEXT_SLOW_TIMEOUT_MS: the per-request timeout of the setup wizard and the Company insert. */
  slowTimeoutMs?: number;
  /** Puts an outbox row's email job in the notifications queue. */
  enqueueEmail(outboxId: number, companyId: string, kind: EmailKind): Promise<void>;
  metrics: WorkerMetrics;
  /** Replaceable in tests; the registry of the real steps by default. */
  steps?: Record<StepKey, Step>;
}

/** Why a step's signal aborted: the reason object tells the deadline from a lost claim. */
export class StepAbortedError extends Error {
  constructor(readonly cause_: Exclude<AbortCause, null>) {
    super(cause_ === 'deadline' ? 'the run passed its deadline' : 'the step was claimed by another job');
    this.name = 'StepAbortedError';
  }
}

/**
 * Runs one step job: re-parse the ids from Redis, claim the step in Postgres (a fenced claim with a
 * lease), run it, and record what decideOutcome says — through the fenced transitions, so a stale
 * job's result is dropped. Only `step.run` is the step's business: a failure of our own bookkeeping
 * (Postgres, Redis) is a BookkeepingError, and the job goes back to BullMQ delayed, without using up
 * an attempt and without touching the company.
 */
export function createStepProcessor(deps: StepProcessorDeps) {
  const steps = deps.steps ?? STEPS;
  const t = deps.transitions;
  /** Runs a bookkeeping call; its failure is ours, not the step's. */
  const book = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw new BookkeepingError(operation, err);
    }
  };

  async function processStepJob(job: Job, token: string | undefined): Promise<Record<string, unknown>> {
    const parsed = stepJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('malformed step job data');
    const { companyId, runId, stepKey, epoch } = parsed.data;
    const log = deps.logger.child({ companyId, runId, step: stepKey, epoch, jobId: job.id });

    const begin = await book('beginStep', () => t.beginStep({ runId, stepKey, epoch, leaseMs: deps.leaseMs }));
    if (begin.kind === 'skip') {
      if (begin.reason === 'claimed_elsewhere') {
        // Another job holds the step under a live lease: come back when it has expired (by then the
        // holder finished, and this job sees step_done, or it died, and this job takes over).
        log.info({ leaseUntil: begin.leaseUntil }, 'step is claimed by another job; trying again after its lease');
        await delayJob(job, token, Math.max(500, begin.leaseUntil.getTime() - Date.now() + 250), 'claimed elsewhere');
      }
      if (begin.reason === 'step_done' && stepKey === 'final_validation') {
        // The step committed but finishing the run did not (a blip): finish it now. Idempotent.
        await finish(runId, companyId, log);
      }
      log.info({ reason: begin.reason }, 'step job not run');
      return { skipped: begin.reason };
    }
    const { company, run } = begin;
    const claim: StepClaim = { runId, stepKey, claimToken: begin.claimToken };
    if (run.deadlineAt && run.deadlineAt.getTime() < Date.now()) {
      const ended = await book('failOverdueRuns', () => t.failOverdueRuns());
      for (const e of ended) if (e.outboxId) await enqueueEmailOrLeave(e.outboxId, e.companyId, 'failure', log);
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
    // The step's signal: the run's deadline, or the claim lost (a renewal found another holder). It
    // reaches every ERPNext request, every bench process and the site lock.
    const abort = new AbortController();
    const deadlineTimer = run.deadlineAt
      ? setTimeout(() => abort.abort(new StepAbortedError('deadline')), Math.max(0, run.deadlineAt.getTime() - Date.now()))
      : undefined;
    const renewTimer = setInterval(() => {
      t.renewStepLease({ ...claim, leaseMs: deps.leaseMs }).then(
        (held) => {
          if (!held && !abort.signal.aborted) {
            log.warn('step lost its claim while running; stopping it');
            abort.abort(new StepAbortedError('claim_lost'));
          }
        },
        (err: unknown) => log.warn({ code: driverCodeOf(err) }, 'could not renew the step lease; will try again'),
      );
    }, Math.max(100, Math.floor(deps.leaseMs / 3)));
    const signal = abort.signal;
    const ctx: StepContext = {
      tenant,
      state: company.erp as CompanyErpState,
      erp: clientForCompany(deps.baseClient, company, deps.secrets).with({ signal }),
      bench: deps.bench ? withBenchSignal(deps.bench, signal) : null,
      ...(deps.slowTimeoutMs !== undefined ? { slowTimeoutMs: deps.slowTimeoutMs } : {}),
      adminPassword: () => (company.adminPasswordEnc ? deps.secrets.open(company.adminPasswordEnc) : null),
      log,
      attempt: begin.attempt,
      signal,
      withSiteLock: deps.siteLock(company.siteMode === 'shared' ? deps.sharedSiteKey : `site:${company.siteName}`, signal),
    };

    const startedAt = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - startedAt) / 1e9;
    let tried: StepTry;
    let result: Awaited<ReturnType<Step['run']>> | null = null;
    let statePatch: Record<string, unknown> | undefined;
    try {
      result = await steps[stepKey].run(ctx);
      tried = { kind: 'ok', status: result.status };
    } catch (err) {
      tried = { kind: 'error', error: classifyError(err) };
      statePatch = (err as { statePatch?: Record<string, unknown> }).statePatch;
    } finally {
      clearInterval(renewTimer);
      if (deadlineTimer) clearTimeout(deadlineTimer);
    }
    const reason = signal.reason as unknown;
    const aborted: AbortCause = signal.aborted && reason instanceof StepAbortedError ? reason.cause_ : null;
    const attempt = job.attemptsMade + 1;
    const attempts = job.opts.attempts ?? def.attempts;
    const outcome = decideOutcome({
      tried,
      aborted,
      attempt,
      attempts,
      critical: def.critical,
      backoff: def.backoff,
      backoffScale: deps.backoffScale,
      deadlineHint: ERROR_CATALOG.DEADLINE_EXCEEDED.hint,
      runNo: run.runNo,
      stepKey,
      random: Math.random(),
      waitsSoFar: Math.max(0, (job.attemptsStarted ?? 0) - job.attemptsMade - 1),
    });
    deps.metrics.stepDuration.observe({ step: stepKey, outcome: tried.kind === 'ok' ? tried.status : 'error' }, seconds());
    const dropped = () => {
      log.warn({ outcome: outcome.kind }, 'stale job result dropped');
      return { dropped: true };
    };

    switch (outcome.kind) {
      case 'drop':
        return dropped();
      case 'complete': {
        if (!result) throw new Error('a completed step without a result');
        const applied =
          result.status === 'skipped'
            ? await book('completeStep', () =>
                t.completeStep({ ...claim, companyId, status: 'skipped', output: { reason: result.reason, ...(result.output ?? {}) }, message: `Step ${stepKey} skipped: ${result.reason}` }),
              )
            : await book('completeStep', () => {
                const abbr = typeof result.state?.abbr === 'string' ? result.state.abbr : undefined;
                return t.completeStep({
                  ...claim,
                  companyId,
                  status: 'completed',
                  output: result.output,
                  ...(result.state ? { statePatch: result.state as Record<string, unknown> } : {}),
                  ...(abbr ? { acceptedAbbr: abbr } : {}),
                  ...(result.siteCredentials ? { siteCredentialsEnc: deps.secrets.seal(JSON.stringify(result.siteCredentials)) } : {}),
                  message: `Step ${stepKey} completed`,
                });
              });
        if (!applied.applied) return dropped();
        if (stepKey === 'final_validation') await finish(runId, companyId, log);
        return { status: result.status };
      }
      case 'retry': {
        const { error, delayMs } = outcome;
        const applied = await book('recordStepRetry', () => t.recordStepRetry({ ...claim, companyId, error, attempt, delayMs, ...(statePatch ? { statePatch } : {}) }));
        if (!applied.applied) return dropped();
        log.warn({ code: error.code, attempt, attempts, delayMs }, 'step failed, will retry');
        throw new RetryLaterError(`${error.code}: ${error.message}`, delayMs);
      }
      case 'wait': {
        const { error, delayMs } = outcome;
        const applied = await book('recordStepRetry', () => t.recordStepRetry({ ...claim, companyId, error, attempt, delayMs, ...(statePatch ? { statePatch } : {}) }));
        if (!applied.applied) return dropped();
        log.warn({ code: error.code, delayMs }, 'ERPNext is unavailable; the step waits without spending an attempt');
        return delayJob(job, token, delayMs, error.code);
      }
      case 'fail': {
        const { error, critical } = outcome;
        const res = await book('failStep', () => t.failStep({ ...claim, companyId, error, critical, ...(statePatch ? { statePatch } : {}) }));
        if (!res.applied) return dropped();
        deps.metrics.stepFailures.inc({ step: stepKey, code: error.code });
        log.error({ code: error.code, attempt, critical, retryable: error.retryable }, 'step failed for good');
        if (res.companyFailed) deps.metrics.runsFinished.inc({ outcome: 'Failed' });
        if (res.outboxId) await enqueueEmailOrLeave(res.outboxId, companyId, 'failure', log);
        throw new UnrecoverableError(`${error.code}: ${error.message}`);
      }
      default:
        return assertNever(outcome);
    }
  }

  async function finish(runId: number, companyId: string, log: pino.Logger): Promise<void> {
    const finished = await book('finishRun', () => t.finishRun(runId));
    if (!finished) return;
    deps.metrics.runsFinished.inc({ outcome: finished.status });
    log.info({ status: finished.status }, 'run finished');
    if (finished.outboxId) await enqueueEmailOrLeave(finished.outboxId, companyId, 'success', log);
  }

  /**
   * The outbox row is committed; if Redis refuses its job now, the reconciler adds it (outbox rows
   * never enqueued are re-driven), so the step's work is not redone for it.
   */
  async function enqueueEmailOrLeave(outboxId: number, companyId: string, kind: EmailKind, log: pino.Logger): Promise<void> {
    try {
      await deps.enqueueEmail(outboxId, companyId, kind);
    } catch (err) {
      log.warn({ outboxId, code: driverCodeOf(err) }, 'could not enqueue the email; the reconciler will');
    }
  }

  /**
   * Puts the job back in BullMQ's delayed set without using an attempt, and tells the worker so
   * (DelayedError). If even that fails (Redis is down), an ordinary retry with the delay.
   */
  async function delayJob(job: Job, token: string | undefined, delayMs: number, why: string): Promise<never> {
    try {
      await job.moveToDelayed(Date.now() + delayMs, token);
    } catch {
      throw new RetryLaterError(`retrying later: ${why}`, delayMs);
    }
    throw new DelayedError();
  }

  return async function processStep(job: Job, token?: string): Promise<Record<string, unknown>> {
    try {
      return await processStepJob(job, token);
    } catch (err) {
      if (!(err instanceof BookkeepingError)) throw err;
      // Restarts that were not counted as attempts: our earlier delays (and stalls).
      const retriesSoFar = Math.max(0, (job.attemptsStarted ?? 0) - job.attemptsMade - 1);
      const delayMs = bookkeepingRetryDelay(retriesSoFar);
      deps.logger.warn(
        { jobId: job.id, operation: err.operation, code: err.code, cause: err.cause instanceof Error ? err.cause.message : undefined, delayMs },
        'bookkeeping failed; the job will run again',
      );
      return delayJob(job, token, delayMs, err.operation);
    }
  };
}

function assertNever(x: never): never {
  throw new Error(`unexpected outcome ${JSON.stringify(x)}`);
}
