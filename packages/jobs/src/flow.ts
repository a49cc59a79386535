import type { FlowJob, JobsOptions } from 'bullmq';
import { STEP_CATALOG, type StepKey } from './step-catalog';
import { QUEUE_LONG } from './queue-names';
import type { StepJobData } from './job-data';
import { JOB_RETENTION } from './retention';

/**
 * BullMQ custom job ids may not contain ':'; ours are deterministic per (company, run, epoch, step),
 * so re-adding a run's flow in the same epoch (the enqueue reconciler does) never creates a second
 * job for a step. The sweep re-adds a stranded run's remaining steps in the next epoch.
 */
export function stepJobId(companyId: string, runId: number, epoch: number, stepKey: StepKey): string {
  return `${companyId}.r${runId}.e${epoch}.${stepKey}`;
}

export function stepJobName(companyId: string, stepKey: StepKey): string {
  return `${companyId} ${stepKey}`;
}

/** The backoff type the worker registers a strategy for (it honours Retry-After). */
export const STEP_BACKOFF_TYPE = 'provisioner';

export interface BuildFlowInput {
  companyId: string;
  runId: number;
  /** runs.epoch: 0 when the run is created, bumped by each re-add of the sweep. */
  epoch: number;
  /** Steps to run, in run order (a continue run leaves out completed ones). */
  steps: readonly StepKey[];
}

/**
 * One flow per run: the steps chained so each runs only after the previous one completed. BullMQ
 * runs children before parents, so the LAST step is the root and each step is the single child of
 * the next. A critical step fails its parent chain (failParentOnFailure); a non-critical one lets the
 * next step go on (ignoreDependencyOnFailure) so the company can end Partial.
 */
export function buildCompanyFlow({ companyId, runId, epoch, steps }: BuildFlowInput): FlowJob {
  if (steps.length === 0) throw new Error('a flow needs at least one step');
  let child: FlowJob | undefined;
  for (const key of steps) {
    const def = STEP_CATALOG[key];
    const data: StepJobData = { companyId, runId, epoch, stepKey: key };
    const opts: JobsOptions = {
      jobId: stepJobId(companyId, runId, epoch, key),
      attempts: def.attempts,
      backoff: { type: STEP_BACKOFF_TYPE },
      ...JOB_RETENTION,
      ...(def.critical ? { failParentOnFailure: true } : { ignoreDependencyOnFailure: true }),
    };
    child = {
      name: stepJobName(companyId, key),
      queueName: QUEUE_LONG,
      data,
      opts,
      ...(child ? { children: [child] } : {}),
    };
  }
  return child as FlowJob;
}
