/** bin/bench, the stand-in for Frappe's bench CLI, run as a child process against the simulator. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { startTestSim, type TestSim } from '../testing';

const BENCH = path.resolve(__dirname, '../../bin/bench');
let sim: TestSim;

function bench(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BENCH, ...args], { env: { ...process.env, ERPNEXT_SIM_CONTROL_URL: sim.url, ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

describe('bin/bench', () => {
  it('creates a site with new-site --admin-password --install-app erpnext, ignoring --db-* options', async () => {
    const res = await bench(['new-site', 'tenant.localhost', '--admin-password', 'pw', '--install-app', 'erpnext', '--db-root-password=root', '--mariadb-user-host-login-scope', '%']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Installing erpnext...');
    expect(sim.handle.site('tenant.localhost').installedApps).toEqual(['frappe', 'erpnext']);
    const login = await sim.post('/api/method/login', { usr: 'Administrator', pwd: 'pw' }, { auth: 'none', site: 'tenant.localhost' });
    expect(login.body.message).toBe('Logged In');
  });

  it('fails new-site for an existing site without --force: "Site SITE already exists", exit 1', async () => {
    const res = await bench(['new-site', 'tenant.localhost', '--admin-password', 'pw']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Site tenant.localhost already exists');
    expect((await bench(['new-site', 'tenant.localhost', '--admin-password', 'pw2', '--force'])).code).toBe(0);
  });

  it('installs erpnext with --site SITE install-app erpnext, and says so when it already is', async () => {
    await bench(['new-site', 'plain.localhost', '--admin-password', 'pw']);
    expect(sim.handle.site('plain.localhost').installedApps).toEqual(['frappe']);
    const first = await bench(['--site', 'plain.localhost', 'install-app', 'erpnext']);
    expect(first.code).toBe(0);
    expect(sim.handle.site('plain.localhost').installedApps).toEqual(['frappe', 'erpnext']);
    const again = await bench(['--site', 'plain.localhost', 'install-app', 'erpnext']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('App erpnext already installed');
  });

  it('lists apps with versions and branch', async () => {
    const res = await bench(['--site', 'plain.localhost', 'list-apps']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^frappe\s+15\.\d+\.\d+ version-15$/m);
    expect(res.stdout).toMatch(/^erpnext\s+15\.\d+\.\d+ version-15$/m);
  });

  it('toggles maintenance mode', async () => {
    expect((await bench(['--site', 'plain.localhost', 'set-maintenance-mode', 'on'])).code).toBe(0);
    expect((await sim.get('/api/method/ping', { site: 'plain.localhost', auth: 'none' })).status).toBe(503);
    expect((await bench(['--site=plain.localhost', 'set-maintenance-mode', 'off'])).code).toBe(0);
    expect((await sim.get('/api/method/ping', { site: 'plain.localhost', auth: 'none' })).status).toBe(200);
  });

  it('fails for a site that does not exist, exit 1', async () => {
    const res = await bench(['--site', 'ghost.localhost', 'install-app', 'erpnext']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Site ghost.localhost does not exist!');
  });

  it('exits 2 for an unknown command', async () => {
    const res = await bench(['--site', 'plain.localhost', 'migrate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("No such command 'migrate'.");
  });

  it('fails with a message when ERPNEXT_SIM_CONTROL_URL is not set', async () => {
    const res = await bench(['--site', 'plain.localhost', 'list-apps'], { ERPNEXT_SIM_CONTROL_URL: '' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('ERPNEXT_SIM_CONTROL_URL is not set');
  });
});
