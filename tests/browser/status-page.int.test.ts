import type { Page } from 'playwright-core';
import { companyBody, startStack, type Stack } from '../support/stack';
import { launchChromium, type Browser } from './chromium';

// Issue 4: the customer's status page in a real headless chromium, against the whole product.
// The worker starts only after the page is open, so the page must turn Active by itself (SSE).
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ startWorker: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** status_url on the harness's api: the path is the capability, the origin is where the api listens. */
function onStack(statusUrl: string): string {
  return stack.apiUrl + new URL(statusUrl).pathname;
}

async function text(page: Page): Promise<string> {
  return page.innerText('body');
}

describe('the status page in a headless browser', () => {
  const body = companyBody();
  let page: Page;
  let navigations = 0;
  let html = '';

  it('opens on a Queued company with its steps pending', async () => {
    const created = await stack.request<{ data: { company_id: string; status_url: string } }>('POST', '/api/companies', body);
    expect(created.status).toBe(201);
    page = await browser.context.newPage();
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    const res = await page.goto(onStack(created.body.data.status_url));
    expect(res?.status()).toBe(200);
    html = (await res?.text()) ?? '';
    const shown = await text(page);
    expect(shown).toContain(String(body.company_name));
    expect(shown).toContain('Queued');
    expect(shown).toContain('0% done');
    expect(shown).toContain('Engine availability check');
    await page.screenshot({ path: '/tmp/provisioner-status-page-queued.png', fullPage: true });
  });

  it('turns Active at 100% live, without a reload, once a worker provisions the company', async () => {
    await stack.startWorker();
    await page.waitForFunction(() => document.body.innerText.includes('100% done') && document.body.innerText.includes('Your workspace is ready'), null, {
      timeout: 90_000,
    });
    const shown = await text(page);
    expect(shown).toContain('Active');
    expect(shown).toContain(`http://${String(body.domain)}`);
    expect(shown).not.toMatch(/\bpending\b|\brunning\b|\bfailed\b/);
    expect(navigations).toBe(1);
    // The bar animates its width: what the customer finally sees is a full bar.
    await page.waitForFunction(() => {
      const fill = document.querySelector<HTMLElement>('.bar > div');
      return !!fill?.parentElement && fill.getBoundingClientRect().width >= fill.parentElement.getBoundingClientRect().width - 1;
    });
    await page.screenshot({ path: '/tmp/provisioner-status-page-active.png', fullPage: true });
  });

  it('never shows the admin email or the admin password', async () => {
    const live = await page.content();
    for (const secret of [String(body.admin_email), String(body.admin_password)]) {
      expect(html).not.toContain(secret);
      expect(live).not.toContain(secret);
    }
  });

  it('answers an invalid link with a not-found page', async () => {
    const other = await browser.context.newPage();
    const res = await other.goto(`${stack.apiUrl}/status/Q09NUC0yMDI2LTAwMDAx.AAAAAAAAAAAAAAAAAAAAAA`);
    expect(res?.status()).toBe(404);
    expect(await text(other)).toContain('Status page not found');
    await other.close();
  });
});
