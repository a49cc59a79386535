import { classifyError } from '../errors/step-error';
import type { BenchResult, BenchRunner, StepContext } from '../step';
import { createSite, dropSiteCommand, listSiteApps, maskArgs, parseAppList, runPostCreateCommands } from './bench';

// bench's answers as a real bench host gives them (FRAPPE_REST_FACTS §10), replayed by a recording
// runner: what we send and how we read what comes back.
function benchCtx(answer: (args: readonly string[]) => BenchResult, runner: Partial<BenchRunner> = {}): { ctx: StepContext; calls: string[][] } {
  const calls: string[][] = [];
  const bench: BenchRunner = {
    benchDir: '/home/frappe/frappe-bench',
    database: { rootUser: 'root', rootPassword: 'r00t-secret' },
    run: async (args) => {
      calls.push([...args]);
      return answer(args);
    },
    runCommand: async (argv) => {
      calls.push([...argv]);
      return answer(argv);
    },
    ...runner,
  };
  const ctx = {
    tenant: { siteName: 'acme.localhost' },
    bench,
    adminPassword: () => 'tenant-pw-1',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined },
  } as unknown as StepContext;
  return { ctx, calls };
}
const ok = (stdout = ''): BenchResult => ({ stdout, stderr: '', exitCode: 0 });
const fail = (stderr: string, exitCode = 1): BenchResult => ({ stdout: '', stderr, exitCode });

