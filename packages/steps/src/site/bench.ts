import { StepError } from '../errors/step-error';
import type { BenchResult, StepContext } from '../step';

/**
 * Frappe's `bench` on a real bench host (FRAPPE_REST_FACTS §7, §10), through the worker's runner:
 * an argument array (never a shell), cwd = the bench directory, stdin closed, a minimal environment
 * and BENCH_TIMEOUT_MS (the runner owns all four; nothing here picks a timeout).
 *
 * Secrets — the tenant's admin password and the MariaDB root password — are arguments because bench
 * expects them there; they are masked in every message we produce, bench's own output included.
 * Failures: BENCH_NOT_FOUND (cannot start it / exit 127), BENCH_TIMEOUT (killed on timeout),
 * SITE_CREATE_FAILED (non-zero exit), SITE_HALF_CREATED (a site bench cannot open: drop it by hand),
 * SITE_NOT_READY (its database does not answer), BENCH_POST_CREATE_FAILED (a post-create command).
 */

const SECRET_FLAGS = new Set(['--admin-password', '--db-password', '--db-root-password', '--mariadb-root-password', '--root-password']);

/** "Site X does not exist!" is how bench says a site is unknown (exit 1). */
const SITE_MISSING = /\bSite \S+ does not exist/i;
/** A database that refused or lacks the site's schema: the signature of a half-created site. */
const DB_ERROR = /OperationalError|ProgrammingError|InternalError|pymysql|MySQLdb|Unknown database|Access denied for user|Table '[^']*' doesn't exist|\((?:1044|1045|1049|1146)\b/i;
/** The database server itself does not answer: nothing is wrong with the site. */
const DB_UNREACHABLE = /Can't connect to (?:local )?(?:MySQL|MariaDB)|Lost connection to (?:MySQL|MariaDB)|Connection refused|\((?:2002|2003|2006|2013)\b/i;

/**
 * The apps installed on a site (`bench --site SITE list-apps --format json`), or null when bench says
 * the site does not exist. Asking bench, not HTTP, is deliberate: behind a proxy with a default
 * server, a request for a site that does not exist can be answered by another site.
 */
export async function listSiteApps(ctx: StepContext, site: string): Promise<string[] | null> {
  const args = ['--site', site, 'list-apps', '--format', 'json'];
  const res = await execBench(ctx, args);
  const out = `${res.stderr}\n${res.stdout}`;
  if (res.exitCode !== 0) {
    if (SITE_MISSING.test(out) && !DB_ERROR.test(out)) return null;
    if (DB_ERROR.test(out) || DB_UNREACHABLE.test(out)) {
      if (DB_UNREACHABLE.test(out)) {
        throw new StepError('SITE_NOT_READY', `"bench ${args.join(' ')}" cannot reach the database: ${tail(mask(out, secretsOf(ctx)))}`, {
          hint: 'MariaDB on the bench host does not answer (bench could not connect). Start it or check db_host in sites/common_site_config.json; the step retries by itself, then POST /continue.',
        });
      }
      if ((await ctx.bench?.siteConfigExists?.(site)) ?? true) {
        throw new StepError(
          'SITE_HALF_CREATED',
          `${site} is half-created: sites/${site}/site_config.json exists but bench cannot open its database: ${tail(mask(out, secretsOf(ctx)), 300)}`,
          { hint: halfCreatedHint(ctx, site) },
        );
      }
    }
    throw new StepError('SITE_CREATE_FAILED', `"bench ${args.join(' ')}" exited ${res.exitCode}: ${tail(mask(out, secretsOf(ctx)))}`);
  }
  const apps = parseAppList(res.stdout, site);
  if (apps === null) {
    throw new StepError('SITE_CREATE_FAILED', `"bench ${args.join(' ')}" printed no app list as JSON: ${tail(mask(res.stdout, secretsOf(ctx)))}`);
  }
  return apps;
}

/** `{"site": ["frappe", "erpnext"]}` (frappe/commands/site.py list_apps, --format json). */
export function parseAppList(stdout: string, site: string): string[] | null {
  const text = stdout.trim();
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end < start) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const entries = Object.entries(parsed as Record<string, unknown>);
  const mine = entries.find(([name]) => name.toLowerCase() === site.toLowerCase()) ?? (entries.length === 1 ? entries[0] : undefined);
  const list = mine?.[1];
  return Array.isArray(list) ? list.filter((a): a is string => typeof a === 'string') : null;
}

