import http from 'node:http';
import { ConfigError, loadWorkerConfig } from './config';
import { createLogger } from './logger';
import { startWorker } from './runtime';

async function main(): Promise<void> {
  let config;
  try {
    config = loadWorkerConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`worker: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  const runtime = await startWorker({ config, logger });

  // Worker-side metrics (step durations, failures, emails) on their own port when asked for.
  const metricsPort = Number(process.env.WORKER_METRICS_PORT ?? 0);
  let metricsServer: http.Server | null = null;
  if (metricsPort > 0) {
    metricsServer = http
      .createServer((req, res) => {
        if (req.url !== '/metrics') {
          res.writeHead(404).end();
          return;
        }
        runtime.metrics.registry.metrics().then((text) => {
          res.writeHead(200, { 'Content-Type': runtime.metrics.registry.contentType }).end(text);
        });
      })
      .listen(metricsPort, '127.0.0.1');
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing active jobs');
    metricsServer?.close();
    runtime.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`worker: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
