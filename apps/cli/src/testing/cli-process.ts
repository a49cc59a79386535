import { spawn } from 'node:child_process';
import path from 'node:path';

/** The real bin, as npm links it: tests run exactly what an operator runs. */
export const PROVISION_BIN = path.resolve(__dirname, '../../bin/provision');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs); throws with the output when it is not JSON. */
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Runs `node bin/provision ...args` as a child process with only the given environment (plus PATH
 * and HOME), so nothing from the test runner's environment leaks into what the CLI sees.
 */
export interface RunOptions {
  stdin?: string;
  timeoutMs?: number;
  cwd?: string;
  /** Called with everything written to stdout so far, after each chunk (to act once the CLI is ready). */
  onStdout?: (soFar: string) => void;
}

export function runProvision(args: string[], env: Record<string, string>, options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROVISION_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
      cwd: options.cwd ?? '/tmp',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      options.onStdout?.(stdout);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`provision ${args.join(' ')} did not exit within ${options.timeoutMs ?? 60_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        json() {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`stdout of provision ${args.join(' ')} is not JSON:\n${stdout}\nstderr: ${stderr}`);
          }
        },
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
