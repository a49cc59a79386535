/**
 * §10 Concurrent Company inserts race. `Company.on_update` appends the new company's row to the
 * Cash Mode of Payment and saves it; when another Company insert commits while this one is in
 * flight, this one fails with 417 LinkValidationError "Could not find Row #N: Default Account:
 * Cash - {other abbr}" (it sees the other's row, not the other's account), and rolls back whole, so
 * a retry succeeds.
 *
 * Two inserts are started at the same instant. How the fact decides, honestly:
 * - one failed with the race message → agree, if the message is exactly the observed one (no
 *   other link problems joined to it) and its retry then succeeds (proof of the rollback);
 * - one failed otherwise → differ;
 * - both saved, against the embedded simulator that the runner told to hold every Company insert
 *   for `companyInsertMs` → differ: the runner forced the overlap, so v15 would have failed one;
 * - both saved on a real site → the server may have run them one after the other (one worker, a
 *   queue). Each company's server-side span is read back: from its `creation` to the latest
 *   `creation`/`modified` of the company and its accounts, warehouses and cost centers (on_update
 *   writes them last). Spans that overlap → differ; spans that do not → agree, saying no race was
 *   possible. The span ends slightly before the commit, so a race missed by milliseconds reads as
 *   "no overlap"; the detail prints both spans so a reader can judge.
 */
import { companyBody } from '../../company-body';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath, type FrappeHttp, type FrappeResponse } from '../../http/frappe-http';
import { asObject, asString, dataOf } from '../../http/json-access';
import { allMessages, excType, summarize } from '../../http/response-summary';
import type { Target } from '../../target';

/** The race's trace in any message; the observed v15 message is exactly `RACE_MESSAGE_V15`. */
const RACE_MESSAGE = /Row #(\d+): Default Account: Cash - ([^\s,]+)/;
const RACE_MESSAGE_V15 = /^Could not find Row #\d+: Default Account: Cash - [^\s,]+$/;

interface Attempt {
  label: string;
  name: string;
  abbr: string;
  res: FrappeResponse;
}

/** Milliseconds since the epoch of a Frappe datetime ("2025-01-31 10:00:00.123456"), server-local. */
export function parseFrappeDatetime(value: unknown): number | undefined {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/.exec(String(value ?? ''));
  if (!match) return undefined;
  const whole = Date.parse(`${match[1]}T${match[2]}Z`);
  return Number.isFinite(whole) ? whole + Number(`0.${match[3] ?? '0'}`) * 1000 : undefined;
}

async function latest(admin: FrappeHttp, doctype: string, company: string): Promise<number | undefined> {
  const res = await admin.get(resourcePath(doctype), { fields: ['creation'], filters: { company }, order_by: 'creation desc', limit_page_length: 1 });
  const row = (dataOf(res.body) as unknown[] | undefined)?.[0];
  return parseFrappeDatetime(asObject(row)?.creation);
}

/** The server-side span of a saved Company insert, see the header. */
async function serverSpan(admin: FrappeHttp, company: string): Promise<{ start: number; end: number }> {
  const res = await admin.get(resourcePath('Company', company));
  const doc = asObject(dataOf(res.body));
  const start = parseFrappeDatetime(doc?.creation);
  if (start === undefined) throw new Error(`cannot read the creation time of ${company}: ${summarize(res)}`);
  const ends = [parseFrappeDatetime(doc?.modified), ...(await Promise.all(['Account', 'Warehouse', 'Cost Center'].map((dt) => latest(admin, dt, company))))];
  return { start, end: Math.max(start, ...ends.filter((t): t is number => t !== undefined)) };
}

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);

async function attempt(target: Target, label: string, name: string, abbr: string): Promise<Attempt> {
  target.track('Company', name);
  return { label, name, abbr, res: await target.admin.post(resourcePath('Company'), companyBody(name, abbr)) };
}

