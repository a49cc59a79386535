import type { FlowProducer, Queue } from 'bullmq';
import type pino from 'pino';
import type { RunTransitions } from '@provisioner/db';
import { addRunFlow, stepJobId, type StepKey } from '@provisioner/jobs';

/**
 * Postgres is the source of truth, and this sweep proves it against Redis. For every queued or
 * running run that has been quiet for `quietForMs`, it asks BullMQ whether the run's current work
 * (its first step still pending or running) has a live job; when it has none — Redis was flushed,
 * restarted without persistence, failed over to a replica that lagged, or the job exhausted
 * maxStalledCount and left its step `running` — the run moves to the next epoch and its remaining
 * steps are added again as a new flow.
 *
 * Never doubled: a job of an older epoch does nothing (beginStep answers stale_epoch), a step still
 * running under a live lease is not claimed again (claimed_elsewhere), every write of a job is fenced
 * by its claim token, and the steps are idempotent.
 */
export const LIVE_JOB_STATES: ReadonlySet<string> = new Set(['waiting', 'delayed', 'active', 'waiting-children', 'prioritized']);

export interface StrandedSweepDeps {
  transitions: RunTransitions;
  /** The steps queue ("long"), to look up job states. */
  stepQueue: Queue;
  flowProducer: FlowProducer;
  logger: pino.Logger;
  /** A run whose last change is younger than this is left alone (its next job may be promoted now). */
  quietForMs: number;
}

export async function sweepStrandedRuns(deps: StrandedSweepDeps): Promise<number> {
  const candidates = await deps.transitions.findStrandCandidates(deps.quietForMs);
  let readded = 0;
  for (const c of candidates) {
    const jobId = stepJobId(c.companyId, c.runId, c.epoch, c.currentStep as StepKey);
    const state = await deps.stepQueue.getJobState(jobId);
    if (LIVE_JOB_STATES.has(state)) continue;
    const epoch = await deps.transitions.bumpRunEpoch(c.runId, c.epoch, c.remaining);
    if (epoch === null) continue; // another sweep re-added it, or the run moved on
    await addRunFlow(deps.flowProducer, { companyId: c.companyId, runId: c.runId, epoch, steps: c.remaining as StepKey[] });
    readded++;
    deps.logger.warn(
      { companyId: c.companyId, runId: c.runId, step: c.currentStep, jobState: state, epoch, steps: c.remaining },
      'run had no live job for its current step; re-added its remaining steps',
    );
  }
  return readded;
}
