import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { createDb } from '@provisioner/db';
import { createApi } from './app';
import { ConfigError, loadApiConfig } from './config';
import { createLogger } from './logger';

/** How long shutdown waits for in-flight requests before it drops the remaining connections. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadApiConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const logger = createLogger({ level: config.logLevel });
  // Requests and SSE reads share this pool; LISTEN and /readyz have a connection each besides
  // (apps/api/README.md "Connections").
  const dbHandle = createDb(config.databaseUrl, { max: config.dbPoolMax, applicationName: 'provisioner-api' });
  const redis = new Redis(config.redisUrl, { lazyConnect: false });
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));

  const api = createApi({ config, db: dbHandle.db, sql: dbHandle.sql, redis, logger });
  const server: Server = createServer(api.app);
  server.on('error', (err) => {
    logger.fatal({ err }, 'http server error');
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    logger.info({ host: config.host, port: config.port, publicBaseUrl: config.publicBaseUrl }, 'api listening');
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, ending SSE streams');
    const force = setTimeout(() => {
      logger.warn('grace period over; closing remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await api.close(); // ends SSE streams, which would otherwise hold server.close() open
    await serverClosed;
    clearTimeout(force);
    await Promise.allSettled([redis.quit(), dbHandle.close()]);
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
