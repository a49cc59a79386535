import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { QUEUE_LONG, QUEUE_NOTIFICATIONS, type QueueName } from '@provisioner/jobs';

/**
 * The api's handles on Redis: a FlowProducer to add runs, and Queue objects for Bull Board and the
 * queue-depth gauge. They share the caller's ioredis connection (none of them blocks), and closing
 * them leaves that connection open for its owner to close.
 */
export interface QueueClients {
  flowProducer: FlowProducer;
  queues: Readonly<Record<QueueName, Queue>>;
  close(): Promise<void>;
}

export function createQueueClients(connection: Redis, prefix: string, logger: Logger): QueueClients {
  const flowProducer = new FlowProducer({ connection, prefix });
  const queues = {
    [QUEUE_LONG]: new Queue(QUEUE_LONG, { connection, prefix }),
    [QUEUE_NOTIFICATIONS]: new Queue(QUEUE_NOTIFICATIONS, { connection, prefix }),
  } as const;
  // An EventEmitter 'error' without a listener would throw; a Redis outage is logged, /readyz reports it.
  const onError = (err: Error) => logger.warn({ err }, 'queue client error');
  flowProducer.on('error', onError);
  for (const queue of Object.values(queues)) queue.on('error', onError);
  return {
    flowProducer,
    queues,
    async close() {
      await Promise.allSettled([flowProducer.close(), ...Object.values(queues).map((q) => q.close())]);
    },
  };
}
