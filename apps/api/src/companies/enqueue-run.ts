import type { FlowProducer } from 'bullmq';
import type { Logger } from 'pino';
import { markRunEnqueued, type Database, type StepKeyValue } from '@provisioner/db';
import { addRunFlow } from '@provisioner/jobs';

/** How long an HTTP request waits for Redis before it answers anyway (see enqueueRun). */
const ENQUEUE_TIMEOUT_MS = 5_000;

export interface EnqueueRunInput {
  companyId: string;
  runId: number;
  steps: readonly StepKeyValue[];
}

/**
 * Adds a run's flow to Redis and then records `runs.enqueued_at`. MUST be called only after the
 * transaction that created the run committed: a flow never exists without its rows in Postgres.
 *
 * Invariant: Postgres is the source of truth and the run row is already `queued`. If Redis is down
 * or slow, the HTTP answer still goes out (the company is Queued), and the worker's enqueue
 * reconciler re-adds the flow of every queued run whose `enqueued_at` is still null. That re-add is
 * harmless even when our own add did reach Redis after we stopped waiting: step job ids are
 * deterministic per (company, run, epoch, step), so BullMQ keeps one job per step.
 *
 * Returns whether the flow was added and recorded.
 */
export async function enqueueRun(
  deps: { db: Database; flowProducer: FlowProducer; logger: Logger },
  input: EnqueueRunInput,
): Promise<boolean> {
  const log = deps.logger.child({ companyId: input.companyId, runId: input.runId });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`adding the flow took longer than ${ENQUEUE_TIMEOUT_MS}ms`)), ENQUEUE_TIMEOUT_MS);
    });
    // A new run's first flow is epoch 0; only the worker's sweep re-adds in later epochs.
    const add = addRunFlow(deps.flowProducer, { companyId: input.companyId, runId: input.runId, epoch: 0, steps: input.steps });
    add.catch(() => undefined); // a late rejection after the timeout won is already accounted for
    await Promise.race([add, timeout]);
  } catch (err) {
    log.warn({ err }, 'could not add the run flow to Redis; the worker reconciler will add it');
    return false;
  } finally {
    clearTimeout(timer);
  }
  try {
    await markRunEnqueued(deps.db, input.runId);
  } catch (err) {
    // The flow is in Redis; the reconciler's re-add is a no-op thanks to the deterministic job ids.
    log.warn({ err }, 'flow added but enqueued_at could not be recorded');
  }
  return true;
}
