/**
 * A worker process for the stale-job chaos test: the real worker (apps/worker runtime) whose step
 * CHAOS_STALE_STEP, once entered, says so on stdout ("IN_STEP <key>"), waits CHAOS_STALE_HOLD_MS and
 * then fails for good. The test freezes this process (SIGSTOP) inside that step until another worker
 * has taken the job over and finished it; when the process thaws, its late, contrary result must be
 * dropped.
 */
import pino from 'pino';
import { loadWorkerConfig } from '../../../apps/worker/src/config';
import { startWorker } from '../../../apps/worker/src/runtime';
import { isStepKey } from '@provisioner/jobs';
import { STEPS, StepError, type Step } from '@provisioner/steps';

async function main(): Promise<void> {
  const key = process.env.CHAOS_STALE_STEP ?? '';
  if (!isStepKey(key)) throw new Error(`CHAOS_STALE_STEP is not a step key: ${key}`);
  const holdMs = Number(process.env.CHAOS_STALE_HOLD_MS ?? 3_000);
  const stale: Step = {
    key,
    async run() {
      process.stdout.write(`IN_STEP ${key}\n`);
      await new Promise((r) => setTimeout(r, holdMs));
      process.stdout.write(`STALE_RESULT ${key}\n`);
      throw new StepError('ERP_VALIDATION', 'the stale worker failed this step after another worker had taken it over', { retryable: false });
    },
  };
  const config = loadWorkerConfig(process.env);
  const runtime = await startWorker({ config, logger: pino({ level: config.LOG_LEVEL }), steps: { ...STEPS, [key]: stale } });
  process.stdout.write('READY\n');
  process.on('SIGTERM', () => {
    runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`stale worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
