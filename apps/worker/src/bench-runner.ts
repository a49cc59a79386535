import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult, BenchRunner, BenchRunOptions } from '@provisioner/steps';
import type { WorkerConfig } from './config';

/**
 * Runs Frappe's `bench` on a real bench host (FRAPPE_REST_FACTS §10 "bench on a real host"):
 * - an argument array through spawn, no shell: a site name or a password is never a command;
 * - cwd = BENCH_DIR: bench hands Frappe commands over only inside a bench directory;
 * - stdin closed: `new-site` without a root password prompts, and with stdin closed it ends at once
 *   instead of hanging until the timeout;
 * - a minimal environment (config.ts BENCH_ENV): none of our secrets reach bench or its children;
 * - the real timeout (BENCH_TIMEOUT_MS): the process group is killed (TERM, then KILL) and the run
 *   rejects with `timedOut: true`.
 * Passwords are arguments, as bench expects; this runner logs nothing, the steps mask them.
 */
export interface BenchRunnerOptions {
  benchPath: string;
  benchDir: string;
  timeoutMs: number;
  env: Record<string, string>;
  database?: { rootUser?: string; rootPassword?: string; userHostScope?: string };
  postCreateCommands?: string[][];
}

/** Output kept per stream; bench prints progress bars, the end is what explains a failure. */
const MAX_OUTPUT = 4 * 1024 * 1024;
/** After TERM, how long a process group gets before KILL. */
const KILL_GRACE_MS = 5_000;

export class BenchRunError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly timedOut: boolean,
    readonly timeoutMs?: number,
  ) {
    super(message);
    this.name = 'BenchRunError';
  }
}

export function createBenchRunner(options: BenchRunnerOptions): BenchRunner {
  const exec = (file: string, args: readonly string[], opts: BenchRunOptions | undefined) =>
    runProcess(file, args, { cwd: options.benchDir, env: options.env, timeoutMs: opts?.timeoutMs ?? options.timeoutMs, ...(opts?.signal ? { signal: opts.signal } : {}) });
  return {
    benchDir: options.benchDir,
    ...(options.database ? { database: options.database } : {}),
    postCreateCommands: options.postCreateCommands ?? [],
    run(args, opts) {
      return exec(options.benchPath, args, opts);
    },
    runCommand(argv, opts) {
      const [program, ...args] = argv;
      if (!program) return Promise.reject(new BenchRunError('empty command', 'EINVAL', false));
      return exec(program === 'bench' ? options.benchPath : program, args, opts);
    },
    async siteConfigExists(site) {
      // A site name never leaves the sites folder (no separators, no "..").
      if (!site || site.includes('/') || site.includes('\\') || site.startsWith('.')) return false;
      try {
        await fs.promises.access(path.join(options.benchDir, 'sites', site, 'site_config.json'));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * The runner a step gets: every bench run carries the step's signal (the run's deadline, a lost
 * claim), so an abort kills bench instead of leaving it running for BENCH_TIMEOUT_MS.
 */
export function withBenchSignal(runner: BenchRunner, signal: AbortSignal): BenchRunner {
  const { run, runCommand } = runner;
  return {
    ...runner,
    run: (args, opts) => run.call(runner, args, { ...opts, signal }),
    ...(runCommand ? { runCommand: (argv: readonly string[], opts?: BenchRunOptions) => runCommand.call(runner, argv, { ...opts, signal }) } : {}),
  };
}

/** The runner the worker's configuration describes (per-site mode). */
export function benchRunnerFromConfig(config: WorkerConfig): BenchRunner | null {
  if (config.SITE_MODE !== 'per-site' || !config.BENCH_PATH || !config.BENCH_DIR) return null;
  return createBenchRunner({
    benchPath: config.BENCH_PATH,
    benchDir: config.BENCH_DIR,
    timeoutMs: config.BENCH_TIMEOUT_MS,
    env: config.BENCH_ENV,
    database: {
      rootUser: config.BENCH_DB_ROOT_USER,
      ...(config.BENCH_DB_ROOT_PASSWORD ? { rootPassword: config.BENCH_DB_ROOT_PASSWORD } : {}),
      ...(config.BENCH_DB_USER_HOST_SCOPE ? { userHostScope: config.BENCH_DB_USER_HOST_SCOPE } : {}),
    },
    postCreateCommands: config.BENCH_POST_CREATE_COMMANDS,
  });
}

/**
 * Spawns `file args` with stdin closed and collects its output. Resolves with the exit code (a
 * signal other than our timeout counts as 128 + its number, as a shell reports it); rejects when it
 * cannot start (ENOENT, EACCES) or when it outlived `timeoutMs`.
 */
export function runProcess(
  file: string,
  args: readonly string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number; signal?: AbortSignal },
): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(abortReason(opts.signal));
      return;
    }
    let child;
    try {
      // detached: its own process group, so a timeout kills bench and everything it started.
      child = spawn(file, [...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false });
    } catch (err) {
      reject(err);
      return;
    }
    const out = { stdout: '', stderr: '' };
    const collect = (key: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const next = out[key] + chunk.toString('utf8');
      out[key] = next.length > MAX_OUTPUT ? next.slice(-MAX_OUTPUT) : next;
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));

    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    const stop = () => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.timeoutMs);
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    let settled = false;
    child.once('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (settled) return;
      settled = true;
      reject(err);
    });
    child.once('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (settled) return;
      settled = true;
      if (aborted && opts.signal) {
        reject(abortReason(opts.signal));
        return;
      }
      if (timedOut) {
        reject(new BenchRunError(`${path.basename(file)} did not finish within ${opts.timeoutMs} ms and was killed`, 'ETIMEDOUT', true, opts.timeoutMs));
        return;
      }
      const exitCode = code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0);
      resolve({ stdout: out.stdout, stderr: out.stderr + (signal && code === null ? `\n(killed by ${signal})` : ''), exitCode });
    });
  });
}

/** The caller's reason for aborting (the step's deadline), as an Error. */
function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('bench run aborted');
}
