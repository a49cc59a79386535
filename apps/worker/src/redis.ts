import IORedis, { type Redis } from 'ioredis';

/** BullMQ workers need blocking commands that never give up: maxRetriesPerRequest must be null. */
export function createRedis(url: string): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}
