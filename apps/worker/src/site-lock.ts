import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StepError, type SiteLockRunner } from '@provisioner/steps';

/**
 * The site lock of packages/steps/src/erp/site-lock.ts across every worker process and machine: a
 * Redis key set with NX and a lease (PX). The holder renews the lease while its work runs; a worker
 * that dies stops renewing, so its lock expires after `leaseMs` and the next worker takes it. Release
 * and renewal compare the holder's random token, so a holder whose lease lapsed never deletes or
 * extends a lock that another worker took since.
 */
export interface RedisSiteLockOptions {
  redis: Redis;
  /** Key prefix (the queue prefix), so test stacks and fleets sharing a Redis stay apart. */
  prefix: string;
  leaseMs: number;
  /** How long to wait for the lock before giving up with SITE_LOCK_BUSY (retryable). */
  waitMs: number;
  log: { warn(obj: object, msg?: string): void; debug(obj: object, msg?: string): void };
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export function createRedisSiteLock(opts: RedisSiteLockOptions): (site: string, signal: AbortSignal) => SiteLockRunner {
  return (site, signal) =>
    async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
      const key = `${opts.prefix}:site-lock:${site}`;
      const token = randomBytes(12).toString('hex');
      const waitedSince = Date.now();
      for (let round = 0; ; round++) {
        if ((await opts.redis.set(key, token, 'PX', opts.leaseMs, 'NX')) === 'OK') break;
        if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
        if (Date.now() - waitedSince > opts.waitMs) {
          throw new StepError('SITE_LOCK_BUSY', `waited ${Date.now() - waitedSince} ms for the lock on ${site} to ${what}; another worker holds it`);
        }
        // Jittered polling, growing a little, so waiting workers do not move in lockstep.
        await new Promise((r) => setTimeout(r, Math.min(500, 25 + round * 10) * (0.5 + Math.random())));
      }
      const renewEvery = Math.max(100, Math.floor(opts.leaseMs / 3));
      const renewer = setInterval(() => {
        opts.redis
          .eval(RENEW, 1, key, token, String(opts.leaseMs))
          .then((ok) => {
            if (Number(ok) !== 1) opts.log.warn({ site, what }, 'the site lock lapsed while held (the worker stalled past its lease)');
          })
          .catch((err: unknown) => opts.log.warn({ site, what, err: (err as Error).message }, 'could not renew the site lock'));
      }, renewEvery);
      renewer.unref();
      opts.log.debug({ site, what, waitedMs: Date.now() - waitedSince }, 'site lock taken');
      try {
        return await fn();
      } finally {
        clearInterval(renewer);
        await opts.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      }
    };
}
