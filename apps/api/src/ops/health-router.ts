import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DbHandle } from '@provisioner/db';
import { sendData, sendError } from '../http';
import type { ApiMetrics } from './metrics';

const PROBE_TIMEOUT_MS = 2_000;

export type DependencyState = 'ok' | 'down';

/**
 * 'ok' when `check` answers within PROBE_TIMEOUT_MS, else 'down'. The reason goes to the log, never
 * to the response: a driver's error text (ECONNREFUSED 10.0.0.7:5432, a SQL state) tells an
 * unauthenticated caller about our network and is no use to a load balancer.
 */
async function probe(name: string, check: () => Promise<unknown>, logger: Logger): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = check().then(() => 'ok' as const);
  attempt.catch(() => undefined); // settles after the timeout won: not an unhandled rejection
  try {
    return await Promise.race([
      attempt,
      new Promise<DependencyState>((resolve) => {
        timer = setTimeout(() => {
          logger.warn({ dependency: name, timeoutMs: PROBE_TIMEOUT_MS }, 'readiness: no answer in time');
          resolve('down');
        }, PROBE_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    logger.warn({ dependency: name, err }, 'readiness: dependency failed');
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthRouterDeps {
  redis: Redis;
  /**
   * A connection of its own (main.ts and createApi give /readyz a one-connection pool), so a pool
   * busy with requests and SSE reads never makes the api look down to its load balancer.
   */
  readinessSql: DbHandle['sql'];
  metrics: ApiMetrics;
  logger: Logger;
}

/** /healthz (the process answers), /readyz (its dependencies answer too) and /metrics. */
export function healthRouter(deps: HealthRouterDeps): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    sendData(res, 200, 'ok', { status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const [redis, postgres] = await Promise.all([
      probe('redis', () => deps.redis.ping(), deps.logger),
      probe('postgres', () => deps.readinessSql`select 1`, deps.logger),
    ]);
    const checks = { redis, postgres };
    if (redis === 'ok' && postgres === 'ok') {
      sendData(res, 200, 'ready', checks);
      return;
    }
    const down = Object.entries(checks)
      .filter(([, v]) => v !== 'ok')
      .map(([k]) => k);
    sendError(res, 503, 'NOT_READY', `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`, checks);
  });

  router.get('/metrics', async (_req, res) => {
    const text = await deps.metrics.registry.metrics();
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(text);
  });

  return router;
}