/**
 * `bench new-site SITE --admin-password PW --install-app erpnext` with the host's database options
 * (BENCH_DB_ROOT_USER/PASSWORD → --db-root-username/--db-root-password, v15's names for the
 * --mariadb-root-* options; BENCH_DB_USER_HOST_SCOPE → --mariadb-user-host-login-scope). Without a
 * root password bench takes `root_password` from common_site_config.json, or would prompt — with
 * stdin closed the prompt ends at once instead of hanging.
 * Returns 'exists' when bench says the site already exists and it is whole (another job made it).
 */
export async function createSite(ctx: StepContext, site: string, adminPassword: string): Promise<'created' | 'exists'> {
  const db = ctx.bench?.database ?? {};
  const args = ['new-site', site, '--admin-password', adminPassword, '--install-app', 'erpnext'];
  if (db.rootUser) args.push('--db-root-username', db.rootUser);
  if (db.rootPassword) args.push('--db-root-password', db.rootPassword);
  if (db.userHostScope) args.push(`--mariadb-user-host-login-scope=${db.userHostScope}`);
  const res = await execBench(ctx, args);
  if (res.exitCode === 0) {
    ctx.log.info({ bench: maskArgs(args) }, 'bench created the site');
    return 'created';
  }
  const out = `${res.stderr}\n${res.stdout}`;
  if (/already exists/i.test(out)) {
    // Made meanwhile by another job, or left half-created by an earlier new-site: list-apps tells
    // (and raises SITE_HALF_CREATED for the latter).
    if ((await listSiteApps(ctx, site)) !== null) return 'exists';
  }
  const leftBehind = (await ctx.bench?.siteConfigExists?.(site)) === true;
  throw new StepError(
    'SITE_CREATE_FAILED',
    `"bench ${maskArgs(args)}" exited ${res.exitCode}: ${tail(mask(out, secretsOf(ctx)))}`,
    leftBehind
      ? { hint: `bench could not create the site (the message has its output: MariaDB root credentials, disk space…) and left sites/${site}/site_config.json behind. Fix the cause, remove the half-created site with \`${dropSiteCommand(ctx, site)}\` (archived, never dropped for you), then POST /continue.` }
      : {},
  );
}

export async function installErpNext(ctx: StepContext, site: string): Promise<void> {
  const args = ['--site', site, 'install-app', 'erpnext'];
  const res = await execBench(ctx, args);
  if (res.exitCode !== 0) {
    throw new StepError('SITE_CREATE_FAILED', `"bench ${args.join(' ')}" exited ${res.exitCode}: ${tail(mask(`${res.stderr}\n${res.stdout}`, secretsOf(ctx)))}`);
  }
  ctx.log.info({ bench: args.join(' ') }, 'bench installed erpnext');
}

/**
 * Runs BENCH_POST_CREATE_COMMANDS in order (e.g. `bench setup nginx --yes`, `sudo -n nginx -s
 * reload`): a new site answers by its name only after the web server learnt it. An argument
 * "{site}" becomes the site's name. Returns the commands run, as shown in messages.
 */
export async function runPostCreateCommands(ctx: StepContext, site: string): Promise<string[]> {
  const commands = ctx.bench?.postCreateCommands ?? [];
  const runner = ctx.bench;
  if (commands.length === 0 || !runner?.runCommand) return [];
  const ran: string[] = [];
  for (const raw of commands) {
    const argv = raw.map((a) => (a === '{site}' ? site : a));
    const shown = maskArgs(argv);
    let res: BenchResult;
    try {
      res = await runner.runCommand(argv);
    } catch (err) {
      const e = err as { code?: unknown; timedOut?: boolean; message?: string };
      const why = e?.timedOut ? 'did not finish within BENCH_TIMEOUT_MS and was killed' : `could not run (${String(e?.code ?? mask(e?.message ?? String(err), secretsOf(ctx)))})`;
      throw new StepError('BENCH_POST_CREATE_FAILED', `post-create command "${shown}" for ${site} ${why}`, { cause: err });
    }
    if (res.exitCode !== 0) {
      throw new StepError('BENCH_POST_CREATE_FAILED', `post-create command "${shown}" for ${site} exited ${res.exitCode}: ${tail(mask(`${res.stderr}\n${res.stdout}`, secretsOf(ctx)))}`);
    }
    ran.push(shown);
  }
  ctx.log.info({ site, commands: ran }, 'post-create commands finished');
  return ran;
}

