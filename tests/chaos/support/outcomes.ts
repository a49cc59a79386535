import { docsOf } from '../../support/inventory';
import { companyBody, type CompanyViewLike, type Stack } from '../../support/stack';

/**
 * What a user checks after a chaos test, as tests/fault-tolerance.int.test.ts does: every company's
 * status through the api, the simulated ERPNext's inventory (exactly one of each thing per company),
 * and the mailbox (exactly one email each).
 */
export interface Signup {
  id: string;
  body: Record<string, unknown>;
  name: string;
}

export const TERMINAL = ['Active', 'Partial', 'Failed'];

export async function signUp(stack: Stack, n: number, label: string): Promise<Signup[]> {
  const out: Signup[] = [];
  for (let i = 0; i < n; i++) {
    const body = companyBody({ company_name: `${label} ${i} Trading`, include_demo_data: false });
    const res = await stack.request<{ data: { company_id: string } }>('POST', '/api/companies', body);
    if (res.status !== 201) throw new Error(`POST /api/companies answered ${res.status}: ${res.text}`);
    out.push({ id: res.body.data.company_id, body, name: body.company_name as string });
  }
  return out;
}

/** Statuses now, read through the api (not terminal yet: Queued or Provisioning). */
export async function statusesOf(stack: Stack, signups: readonly Signup[]): Promise<string[]> {
  return Promise.all(signups.map(async (s) => (await stack.request<{ data?: { status: string } }>('GET', `/api/companies/${s.id}`)).body.data?.status ?? 'unknown'));
}

/**
 * Waits until every company is Active, Partial or Failed. Polls more slowly than waitForStatus: with
 * 60 companies the polling itself must not crowd the api's pool.
 */
export async function outcomesOf(stack: Stack, signups: readonly Signup[], timeoutMs: number): Promise<CompanyViewLike[]> {
  const until = Date.now() + timeoutMs;
  const done = new Map<string, CompanyViewLike>();
  const last = new Map<string, unknown>();
  while (Date.now() < until) {
    for (const s of signups) {
      if (done.has(s.id)) continue;
      const res = await stack.request<{ data?: CompanyViewLike }>('GET', `/api/companies/${s.id}`).catch(() => null);
      const view = res?.body?.data;
      if (view) last.set(s.id, { status: view.status, progress: view.progress, running: view.steps.filter((x) => x.status === 'running').map((x) => x.key) });
      if (view && TERMINAL.includes(view.status)) done.set(s.id, view);
    }
    if (done.size === signups.length) return signups.map((s) => done.get(s.id) as CompanyViewLike);
    await new Promise((r) => setTimeout(r, 500));
  }
  const stuck = signups.filter((s) => !done.has(s.id)).map((s) => ({ id: s.id, last: last.get(s.id) ?? null }));
  throw new Error(`${stuck.length} of ${signups.length} companies did not finish within ${timeoutMs} ms: ${JSON.stringify(stuck.slice(0, 10))}`);
}

/** Every company Active; the failures a user would see are listed when not. */
export function expectAllActive(views: readonly CompanyViewLike[]): void {
  const notActive = views
    .filter((v) => v.status !== 'Active')
    .map((v) => ({ id: v.company_id, status: v.status, failed: v.steps.filter((s) => s.status === 'failed').map((s) => `${s.key}: ${s.error?.code} ${s.error?.message ?? ''}`) }));
  expect(notActive).toEqual([]);
}

/** Shared mode: exactly one Company, warehouse pair, customer, POS profile and opening, permission and Cash row. */
export function expectOneOfEachInErpNext(stack: Stack, signups: readonly Signup[]): void {
  for (const { name } of signups) {
    const companies = docsOf(stack.sim, 'Company').filter((c) => c.company_name === name);
    expect({ name, companies: companies.length }).toEqual({ name, companies: 1 });
    const abbr = String(companies[0]?.abbr);
    const count = (doctype: string, pred: (d: Record<string, unknown>) => boolean) => docsOf(stack.sim, doctype).filter(pred).length;
    expect({
      name,
      main: count('Warehouse', (w) => w.name === `Main Store - ${abbr}`),
      pos: count('Warehouse', (w) => w.name === `POS Store - ${abbr}`),
      customers: count('Customer', (c) => c.customer_name === `Walk-in Customer - ${abbr}`),
      profiles: count('POS Profile', (p) => p.company === name),
      openings: count('POS Opening Entry', (e) => e.company === name),
      permissions: count('User Permission', (p) => p.allow === 'Company' && p.for_value === name),
    }).toEqual({ name, main: 1, pos: 1, customers: 1, profiles: 1, openings: 1, permissions: 1 });
    const cash = docsOf(stack.sim, 'Mode of Payment').find((m) => m.name === 'Cash');
    const rows = (cash?.accounts as Array<{ company: string }> | undefined) ?? [];
    expect({ name, cashRows: rows.filter((r) => r.company === name).length }).toEqual({ name, cashRows: 1 });
  }
}

/** Exactly one email to each company's admin, and it is the success email. */
export async function expectOneSuccessEmailEach(stack: Stack, signups: readonly Signup[]): Promise<void> {
  await Promise.all(signups.map((s) => stack.mail.waitFor((m) => m.subject === `Your Site is Ready: ${s.name}`, 120_000)));
  // A duplicate would arrive moments later: give it the time to show up.
  await new Promise((r) => setTimeout(r, 2_000));
  for (const s of signups) {
    const to = String(s.body.admin_email);
    const subjects = stack.mail.messages.filter((m) => m.to.includes(to)).map((m) => m.subject);
    expect({ company: s.name, emails: subjects }).toEqual({ company: s.name, emails: [`Your Site is Ready: ${s.name}`] });
  }
}

/** Words of SQL or of drizzle's error text ("Failed query: … params: …") that no user may read. */
export const SQL_TEXT = [/failed query/i, /params:/i, /\bselect /i, /insert into/i, /update "/i];

function sqlTextIn(text: string): string | null {
  for (const re of SQL_TEXT) {
    const m = re.exec(text);
    if (m) return text.slice(Math.max(0, m.index - 80), m.index + 120);
  }
  return null;
}

/** No SQL text in any company view (step errors included), any event of /logs, or any email. */
export async function expectNoSqlText(stack: Stack, signups: readonly Signup[]): Promise<void> {
  const leaks: Array<{ where: string; excerpt: string }> = [];
  for (const s of signups) {
    const view = await stack.request('GET', `/api/companies/${s.id}`);
    const inView = sqlTextIn(view.text);
    if (inView) leaks.push({ where: `GET /api/companies/${s.id}`, excerpt: inView });
    const logs = await stack.request('GET', `/api/companies/${s.id}/logs`);
    expect(logs.status).toBe(200);
    const inLogs = sqlTextIn(logs.text);
    if (inLogs) leaks.push({ where: `GET /api/companies/${s.id}/logs`, excerpt: inLogs });
  }
  for (const m of stack.mail.messages) {
    const inMail = sqlTextIn(`${m.subject}\n${m.text}\n${m.html}`);
    if (inMail) leaks.push({ where: `email "${m.subject}"`, excerpt: inMail });
  }
  expect(leaks).toEqual([]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