describe('bench on a real host', () => {
  it('reads list-apps --format json', async () => {
    const { ctx, calls } = benchCtx(() => ok('{"acme.localhost": ["frappe", "erpnext"]}\n'));
    expect(await listSiteApps(ctx, 'acme.localhost')).toEqual(['frappe', 'erpnext']);
    expect(calls).toEqual([['--site', 'acme.localhost', 'list-apps', '--format', 'json']]);
    expect(parseAppList('Some warning\n{"ACME.localhost":["frappe"]}', 'acme.localhost')).toEqual(['frappe']);
    expect(parseAppList('frappe 15.92.0 version-15', 'acme.localhost')).toBeNull();
  });

  it('says a site does not exist only when bench says so', async () => {
    const { ctx } = benchCtx(() => fail('Site acme.localhost does not exist!'));
    expect(await listSiteApps(ctx, 'acme.localhost')).toBeNull();
  });

  it('reports a half-created site with the exact drop-site command and never the root password', async () => {
    const { ctx, calls } = benchCtx(() => fail("pymysql.err.OperationalError: (1049, \"Unknown database '_5e1b0f2c9a8d7e6f'\")"), { siteConfigExists: async () => true });
    const err = await listSiteApps(ctx, 'acme.localhost').catch((e: unknown) => e);
    const c = classifyError(err);
    expect(c).toMatchObject({ code: 'SITE_HALF_CREATED', retryable: false });
    expect(c.hint).toContain('cd /home/frappe/frappe-bench && bench drop-site acme.localhost --force --db-root-username root --db-root-password <BENCH_DB_ROOT_PASSWORD>');
    expect(JSON.stringify(c)).not.toContain('r00t-secret');
    // It only looked: nothing was dropped.
    expect(calls.every((a) => !a.includes('drop-site'))).toBe(true);
  });

  it('tells a database that does not answer apart from a half-created site', async () => {
    const { ctx } = benchCtx(() => fail("pymysql.err.OperationalError: (2003, \"Can't connect to MySQL server on 'db' ([Errno 111] Connection refused)\")"), { siteConfigExists: async () => true });
    expect(classifyError(await listSiteApps(ctx, 'acme.localhost').catch((e: unknown) => e))).toMatchObject({ code: 'SITE_NOT_READY', retryable: true });
  });

  it('creates a site with the host database options and masks both passwords in a failure', async () => {
    const { ctx, calls } = benchCtx((args) => (args[0] === 'new-site' ? fail('Access denied for user root (password r00t-secret) while creating for tenant-pw-1') : ok()));
    (ctx.bench as { database: object }).database = { rootUser: 'admin', rootPassword: 'r00t-secret', userHostScope: '%' };
    const err = await createSite(ctx, 'acme.localhost', 'tenant-pw-1').catch((e: unknown) => e);
    expect(calls[0]).toEqual([
      'new-site', 'acme.localhost', '--admin-password', 'tenant-pw-1', '--install-app', 'erpnext',
      '--db-root-username', 'admin', '--db-root-password', 'r00t-secret', '--mariadb-user-host-login-scope=%',
    ]);
    const c = classifyError(err);
    expect(c.code).toBe('SITE_CREATE_FAILED');
    expect(c.message).toContain('Access denied');
    expect(JSON.stringify(c)).not.toMatch(/r00t-secret|tenant-pw-1/);
  });

  it('takes "already exists" for a whole site as made by someone else, and for a broken one as half-created', async () => {
    const whole = benchCtx((args) => (args[0] === 'new-site' ? fail('Site acme.localhost already exists') : ok('{"acme.localhost":["frappe","erpnext"]}')));
    expect(await createSite(whole.ctx, 'acme.localhost', 'pw')).toBe('exists');
    const broken = benchCtx((args) => (args[0] === 'new-site' ? fail('Site acme.localhost already exists') : fail("(1049, \"Unknown database '_x'\")")), { siteConfigExists: async () => true });
    expect(classifyError(await createSite(broken.ctx, 'acme.localhost', 'pw').catch((e: unknown) => e)).code).toBe('SITE_HALF_CREATED');
  });

  it('says which bench command was killed on timeout', async () => {
    const { ctx } = benchCtx(() => ok(), {
      run: async () => {
        throw Object.assign(new Error('bench did not finish within 600000 ms and was killed'), { code: 'ETIMEDOUT', timedOut: true, timeoutMs: 600_000 });
      },
    });
    const c = classifyError(await createSite(ctx, 'acme.localhost', 'tenant-pw-1').catch((e: unknown) => e));
    expect(c).toMatchObject({ code: 'BENCH_TIMEOUT', retryable: false });
    expect(c.message).toBe('"bench new-site acme.localhost --admin-password *** --install-app erpnext --db-root-username root --db-root-password ***" did not finish within 600000 ms (BENCH_TIMEOUT_MS) and was killed');
  });

  it('runs the post-create commands in order with the site filled in, and stops at the first failure', async () => {
    const { ctx, calls } = benchCtx((argv) => (argv[0] === 'sudo' ? fail('sudo: a password is required') : ok()), {
      postCreateCommands: [['bench', 'setup', 'nginx', '--yes'], ['bench', 'setup', 'add-domain', '{site}'], ['sudo', '-n', 'nginx', '-s', 'reload'], ['never']],
    });
    const c = classifyError(await runPostCreateCommands(ctx, 'acme.localhost').catch((e: unknown) => e));
    expect(calls).toEqual([['bench', 'setup', 'nginx', '--yes'], ['bench', 'setup', 'add-domain', 'acme.localhost'], ['sudo', '-n', 'nginx', '-s', 'reload']]);
    expect(c).toMatchObject({ code: 'BENCH_POST_CREATE_FAILED', retryable: false });
    expect(c.message).toContain('sudo: a password is required');
  });

  it('masks secret options in either spelling', () => {
    expect(maskArgs(['new-site', 's', '--admin-password', 'a', '--mariadb-root-password=b', '--db-root-password', 'c'])).toBe('new-site s --admin-password *** --mariadb-root-password=*** --db-root-password ***');
    const { ctx } = benchCtx(() => ok());
    (ctx.bench as { database: object }).database = { rootUser: 'root' };
    // Without a configured root password bench reads root_password from common_site_config.json.
    expect(dropSiteCommand(ctx, 'acme.localhost')).toBe('cd /home/frappe/frappe-bench && bench drop-site acme.localhost --force --db-root-username root');
  });
});