/** The command that removes a site for good (archived under archived/sites/, not --no-backup). */
export function dropSiteCommand(ctx: StepContext, site: string): string {
  const db = ctx.bench?.database ?? {};
  const parts = [`cd ${ctx.bench?.benchDir ?? 'BENCH_DIR'} && bench drop-site ${site} --force`];
  if (db.rootUser) parts.push(`--db-root-username ${db.rootUser}`);
  if (db.rootPassword) parts.push('--db-root-password <BENCH_DB_ROOT_PASSWORD>');
  return parts.join(' ');
}

function halfCreatedHint(ctx: StepContext, site: string): string {
  return `A bench new-site for ${site} died after writing sites/${site}/site_config.json and before its database was ready. The provisioner never drops a site by itself: on the bench host run \`${dropSiteCommand(ctx, site)}\` (it archives the site under archived/sites/), then POST /continue to create it again.${ctx.bench?.database?.userHostScope ? '' : ' If MariaDB runs on another host and bench said "Access denied for user …@<the bench host>", set BENCH_DB_USER_HOST_SCOPE (e.g. %) first.'}`;
}

/** Runs bench; only failing to start it, exit 127 and a timeout are errors here. */
async function execBench(ctx: StepContext, args: string[]): Promise<BenchResult> {
  const shown = maskArgs(args);
  if (!ctx.bench) {
    throw new StepError('BENCH_NOT_FOUND', `per-site mode needs bench to run "bench ${shown}", but no bench runner is configured`);
  }
  let res: BenchResult;
  try {
    res = await ctx.bench.run(args);
  } catch (err) {
    const e = err as { code?: unknown; timedOut?: boolean; timeoutMs?: unknown; signal?: unknown; message?: string };
    if (e?.code === 'ENOENT' || e?.code === 'EACCES') {
      throw new StepError('BENCH_NOT_FOUND', `could not start bench (${String(e.code)}) for "bench ${shown}"`, { cause: err });
    }
    if (e?.timedOut) {
      const limit = typeof e.timeoutMs === 'number' ? ` within ${e.timeoutMs} ms` : '';
      throw new StepError('BENCH_TIMEOUT', `"bench ${shown}" did not finish${limit} (BENCH_TIMEOUT_MS) and was killed`, { cause: err });
    }
    throw new StepError('SITE_CREATE_FAILED', `"bench ${shown}" failed to run: ${mask(e?.message ?? String(err), secretsOf(ctx))}`, { cause: err });
  }
  if (res.exitCode === 127) {
    throw new StepError('BENCH_NOT_FOUND', `"bench ${shown}" exited 127 (command not found): ${tail(mask(res.stderr, secretsOf(ctx)))}`);
  }
  return res;
}

export function maskArgs(args: readonly string[]): string {
  return args
    .map((a, i) => {
      if (i > 0 && SECRET_FLAGS.has(args[i - 1] ?? '')) return '***';
      const eq = a.indexOf('=');
      return eq > 0 && SECRET_FLAGS.has(a.slice(0, eq)) ? `${a.slice(0, eq)}=***` : a;
    })
    .join(' ');
}

/** Every secret bench sees: the tenant's admin password and the MariaDB root password. */
function secretsOf(ctx: StepContext): string[] {
  const out: string[] = [];
  const root = ctx.bench?.database?.rootPassword;
  if (root) out.push(root);
  try {
    const admin = ctx.adminPassword();
    if (admin) out.push(admin);
  } catch {
    // Masking must never be the reason a step fails.
  }
  return out;
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
