import { StepError } from '../errors/step-error';
import type { StepContext } from '../step';

/** bench new-site can take minutes (database creation, erpnext install). */
const BENCH_TIMEOUT_MS = 20 * 60_000;

/**
 * Runs `bench` with an argument array (never a shell). The admin password is an argument because
 * bench expects it there; it is masked in every message we produce, including bench's own output.
 * Failures: BENCH_NOT_FOUND (cannot start it / exit 127), SITE_CREATE_FAILED (non-zero exit, killed).
 */
export async function runBench(ctx: StepContext, args: string[], secrets: string[] = []): Promise<{ stdout: string }> {
  const res = await execBench(ctx, args, secrets);
  const shown = maskArgs(args);
  if (res.exitCode !== 0) {
    throw new StepError('SITE_CREATE_FAILED', `"bench ${shown}" exited ${res.exitCode}: ${tail(mask(res.stderr || res.stdout, secrets))}`);
  }
  ctx.log.info({ bench: shown }, 'bench finished');
  return { stdout: res.stdout };
}

/**
 * The apps installed on a site (`bench --site SITE list-apps`), or null when bench says the site
 * does not exist. Asking bench, not HTTP, is deliberate: behind a proxy with a default server, a
 * request for a site that does not exist can be answered by another site.
 */
export async function listSiteApps(ctx: StepContext, site: string): Promise<string[] | null> {
  const res = await execBench(ctx, ['--site', site, 'list-apps']);
  if (res.exitCode !== 0) {
    if (/does not exist/i.test(`${res.stderr}\n${res.stdout}`)) return null;
    throw new StepError('SITE_CREATE_FAILED', `"bench --site ${site} list-apps" exited ${res.exitCode}: ${tail(res.stderr || res.stdout)}`);
  }
  return res.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((app) => /^[a-z_][a-z0-9_]*$/.test(app));
}

/** Runs bench; only failing to start it (or exit 127) is an error here. */
async function execBench(ctx: StepContext, args: string[], secrets: string[] = []): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const shown = maskArgs(args);
  if (!ctx.bench) {
    throw new StepError('BENCH_NOT_FOUND', `per-site mode needs bench to run "bench ${shown}", but no bench runner is configured`);
  }
  let res: { stdout: string; stderr: string; exitCode: number };
  try {
    res = await ctx.bench.run(args, { timeoutMs: BENCH_TIMEOUT_MS });
  } catch (err) {
    const e = err as { code?: unknown; killed?: boolean; signal?: unknown; message?: string };
    if (e?.code === 'ENOENT' || e?.code === 'EACCES') {
      throw new StepError('BENCH_NOT_FOUND', `could not start bench (${String(e.code)}) for "bench ${shown}"`, { cause: err });
    }
    const why = e?.killed ? `was killed (${String(e.signal ?? 'timeout')})` : `failed to run: ${mask(e?.message ?? String(err), secrets)}`;
    throw new StepError('SITE_CREATE_FAILED', `"bench ${shown}" ${why}`, { cause: err });
  }
  if (res.exitCode === 127) {
    throw new StepError('BENCH_NOT_FOUND', `"bench ${shown}" exited 127 (command not found): ${tail(mask(res.stderr, secrets))}`);
  }
  return res;
}

const SECRET_FLAGS = new Set(['--admin-password', '--db-password', '--db-root-password', '--mariadb-root-password']);

export function maskArgs(args: string[]): string {
  return args.map((a, i) => (i > 0 && SECRET_FLAGS.has(args[i - 1] ?? '') ? '***' : a)).join(' ');
}

function mask(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

function tail(text: string, max = 600): string {
  const t = text.trim();
  return t.length > max ? `…${t.slice(-max)}` : t || '(no output)';
}