export const companyInsertRaceFact: Fact = {
  id: 'company-insert-race',
  section: '§10',
  title: 'overlapping Company inserts: one fails 417 "Could not find Row #N: Default Account: Cash - …" and its retry succeeds',
  async run(target) {
    const specs = [
      { label: 'A', name: `Conformance ${target.tag} Race A`, abbr: await target.unusedAbbr() },
      { label: 'B', name: `Conformance ${target.tag} Race B`, abbr: await target.unusedAbbr() },
    ];
    // Both requests are issued in the same tick, each on its own connection.
    const attempts = await Promise.all(specs.map((s) => attempt(target, s.label, s.name, s.abbr)));
    const [a, b] = attempts as [Attempt, Attempt];
    const clientOverlap = Math.round(Math.min(a.res.endedAt, b.res.endedAt) - Math.max(a.res.startedAt, b.res.startedAt));
    const check = new Checklist();
    const saved = attempts.filter((x) => x.res.status === 200);
    const raced = attempts.filter((x) => allMessages(x.res).some((m) => RACE_MESSAGE.test(m)));
    const other = attempts.filter((x) => x.res.status !== 200 && !raced.includes(x));
    const seen = attempts.map((x) => `${x.label} ${x.res.status === 200 ? 'saved' : summarize(x.res, 110)} in ${x.res.ms} ms`).join('; ');
    // Against the embedded simulator the runner chose the insert time, so the overlap is certain.
    const forcedMs = target.server.kind === 'simulator' ? target.server.companyInsertMs : 0;
    let detail = forcedMs > 0 ? `${seen} (overlap forced: the simulator holds each Company insert ${forcedMs} ms)` : seen;

    for (const x of other) check.differ(`${x.label} failed otherwise: ${summarize(x.res)}`);
    for (const x of raced) {
      check.expect(x.res.status === 417 && excType(x.res) === 'LinkValidationError', () => `${x.label}: expected 417 LinkValidationError with the race message, got ${summarize(x.res)}`);
      const message = allMessages(x.res).find((m) => RACE_MESSAGE.test(m)) ?? '';
      check.expect(
        RACE_MESSAGE_V15.test(message),
        () => `${x.label}'s race message is ${JSON.stringify(message)}; a real 15.92.1 site answers only "Could not find Row #N: Default Account: Cash - ABBR" (§10)`,
      );
      const abbr = allMessages(x.res).map((m) => RACE_MESSAGE.exec(m)?.[2]).find(Boolean);
      const others = attempts.filter((y) => y !== x).map((y) => y.abbr);
      if (abbr && !others.includes(abbr)) detail += ` (Cash - ${abbr} is not the other insert's: a third Company insert overlapped)`;
      const retry = await target.admin.post(resourcePath('Company'), companyBody(x.name, x.abbr));
      if (check.expect(retry.status === 200, () => `${x.label}'s retry: expected 200 (the failed insert rolled back), got ${summarize(retry)}`)) {
        saved.push({ ...x, res: retry });
        detail += `; ${x.label}'s retry saved`;
      }
    }

    if (raced.length === 0 && other.length === 0) {
      if (forcedMs > 0) {
        check.differ(
          `both inserts saved, although the simulator held each Company insert for ${forcedMs} ms and they overlapped for ${clientOverlap} ms; ` +
            'v15 fails one with 417 LinkValidationError "Could not find Row #N: Default Account: Cash - …"',
        );
      } else {
        const [spanA, spanB] = await Promise.all([serverSpan(target.admin, a.name), serverSpan(target.admin, b.name)]);
        const serverOverlap = Math.min(spanA.end, spanB.end) - Math.max(spanA.start, spanB.start);
        const spans = `A ${time(spanA.start)}–${time(spanA.end)}, B ${time(spanB.start)}–${time(spanB.end)} (server clock)`;
        if (serverOverlap > 0) check.differ(`both inserts saved although they overlapped on the server for ${Math.round(serverOverlap)} ms: ${spans}`);
        else detail = `both saved; the server ran them one after the other (${spans}, ${Math.round(-serverOverlap)} ms apart), so no race was possible — a site with several workers overlaps them`;
      }
    }

    for (const x of saved) await target.remove('Company', asString(asObject(dataOf(x.res.body))?.name) ?? x.name);
    return check.result(detail);
  },
};
