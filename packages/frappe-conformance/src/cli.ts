/**
 * `npm run conformance -- [--url URL --key K --secret S] [--site HOST] [--json] [--only PATTERN]`:
 * runs the conformance facts against a real Frappe/ERPNext v15 site, or against the embedded
 * simulator when no --url is given, prints the table (or JSON) and exits 0 when every fact agrees,
 * 1 otherwise, 2 on usage errors. Errors are printed as one line, never as a stack trace.
 */
import { startEmbeddedSimulator, type EmbeddedSimulator } from './embedded-simulator';
import { selectFacts } from './fact-selection';
import { ALL_FACTS } from './facts';
import { FrappeHttp, methodPath, type Auth } from './http/frappe-http';
import { messageOf } from './http/json-access';
import { summarize } from './http/response-summary';
import { formatJson, formatTable } from './report';
import { RunContext } from './run-context';
import { errorLine, exitCodeOf, runConformance } from './runner';
import { parseCliArgs, USAGE } from './cli-args';
import type { ServerKind } from './target';

function say(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function complain(text: string): void {
  process.stderr.write(`conformance: ${text}\n`);
}

/** Reachable, and the key is Administrator's: otherwise every fact would fail for the same reason. */
async function preflight(baseUrl: string, site: string | undefined, auth: Auth): Promise<string | undefined> {
  const http = new FrappeHttp({ baseUrl, ...(site ? { site } : {}), auth, timeoutMs: 30_000 });
  let res;
  try {
    res = await http.get(methodPath('frappe.auth.get_logged_user'));
  } catch (error) {
    return `cannot reach ${baseUrl}: ${errorLine(error)}`;
  }
  if (res.status === 401) return `the key and secret were refused: ${summarize(res)}`;
  if (res.status !== 200) return `frappe.auth.get_logged_user answered ${summarize(res)}; is this a Frappe site${site ? '' : ' (or does it need --site)'}?`;
  const user = messageOf(res.body);
  if (user !== 'Administrator') return `the key authenticates as ${JSON.stringify(user)}, not Administrator; the facts need Administrator's key`;
  return undefined;
}

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (!parsed.ok) {
    complain(parsed.message);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const options = parsed.options;
  if (options.help) {
    say(USAGE);
    return 0;
  }
  const facts = selectFacts(ALL_FACTS, options.only);
  if (options.list) {
    for (const fact of facts) say(`${fact.id.padEnd(34)} ${fact.section.padEnd(6)} ${fact.title}`);
    return 0;
  }
  if (facts.length === 0) {
    complain(`--only ${options.only ?? ''} matches no fact (see --list)`);
    return 2;
  }

  let sim: EmbeddedSimulator | undefined;
  let baseUrl: string;
  let auth: Auth;
  let server: ServerKind;
  let label: string;
  if (options.url) {
    baseUrl = options.url;
    auth = { kind: 'token', key: options.key ?? '', secret: options.secret ?? '' };
    server = { kind: 'remote' };
    label = options.site ? `${options.url} (site ${options.site})` : options.url;
  } else {
    sim = await startEmbeddedSimulator();
    baseUrl = sim.url;
    auth = sim.auth;
    server = sim.server;
    label = `the embedded simulator (${sim.url})`;
  }
  try {
    const problem = await preflight(baseUrl, options.site, auth);
    if (problem) {
      complain(problem);
      return 1;
    }
    const context = new RunContext({ baseUrl, ...(options.site ? { site: options.site } : {}), adminAuth: auth, server });
    if (!options.json) process.stderr.write(`Running ${facts.length} facts against ${label} (run ${context.tag})…\n`);
    const report = await runConformance({
      facts,
      context,
      target: label,
      onOutcome: options.json ? undefined : (o) => process.stderr.write(`  ${o.outcome.padEnd(6)} ${o.id}\n`),
    });
    say(options.json ? formatJson(report) : formatTable(report));
    return exitCodeOf(report);
  } finally {
    await sim?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    complain(errorLine(error));
    process.exitCode = 1;
  },
);
