import { execFile } from 'node:child_process';
import type { BenchRunner } from '@provisioner/steps';

/**
 * Runs Frappe's `bench` with an argument array through execFile: no shell, so a site name or a
 * password can never be interpreted as a command. The password goes in an argument as bench expects;
 * it never reaches a log (we log the subcommand only).
 */
export function createBenchRunner(benchPath: string, defaultTimeoutMs: number): BenchRunner {
  return {
    run(args, opts) {
      return new Promise((resolve, reject) => {
        execFile(
          benchPath,
          args,
          { timeout: opts?.timeoutMs ?? defaultTimeoutMs, maxBuffer: 16 * 1024 * 1024, env: process.env },
          (err, stdout, stderr) => {
            if (err && typeof (err as { code?: unknown }).code !== 'number') {
              // Could not start it at all (ENOENT, EACCES) or it was killed on timeout.
              reject(err);
              return;
            }
            const exitCode = err ? Number((err as { code?: unknown }).code) : 0;
            resolve({ stdout: String(stdout), stderr: String(stderr), exitCode });
          },
        );
      });
    },
  };
}
