/**
 * A bench directory on disk for the `bin/bench` and `bin/nginx` stand-ins: apps/, sites/ (with
 * common_site_config.json), config/pids/, logs/, as `bench init` leaves one. The stand-ins find
 * the simulator through `sim_control_url` in it, so a caller may give them a minimal environment.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** Absolute paths of the stand-in executables. */
export const BENCH_STANDIN = path.resolve(__dirname, '../../bin/bench');
export const NGINX_STANDIN = path.resolve(__dirname, '../../bin/nginx');

export interface BenchDirectoryOptions {
  /** The simulator's URL (its control plane is under /__sim); written as `sim_control_url`. */
  controlUrl: string;
  /**
   * The MariaDB root password (`sim_db_root_password`): new-site and drop-site fail with MariaDB's
   * access denied for any other. Unset: any password is accepted (but one must still be given).
   */
  rootPassword?: string;
  /** Also store the root password as `root_password` (as `bench set-config -g root_password` would): no prompt. */
  rootPasswordInConfig?: boolean;
  /** `frappe_user` (bench init writes the user who ran it). Default: the current OS user; null omits it. */
  frappeUser?: string | null;
  /** `sim_new_site_fail_after_config`: new-site dies after writing site_config.json (a half-created site). */
  failAfterConfig?: boolean;
  /** `sim_effective_uid`: the uid the stand-in believes it runs as (0 = root). Default: the real one. */
  effectiveUid?: number;
  /** `dns_multitenant` (affects only what `bench setup nginx` prints). */
  dnsMultitenant?: boolean;
  /**
   * Give every site the simulator already has a sites/<name>/site_config.json, as if it had been
   * created on this bench, so `--site X` commands find it. Default true.
   */
  adoptSites?: boolean;
  /** More common_site_config.json keys. */
  commonSiteConfig?: Record<string, unknown>;
}

/** One line of logs/bench-standin.jsonl (or nginx-standin.jsonl). */
export interface StandinInvocation {
  at: string;
  /** Arguments, with the values of secret options (passwords) replaced by "***". */
  argv: string[];
  cwd: string;
  /** Names of the environment variables it was given (values are never logged). */
  envKeys: string[];
  stdinIsTTY: boolean;
  /** null when it was killed (then `signal` says by what). */
  exitCode: number | null;
  signal?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Working directory; default the bench directory. */
  cwd?: string;
  /** The whole environment (default: a minimal one, PATH and HOME only). */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; undefined closes stdin at once. */
  input?: string;
  /** Leave stdin open (and empty), as a runner that never closes it does. Use with `timeoutMs`. */
  keepStdinOpen?: boolean;
  /** Kill with SIGTERM after this many ms. */
  timeoutMs?: number;
}

export interface BenchDirectory {
  /** The bench directory. */
  path: string;
  sitesPath: string;
  /** bench's config/nginx.conf, what `bench setup nginx` writes and `nginx -s reload` loads. */
  nginxConfPath: string;
  /** Removes the directory. */
  cleanup(): void;
  /** What bin/bench was called with, oldest first. */
  invocations(): StandinInvocation[];
  /** What bin/nginx was called with, oldest first. */
  nginxInvocations(): StandinInvocation[];
  commonSiteConfig(): Record<string, unknown>;
  /** Merges keys into common_site_config.json (undefined removes a key). */
  setCommonSiteConfig(patch: Record<string, unknown>): void;
  /** sites/<site>/site_config.json, or undefined. */
  siteConfig(site: string): Record<string, unknown> | undefined;
  /** Runs bin/bench with an argument array (execFile, no shell), in the bench directory by default. */
  bench(args: string[], options?: RunOptions): Promise<RunResult>;
  /** Runs bin/nginx the same way. */
  nginx(args: string[], options?: RunOptions): Promise<RunResult>;
}

function readJsonLines(file: string): StandinInvocation[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StandinInvocation);
}

function writeJson(file: string, value: Record<string, unknown>): void {
  const sorted = Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]));
  writeFileSync(file, JSON.stringify(sorted, null, 1));
}

/** A minimal environment: what a service manager typically gives a worker. */
export function minimalEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
}

/** Runs a stand-in with `node` (so no exec bit or shebang lookup is needed). */
export function runStandin(executable: string, args: string[], options: RunOptions & { cwd: string }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [executable, ...args],
      { cwd: options.cwd, env: options.env ?? minimalEnv(), timeout: options.timeoutMs ?? 0, killSignal: 'SIGTERM' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, signal: (error?.signal as NodeJS.Signals | undefined) ?? null, stdout, stderr });
      },
    );
    if (options.keepStdinOpen) return;
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

export async function makeBenchDirectory(options: BenchDirectoryOptions): Promise<BenchDirectory> {
  const root = mkdtempSync(path.join(tmpdir(), 'sim-bench-'));
  for (const dir of ['apps', 'sites', 'logs', path.join('config', 'pids')]) mkdirSync(path.join(root, dir), { recursive: true });
  const controlUrl = options.controlUrl.replace(/\/+$/, '');
  const common: Record<string, unknown> = { sim_control_url: controlUrl, ...(options.commonSiteConfig ?? {}) };
  const frappeUser = options.frappeUser === undefined ? userInfo().username : options.frappeUser;
  if (frappeUser !== null) common.frappe_user = frappeUser;
  if (options.rootPassword !== undefined) {
    common.sim_db_root_password = options.rootPassword;
    if (options.rootPasswordInConfig) common.root_password = options.rootPassword;
  }
  if (options.failAfterConfig) common.sim_new_site_fail_after_config = true;
  if (options.effectiveUid !== undefined) common.sim_effective_uid = options.effectiveUid;
  if (options.dnsMultitenant) common.dns_multitenant = true;
  const sitesPath = path.join(root, 'sites');
  const commonPath = path.join(sitesPath, 'common_site_config.json');
  writeJson(commonPath, common);
  writeFileSync(path.join(sitesPath, 'apps.txt'), 'frappe\nerpnext\n');
  if (options.adoptSites !== false) {
    const res = await fetch(`${controlUrl}/__sim/sites`);
    const sites = (await res.json()) as Array<{ name: string }>;
    for (const site of sites) {
      mkdirSync(path.join(sitesPath, site.name), { recursive: true });
      writeJson(path.join(sitesPath, site.name, 'site_config.json'), { db_name: `_adopted_${site.name.replace(/\W/g, '_')}`, db_password: 'adopted', db_type: 'mariadb' });
    }
  }
  const readCommon = (): Record<string, unknown> => JSON.parse(readFileSync(commonPath, 'utf8')) as Record<string, unknown>;
  return {
    path: root,
    sitesPath,
    nginxConfPath: path.join(root, 'config', 'nginx.conf'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
    invocations: () => readJsonLines(path.join(root, 'logs', 'bench-standin.jsonl')),
    nginxInvocations: () => readJsonLines(path.join(root, 'logs', 'nginx-standin.jsonl')),
    commonSiteConfig: readCommon,
    setCommonSiteConfig(patch) {
      const next = { ...readCommon(), ...patch };
      for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
      writeJson(commonPath, next);
    },
    siteConfig(site) {
      const file = path.join(sitesPath, site, 'site_config.json');
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
    },
    bench: (args, runOptions = {}) => runStandin(BENCH_STANDIN, args, { ...runOptions, cwd: runOptions.cwd ?? root }),
    nginx: (args, runOptions = {}) => runStandin(NGINX_STANDIN, args, { ...runOptions, cwd: runOptions.cwd ?? root }),
  };
}
