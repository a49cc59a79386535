/**
 * `npx tsx scripts/gen-error-docs.ts` writes docs/error-codes.md from the steps' error catalog, so the
 * table operators read is the data the worker uses (tests/docs.test.ts fails when they drift).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CATALOG } from '@provisioner/steps';

export function renderErrorCodes(): string {
  const rows = Object.entries(ERROR_CATALOG)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, e]) => `| \`${code}\` | ${e.retryable ? 'yes' : 'no'} | ${e.hint.replace(/\|/g, '\\|')} |`);
  return [
    '# Error codes',
    '',
    'Every failure a step records carries one of these codes (generated from',
    '`packages/steps/src/errors/error-catalog.ts`; do not edit by hand: `npx tsx scripts/gen-error-docs.ts`).',
    '"Retryable" codes are retried by the worker with exponential backoff (honouring `Retry-After`) up to',
    "the step's attempts; the others fail the step at once. After fixing the cause, `POST",
    '/api/companies/:id/continue` (or `npx provision continue ID`) resumes without redoing completed steps.',
    '',
    '| code | retryable | what to do |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) {
  const out = path.resolve(__dirname, '..', 'docs', 'error-codes.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, renderErrorCodes());
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}
