import type { FlowProducer, Queue } from 'bullmq';
import { buildCompanyFlow, type BuildFlowInput } from './flow';
import type { EmailJobData } from './job-data';
import { EMAIL_JOB_RETENTION } from './retention';

/**
 * Adds a run's flow. Safe to call again for the same run (the enqueue reconciler does after a crash):
 * job ids are deterministic, and BullMQ ignores an add whose job id already exists.
 */
export async function addRunFlow(producer: FlowProducer, input: BuildFlowInput): Promise<void> {
  await producer.add(buildCompanyFlow(input));
}

export function emailJobId(outboxId: number): string {
  return `email-${outboxId}`;
}

/** One job per outbox row; retried with backoff while the SMTP server is down. */
export async function addEmailJob(queue: Queue, data: EmailJobData, kind: 'success' | 'failure'): Promise<void> {
  // The name is what Bull Board shows: which company, and which of its two emails.
  await queue.add(`${data.companyId} ${kind} email`, data, {
    jobId: emailJobId(data.outboxId),
    attempts: 12,
    backoff: { type: 'exponential', delay: 2_000 },
    ...EMAIL_JOB_RETENTION,
  });
}
