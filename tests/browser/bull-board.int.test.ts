import { companyBody, STACK_BOARD_PASSWORD, startStack, type Stack } from '../support/stack';
import { launchChromium, type Browser } from './chromium';

// Issue 4: Bull Board at /admin/queues in a real headless chromium, behind HTTP basic auth
// (the harness starts the api with BULL_BOARD_USER=admin, BULL_BOARD_PASSWORD=STACK_BOARD_PASSWORD).
let stack: Stack;
let browser: Browser;
const body = companyBody();
let companyId: string;

beforeAll(async () => {
  stack = await startStack({ startWorker: false });
  const created = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body);
  expect(created.status).toBe(201);
  companyId = created.body.data.company_id;
  browser = await launchChromium({ httpCredentials: { username: 'admin', password: STACK_BOARD_PASSWORD } });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Bull Board is a single-page app: wait for what it renders, not for the load event. */
async function open(path: string, expected: string[]) {
  const page = await browser.context.newPage();
  const res = await page.goto(stack.apiUrl + path);
  expect(res?.status()).toBe(200);
  await page.waitForFunction((words) => words.every((w) => document.body.innerText.includes(w)), expected, { timeout: 30_000 });
  return page;
}

describe('Bull Board in a headless browser', () => {
  it('renders with credentials and lists the long and notifications queues', async () => {
    const page = await open('/admin/queues', ['Provisioner queues', 'long', 'notifications', 'Jobs']);
    // One card per queue, each with its job count (the long queue holds the company's eleven steps).
    const cards = (await page.innerText('body')).split('\n').map((l) => l.trim());
    const counts = cards.filter((l) => /^\d+ Jobs?$/.test(l));
    expect(counts).toHaveLength(2);
    expect(cards.filter((l) => l === 'long').length).toBeGreaterThanOrEqual(2);
    expect(cards.filter((l) => l === 'notifications').length).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: '/tmp/provisioner-bull-board.png', fullPage: true });
    await page.close();
  });

  it('names each waiting step job after its company and step, and shows no password', async () => {
    const page = await open('/admin/queues/queue/long?status=waiting', [`${companyId} engine_check`]);
    expect(await page.content()).not.toContain(String(body.admin_password));
    await page.screenshot({ path: '/tmp/provisioner-bull-board-long.png', fullPage: true });
    await page.close();
  });

  it('names the finished step and email jobs after their company once a worker ran them', async () => {
    await stack.startWorker();
    const view = await stack.waitForStatus(companyId, ['Active', 'Partial', 'Failed']);
    expect(view.status).toBe('Active');
    const long = await open('/admin/queues/queue/long?status=completed', [`${companyId} final_validation`]);
    await long.close();
    const notifications = await open('/admin/queues/queue/notifications?status=completed', [`${companyId} success email`]);
    const shown = await notifications.innerText('body');
    expect(shown).not.toContain(String(body.admin_password));
    await notifications.screenshot({ path: '/tmp/provisioner-bull-board-notifications.png', fullPage: true });
    await notifications.close();
  });

  it('refuses the board with 401 and a basic-auth challenge without credentials', async () => {
    const anonymous = await launchChromium();
    try {
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const page = await anonymous.context.newPage();
        const answered = page.waitForResponse((r) => r.url() === stack.apiUrl + path);
        // Chromium cancels the login prompt nobody can answer, so the navigation itself fails.
        await page.goto(stack.apiUrl + path).catch(() => null);
        const res = await answered;
        expect(res.status()).toBe(401);
        expect(res.headers()['www-authenticate']).toMatch(/^Basic realm="Bull Board"/);
        expect(await page.innerText('body')).not.toContain('notifications');
        await page.close();
      }
    } finally {
      await anonymous.close();
    }
  });

  it('refuses a wrong password with 401', async () => {
    const wrong = await launchChromium({ httpCredentials: { username: 'admin', password: 'not-the-password' } });
    try {
      const page = await wrong.context.newPage();
      const answered = page.waitForResponse((r) => r.url() === `${stack.apiUrl}/admin/queues`);
      await page.goto(`${stack.apiUrl}/admin/queues`).catch(() => null);
      expect((await answered).status()).toBe(401);
    } finally {
      await wrong.close();
    }
  });
});
