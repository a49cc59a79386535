import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { DbHandle } from '@provisioner/db';
import { sendData, sendError } from '../http';
import type { ApiMetrics } from './metrics';

const PROBE_TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = check().then(() => 'ok' as const);
  attempt.catch(() => undefined); // settles after the timeout won: not an unhandled rejection
  try {
    return await Promise.race([
      attempt,
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${PROBE_TIMEOUT_MS}ms`), PROBE_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    clearTimeout(timer);
  }
}

/** /healthz (the process answers), /readyz (its dependencies answer too) and /metrics. */
export function healthRouter(deps: { redis: Redis; sql: DbHandle['sql']; metrics: ApiMetrics }): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    sendData(res, 200, 'ok', { status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const [redis, postgres] = await Promise.all([probe(() => deps.redis.ping()), probe(() => deps.sql`select 1`)]);
    const checks = { redis, postgres };
    if (redis === 'ok' && postgres === 'ok') {
      sendData(res, 200, 'ready', checks);
      return;
    }
    const failed = Object.entries(checks)
      .filter(([, v]) => v !== 'ok')
      .map(([k]) => k);
    sendError(res, 503, 'NOT_READY', `Not ready: ${failed.join(' and ')} did not answer`, checks);
  });

  router.get('/metrics', async (_req, res) => {
    const text = await deps.metrics.registry.metrics();
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(text);
  });

  return router;
}
