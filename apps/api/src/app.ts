import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { createDb, createSecretBox, type Database, type DbHandle } from '@provisioner/db';
import type { ApiConfig } from './config';
import { companiesRouter } from './companies';
import { createEventHub, StreamRegistry } from './events';
import { bearerAuth, errorHandler, notFoundHandler, rateLimit, RateLimiter, refuseControlCharactersInQuery } from './http';
import { BULL_BOARD_PATH, bullBoardRouter, createApiMetrics, healthRouter } from './ops';
import { serializeError } from './logger';
import { createQueueClients } from './queue-clients';
import { statusRouter, statusUrlFor } from './status-page';

export interface ApiDeps {
  config: ApiConfig;
  db: Database;
  /** The postgres.js client behind `db`: the event hub LISTENs through it (on a connection of its own). */
  sql: DbHandle['sql'];
  /** Shared by the FlowProducer and the Queue objects; owned (and closed) by the caller. */
  redis: Redis;
  logger: Logger;
  /** SSE heartbeat period; tests may shorten it. */
  heartbeatMs?: number;
}

export interface Api {
  app: express.Express;
  /**
   * Ends open SSE streams, stops LISTEN, closes the queue handles and the readiness connection.
   * Leaves db and redis to the caller.
   */
  close(): Promise<void>;
}

/** A status URL's token is a capability: request logs show the route, never the token. */
function redactStatusToken(url: string | undefined): string | undefined {
  return url?.replace(/^\/status\/[^/?#]+/, '/status/[token]');
}

export function createApi(deps: ApiDeps): Api {
  const { config, db, logger } = deps;
  const queueClients = createQueueClients(deps.redis, config.queuePrefix, logger);
  const queues = Object.values(queueClients.queues);
  const metrics = createApiMetrics({ db, queues, logger });
  const hub = createEventHub(deps.sql, logger);
  const registry = new StreamRegistry({ perCompany: config.sseMaxPerCompany, total: config.sseMaxTotal });
  // /readyz's own connection (lazy: opened by the first probe), never waiting behind the query pool.
  const readiness = createDb(config.databaseUrl, { max: 1, applicationName: 'provisioner-api-readyz' });
  // Per client IP and route group; only what anyone can reach without a credential is limited
  // (the status pages), plus wrong credentials. Authenticated API calls are never counted.
  const publicLimiter = new RateLimiter(config.rateLimitPublicPerMinute);
  const apiAuthFailures = new RateLimiter(config.rateLimitAuthFailuresPerMinute);
  const boardAuthFailures = new RateLimiter(config.rateLimitAuthFailuresPerMinute);
  const secretBox = createSecretBox(config.secretKey);
  const statusUrl = (companyId: string) => statusUrlFor(config.publicBaseUrl, config.secretKey, companyId);

  const app = express();
  app.disable('x-powered-by');
  // Decides req.ip, which the rate limits key on (TRUST_PROXY; apps/api/README.md "Bad input and limits").
  app.set('trust proxy', config.trustProxy);
  app.use(
    pinoHttp({
      logger,
      genReqId(req, res) {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel(_req, res, err) {
        if (err || res.statusCode >= 500) return 'error';
        return res.statusCode >= 400 ? 'warn' : 'info';
      },
      // A 5xx without a thrown error (a 503 from /readyz) gets no synthetic "failed with status" stack.
      customErrorObject(_req, res, _err, val: Record<string, unknown>) {
        return (res as { err?: unknown }).err ? val : { ...val, err: undefined };
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
      // An allow-list, not the default serializer: headers such as Authorization, Cookie or a
      // Referer carrying a status token never reach a log line (redact paths are the second net).
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string; headers?: Record<string, unknown>; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: redactStatusToken(req.url),
          userAgent: req.headers?.['user-agent'],
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
    }),
  );

  app.use(refuseControlCharactersInQuery);
  app.use(healthRouter({ redis: deps.redis, readinessSql: readiness.sql, metrics, logger }));
  app.use(
    BULL_BOARD_PATH,
    bullBoardRouter({ queues, user: config.bullBoardUser, password: config.bullBoardPassword, authFailures: boardAuthFailures }),
  );
  app.use('/status', rateLimit(publicLimiter, 'status page requests'));
  app.use(
    statusRouter({
      db,
      hub,
      registry,
      logger,
      secretKey: config.secretKey,
      statusUrlFor: statusUrl,
      ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
    }),
  );
  app.use(
    '/api',
    bearerAuth(config.apiTokens, { failures: apiAuthFailures }),
    companiesRouter({
      config,
      db,
      flowProducer: queueClients.flowProducer,
      secretBox,
      metrics,
      logger,
      statusUrlFor: statusUrl,
      hub,
      registry,
      ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler);

  let closing: Promise<void> | null = null;
  return {
    app,
    close() {
      closing ??= (async () => {
        registry.closeAll();
        await hub.close();
        await queueClients.close();
        await readiness.close();
      })();
      return closing;
    },
  };
}
