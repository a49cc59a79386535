/**
 * Fact sheet §7 and §10 "bench on a real host": bin/bench and bin/nginx, run as child processes in
 * a temporary bench directory against the simulator. One test per rule; each fails if its rule goes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeBenchDirectory, minimalEnv, startTestSim, type BenchDirectory, type TestSim } from '../testing';

const ROOT_PW = 'maria-root-pw';
let sim: TestSim;
let bench: BenchDirectory;
const scratch: string[] = [];

/** A directory that is not a bench; its sites/common_site_config.json (read by bench's root check) says `config`. */
function outsideDir(config: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'not-a-bench-'));
  mkdirSync(path.join(dir, 'sites'));
  writeFileSync(path.join(dir, 'sites', 'common_site_config.json'), JSON.stringify(config));
  scratch.push(dir);
  return dir;
}

const siteExists = (name: string) => sim.handle.sites().some((s) => s.name === name);

beforeAll(async () => {
  sim = await startTestSim();
  bench = await makeBenchDirectory({ controlUrl: sim.url, rootPassword: ROOT_PW });
});
afterAll(async () => {
  bench.cleanup();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  await sim.close();
});

describe('bin/bench: site commands', () => {
  it('creates a site with new-site (root password, admin password, --install-app erpnext, --mariadb-user-host-login-scope=%)', async () => {
    const res = await bench.bench(['new-site', 'tenant.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW, '--install-app', 'erpnext', '--mariadb-user-host-login-scope=%']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Installing erpnext...');
    expect(res.stdout).toContain('*** Scheduler is disabled ***');
    expect(sim.handle.site('tenant.localhost').installedApps).toEqual(['frappe', 'erpnext']);
    expect(bench.siteConfig('tenant.localhost')).toEqual({ db_name: expect.stringMatching(/^_[0-9a-f]{16}$/), db_password: expect.any(String), db_type: 'mariadb' });
    const login = await sim.post('/api/method/login', { usr: 'Administrator', pwd: 'pw' }, { auth: 'none', site: 'tenant.localhost' });
    expect(login.body.message).toBe('Logged In');
  });

  it('refuses new-site for a site directory that exists: "Site X already exists, use `--force` ...", exit 1; --force recreates it', async () => {
    const res = await bench.bench(['new-site', 'tenant.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('Site tenant.localhost already exists, use `--force` to proceed anyway\n');
    const forced = await bench.bench(['new-site', 'tenant.localhost', '--admin-password', 'pw2', '--db-root-password', ROOT_PW, '--force']);
    expect(forced.code).toBe(0);
    expect(sim.handle.site('tenant.localhost').installedApps).toEqual(['frappe']);
  });

  it('installs erpnext with --site SITE install-app erpnext, and says so when it already is', async () => {
    const first = await bench.bench(['--site', 'tenant.localhost', 'install-app', 'erpnext']);
    expect(first.code).toBe(0);
    expect(sim.handle.site('tenant.localhost').installedApps).toEqual(['frappe', 'erpnext']);
    const again = await bench.bench(['--site', 'tenant.localhost', 'install-app', 'erpnext']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('App erpnext already installed');
  });

  it('lists apps as text (name, version, branch)', async () => {
    const res = await bench.bench(['--site', 'tenant.localhost', 'list-apps']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^frappe\s+15\.\d+\.\d+ version-15$/m);
    expect(res.stdout).toMatch(/^erpnext\s+15\.\d+\.\d+ version-15$/m);
  });

  it('lists apps as JSON with --format json: {"SITE": [app names]} in frappe.as_json layout', async () => {
    const res = await bench.bench(['--site', 'tenant.localhost', 'list-apps', '--format', 'json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ 'tenant.localhost': ['frappe', 'erpnext'] });
    expect(res.stdout).toBe(`${JSON.stringify({ 'tenant.localhost': ['frappe', 'erpnext'] }, null, 1)}\n`);
  });

  it('toggles maintenance mode in site_config.json and on the site', async () => {
    expect((await bench.bench(['--site', 'tenant.localhost', 'set-maintenance-mode', 'on'])).code).toBe(0);
    expect(bench.siteConfig('tenant.localhost')?.maintenance_mode).toBe(1);
    expect((await sim.get('/api/method/ping', { site: 'tenant.localhost', auth: 'none' })).status).toBe(503);
    expect((await bench.bench(['--site=tenant.localhost', 'set-maintenance-mode', 'off'])).code).toBe(0);
    expect((await sim.get('/api/method/ping', { site: 'tenant.localhost', auth: 'none' })).status).toBe(200);
  });

  it('answers a missing site with "Site X does not exist!" on stdout, exit 1', async () => {
    const res = await bench.bench(['--site', 'ghost.localhost', 'list-apps']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('Site ghost.localhost does not exist!\n');
  });

  it('exits 2 for a command Frappe does not have', async () => {
    const res = await bench.bench(['--site', 'tenant.localhost', 'migrate-everything']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("Error: No such command 'migrate-everything'.");
  });

  it('drops a site: the database goes and sites/SITE moves to archived/sites', async () => {
    await bench.bench(['new-site', 'doomed.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
    const res = await bench.bench(['drop-site', 'doomed.localhost', '--db-root-password', ROOT_PW, '--no-backup']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Moving site to archive under ${path.join(bench.path, 'archived', 'sites')}`);
    expect(siteExists('doomed.localhost')).toBe(false);
    expect(existsSync(path.join(bench.sitesPath, 'doomed.localhost'))).toBe(false);
    expect(existsSync(path.join(bench.path, 'archived', 'sites', 'doomed.localhost', 'site_config.json'))).toBe(true);
  });

  it('drops into --archived-sites-path when given', async () => {
    const archive = path.join(bench.path, 'elsewhere');
    await bench.bench(['new-site', 'doomed2.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
    const res = await bench.bench(['drop-site', 'doomed2.localhost', '--root-password', ROOT_PW, '--archived-sites-path', archive]);
    expect(res.code).toBe(0);
    expect(readdirSync(archive)).toEqual(['doomed2.localhost']);
  });
});

describe('bin/bench: where it runs', () => {
  it('hands Frappe commands over only inside a bench directory: elsewhere "No such command \'new-site\'.", exit 2', async () => {
    const elsewhere = outsideDir({ sim_effective_uid: 1000, sim_control_url: sim.url });
    const res = await bench.bench(['new-site', 'stray.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW], { cwd: elsewhere });
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('WARN: Command not being executed in bench directory');
    expect(res.stderr).toBe("Usage: bench [OPTIONS] COMMAND [ARGS]...\nTry 'bench --help' for help.\n\nError: No such command 'new-site'.\n");
    expect(siteExists('stray.localhost')).toBe(false);
    const list = await bench.bench(['--site', 'tenant.localhost', 'list-apps'], { cwd: elsewhere });
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('Error: No such option: --site');
  });

  it('works from a subdirectory of the bench (the nearest parent that is a bench)', async () => {
    const res = await bench.bench(['--site', 'tenant.localhost', 'list-apps'], { cwd: path.join(bench.sitesPath, 'tenant.localhost') });
    expect(res.code).toBe(0);
  });

  it('changes into the bench named by /etc/frappe_bench_dir when run elsewhere', async () => {
    const elsewhere = outsideDir({ frappe_user: 'root' });
    const pointer = path.join(elsewhere, 'frappe_bench_dir');
    writeFileSync(pointer, `${bench.path}\n`);
    const res = await bench.bench(['--site', 'tenant.localhost', 'list-apps'], { cwd: elsewhere, env: { ...minimalEnv(), SIM_FRAPPE_BENCH_DIR_FILE: pointer } });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^erpnext\s/m);
  });

  it('refuses to run as root without frappe_user: "WARN: You should not run this command as root", exit 1', async () => {
    const rootBench = await makeBenchDirectory({ controlUrl: sim.url, frappeUser: null, effectiveUid: 0 });
    try {
      const res = await rootBench.bench(['new-site', 'asroot.localhost', '--admin-password', 'pw', '--db-root-password', 'x']);
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('WARN: You should not run this command as root\n');
      expect(siteExists('asroot.localhost')).toBe(false);
      rootBench.setCommonSiteConfig({ frappe_user: 'root' });
      expect((await rootBench.bench(['--site', 'erp.localhost', 'list-apps'])).code).toBe(0);
      rootBench.setCommonSiteConfig({ frappe_user: undefined, sim_effective_uid: 1000 });
      expect((await rootBench.bench(['--site', 'erp.localhost', 'list-apps'])).code).toBe(0);
    } finally {
      rootBench.cleanup();
    }
  });

  it('finds the simulator through sim_control_url in the bench, else ERPNEXT_SIM_CONTROL_URL', async () => {
    const other = await makeBenchDirectory({ controlUrl: sim.url });
    try {
      expect((await other.bench(['--site', 'erp.localhost', 'list-apps'], { env: minimalEnv() })).code).toBe(0);
      other.setCommonSiteConfig({ sim_control_url: undefined });
      const lost = await other.bench(['--site', 'erp.localhost', 'list-apps'], { env: minimalEnv() });
      expect(lost.code).toBe(1);
      expect(lost.stderr).toContain('sim_control_url');
      expect((await other.bench(['--site', 'erp.localhost', 'list-apps'], { env: { ...minimalEnv(), ERPNEXT_SIM_CONTROL_URL: sim.url } })).code).toBe(0);
    } finally {
      other.cleanup();
    }
  });
});

describe('bin/bench: the MariaDB root password and half-created sites', () => {
  it('takes the root password from root_password in common_site_config.json', async () => {
    const configured = await makeBenchDirectory({ controlUrl: sim.url, rootPassword: ROOT_PW, rootPasswordInConfig: true });
    try {
      const res = await configured.bench(['new-site', 'configured.localhost', '--admin-password', 'pw']);
      expect(res.code).toBe(0);
      expect(res.stderr).not.toContain('MySQL root password');
    } finally {
      configured.cleanup();
    }
  });

  it('prompts for it on the terminal and reads stdin', async () => {
    const res = await bench.bench(['new-site', 'typed.localhost', '--admin-password', 'pw'], { input: `${ROOT_PW}\n` });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('MySQL root password: ');
    expect(siteExists('typed.localhost')).toBe(true);
  });

  it('fails at the prompt when stdin is closed (EOFError, exit 1) and leaves a half-created site', async () => {
    const res = await bench.bench(['new-site', 'half.localhost', '--admin-password', 'pw']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('MySQL root password: ');
    expect(res.stderr).toMatch(/\nEOFError\n$/);
    expect(bench.siteConfig('half.localhost')).toHaveProperty('db_name');
    expect(siteExists('half.localhost')).toBe(false);
  });

  it('on a half-created site: list-apps fails with a database error, new-site says it exists, drop-site needs --force', async () => {
    const dbName = String(bench.siteConfig('half.localhost')?.db_name);
    const list = await bench.bench(['--site', 'half.localhost', 'list-apps']);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(`pymysql.err.OperationalError: (1045, "Access denied for user '${dbName}'@'localhost' (using password: YES)")`);
    const again = await bench.bench(['new-site', 'half.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Site half.localhost already exists');
    const drop = await bench.bench(['drop-site', 'half.localhost', '--db-root-password', ROOT_PW]);
    expect(drop.code).toBe(1);
    expect(drop.stdout).toContain("Error: The operation has stopped because backup of half.localhost's database failed.");
    expect(drop.stdout).toContain("Hint: Use 'bench drop-site half.localhost --force' to force the removal of half.localhost");
    const forced = await bench.bench(['drop-site', 'half.localhost', '--db-root-password', ROOT_PW, '--force']);
    expect(forced.code).toBe(0);
    expect(bench.siteConfig('half.localhost')).toBeUndefined();
    const fresh = await bench.bench(['new-site', 'half.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
    expect(fresh.code).toBe(0);
  });

  it('waits at the prompt for as long as stdin stays open', async () => {
    const res = await bench.bench(['new-site', 'hung.localhost', '--admin-password', 'pw'], { keepStdinOpen: true, timeoutMs: 1500 });
    expect(res.code).toBeNull();
    expect(res.signal).toBe('SIGTERM');
    expect(res.stderr).toContain('MySQL root password: ');
    expect(bench.invocations().at(-1)).toMatchObject({ argv: ['new-site', 'hung.localhost', '--admin-password', '***'], exitCode: null, signal: 'SIGTERM' });
  });

  it('fails like MariaDB for a wrong root password: access denied for root, exit 1, site half-created', async () => {
    const res = await bench.bench(['new-site', 'wrongpw.localhost', '--admin-password', 'pw', '--mariadb-root-password', 'nope']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`pymysql.err.OperationalError: (1045, "Access denied for user 'root'@'localhost' (using password: YES)")`);
    expect(bench.siteConfig('wrongpw.localhost')).toBeDefined();
    expect(siteExists('wrongpw.localhost')).toBe(false);
  });

  it('dies after writing site_config.json when sim_new_site_fail_after_config is set', async () => {
    const failing = await makeBenchDirectory({ controlUrl: sim.url, rootPassword: ROOT_PW, failAfterConfig: true });
    try {
      const res = await failing.bench(['new-site', 'broken.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('pymysql.err.OperationalError');
      expect(failing.siteConfig('broken.localhost')).toHaveProperty('db_name');
      expect(siteExists('broken.localhost')).toBe(false);
      expect((await failing.bench(['--site', 'broken.localhost', 'list-apps'])).stderr).toContain('Access denied');
    } finally {
      failing.cleanup();
    }
  });
});

describe('bin/bench: the invocation log', () => {
  it('appends argv (secrets masked), cwd, env names, stdinIsTTY and the exit code to logs/bench-standin.jsonl', async () => {
    await bench.bench(['--site', 'tenant.localhost', 'list-apps'], { env: { ...minimalEnv(), SECRET_TOKEN: 'do-not-log' } });
    await bench.bench(['new-site', 'logged.localhost', '--admin-password=hunter2', '--db-root-password', ROOT_PW]);
    const [list, created] = bench.invocations().slice(-2);
    expect(list).toMatchObject({ argv: ['--site', 'tenant.localhost', 'list-apps'], cwd: bench.path, stdinIsTTY: false, exitCode: 0 });
    expect(list?.envKeys).toEqual(['HOME', 'PATH', 'SECRET_TOKEN']);
    expect(created).toMatchObject({ argv: ['new-site', 'logged.localhost', '--admin-password=***', '--db-root-password', '***'], exitCode: 0 });
    expect(JSON.stringify(bench.invocations())).not.toMatch(/hunter2|do-not-log|maria-root-pw/);
  });
});

describe('bin/nginx and routing "nginx"', () => {
  let nsim: TestSim;
  let nbench: BenchDirectory;
  const servedBy = async (host: string, headerSite?: string) => {
    nsim.handle.clearRequestLog();
    await nsim.get('/api/method/ping', { auth: 'none', host, ...(headerSite ? { site: headerSite } : {}) });
    return nsim.handle.requestLog()[0]?.site;
  };

  beforeAll(async () => {
    nsim = await startTestSim({ routing: 'nginx' });
    nbench = await makeBenchDirectory({ controlUrl: nsim.url, rootPassword: ROOT_PW });
    await nbench.bench(['new-site', 'shop.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
  });
  afterAll(async () => {
    nbench.cleanup();
    await nsim.close();
  });

  it('answers a new site\'s Host with the default site, and overwrites X-Frappe-Site-Name, until nginx knows the site', async () => {
    expect(await servedBy('shop.localhost')).toBe('erp.localhost');
    expect(await servedBy('shop.localhost', 'shop.localhost')).toBe('erp.localhost');
  });

  it('needs both `bench setup nginx --yes` and `nginx -s reload` before the site answers by Host', async () => {
    expect((await nbench.bench(['setup', 'nginx', '--yes'])).code).toBe(0);
    expect(await servedBy('shop.localhost')).toBe('erp.localhost');
    const test = await nbench.nginx(['-t']);
    expect(test.code).toBe(0);
    expect(test.stderr).toContain('test is successful');
    expect((await nbench.nginx(['-s', 'reload'])).code).toBe(0);
    expect(await servedBy('shop.localhost')).toBe('shop.localhost');
    expect(await servedBy('shop.localhost:8000', 'erp.localhost')).toBe('shop.localhost');
  });

  it('does not serve a site created after the last `bench setup nginx`, even after a reload', async () => {
    await nbench.bench(['new-site', 'later.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
    expect((await nbench.nginx(['-s', 'reload'])).code).toBe(0);
    expect(await servedBy('later.localhost')).toBe('erp.localhost');
  });

  it('asks before overwriting nginx.conf without --yes, and aborts when stdin is closed', async () => {
    const res = await nbench.bench(['setup', 'nginx']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('nginx.conf already exists and this will overwrite it. Do you want to continue? [y/N]: ');
    expect(res.stderr).toContain('Aborted!');
  });

  it('fails `nginx -t` when there is no configuration', async () => {
    const empty = await makeBenchDirectory({ controlUrl: nsim.url });
    try {
      const res = await empty.nginx(['-t']);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`nginx: [emerg] open() "${empty.nginxConfPath}" failed (2: No such file or directory)`);
    } finally {
      empty.cleanup();
    }
  });

  it('serves every site by Host in dev routing (bench serve)', async () => {
    await bench.bench(['new-site', 'dev.localhost', '--admin-password', 'pw', '--db-root-password', ROOT_PW]);
    sim.handle.clearRequestLog();
    await sim.get('/api/method/ping', { auth: 'none', host: 'dev.localhost' });
    expect(sim.handle.requestLog()[0]?.site).toBe('dev.localhost');
  });
});
