import type { Request, RequestHandler, Response } from 'express';
import { sendError } from './envelope';

/** Above this many tracked addresses, buckets that have refilled are dropped (at most every 10 s). */
const SWEEP_ABOVE = 10_000;
const SWEEP_EVERY_MS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * An in-memory token bucket per key (a client IP), one limiter per route group. A bucket holds up
 * to `perMinute` tokens and refills continuously at `perMinute` a minute, so a client may burst a
 * minute's worth and then goes at the steady rate. `perMinute = 0` turns the limiter off.
 *
 * Per process: behind a load balancer each api instance counts alone (a client gets N × the limit
 * across N instances), which is enough to stop a single client hammering the public pages.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private lastSweep = 0;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Seconds until `key` has a token (0 = it has one now); takes nothing. */
  waitFor(key: string): number {
    if (!this.enabled) return 0;
    const tokens = this.refill(key).tokens;
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  /** Takes a token for `key`: 0 when there was one, else the seconds to wait (nothing is taken). */
  take(key: string): number {
    if (!this.enabled) return 0;
    const wait = this.waitFor(key);
    if (wait === 0) {
      const bucket = this.refill(key);
      bucket.tokens -= 1;
    }
    return wait;
  }

  get trackedKeys(): number {
    return this.buckets.size;
  }

  private refill(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      this.sweep(now);
      bucket = { tokens: this.perMinute, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }

  /** A full bucket is the same as no bucket, so dropping those bounds memory by the active clients. */
  private sweep(now: number): void {
    if (this.buckets.size < SWEEP_ABOVE || now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}

/** The client's address as express sees it: the socket's, or X-Forwarded-For's per TRUST_PROXY. */
export function clientKey(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** 429 RATE_LIMITED with `Retry-After` (seconds) in the header and in `error.details.retry_after_s`. */
export function sendRateLimited(res: Response, retryAfterS: number, what: string): void {
  res.setHeader('Retry-After', String(retryAfterS));
  sendError(res, 429, 'RATE_LIMITED', `Too many ${what} from your address; retry in ${retryAfterS}s`, { retry_after_s: retryAfterS });
}

/** Every request of the group takes a token from its client's bucket. */
export function rateLimit(limiter: RateLimiter, what = 'requests'): RequestHandler {
  return (req, res, next) => {
    const wait = limiter.take(clientKey(req));
    if (wait > 0) {
      sendRateLimited(res, wait, what);
      return;
    }
    next();
  };
}
