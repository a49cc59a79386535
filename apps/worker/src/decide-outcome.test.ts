import { decideOutcome, type OutcomeInput } from './decide-outcome';

const base: OutcomeInput = {
  tried: { kind: 'ok', status: 'completed' },
  aborted: null,
  attempt: 1,
  attempts: 5,
  critical: true,
  backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
  backoffScale: 1,
  deadlineHint: 'Continue the company.',
  runNo: 2,
  stepKey: 'company',
  random: 0.5,
};
const transient = { code: 'ERP_TIMEOUT', message: 'no answer', hint: 'h', retryable: true };
const permanent = { code: 'ERP_VALIDATION', message: 'bad', hint: 'h', retryable: false };

describe('decideOutcome', () => {
  it('completes or skips a step that finished, even if its deadline fired meanwhile', () => {
    expect(decideOutcome(base)).toEqual({ kind: 'complete', status: 'completed' });
    expect(decideOutcome({ ...base, tried: { kind: 'ok', status: 'skipped' }, aborted: 'deadline' })).toEqual({ kind: 'complete', status: 'skipped' });
  });

  it('retries a transient error with tries left, after a delay that honours Retry-After', () => {
    const out = decideOutcome({ ...base, tried: { kind: 'error', error: { ...transient, retryAfterMs: 30_000 } } });
    expect(out).toMatchObject({ kind: 'retry', error: { code: 'ERP_TIMEOUT', retryable: true } });
    expect(out.kind === 'retry' && out.delayMs).toBeGreaterThanOrEqual(30_000);
  });

  it('fails a transient error on its last try, critical as the catalog says', () => {
    expect(decideOutcome({ ...base, attempt: 5, critical: false, tried: { kind: 'error', error: transient } })).toEqual({
      kind: 'fail',
      critical: false,
      error: { code: 'ERP_TIMEOUT', message: 'no answer', hint: 'h', retryable: true },
    });
  });

  it('fails a permanent error at once', () => {
    expect(decideOutcome({ ...base, tried: { kind: 'error', error: permanent } })).toMatchObject({ kind: 'fail', critical: true, error: { code: 'ERP_VALIDATION' } });
  });

  it('reports an error caused by the deadline as DEADLINE_EXCEEDED that ends the run, not as a timeout', () => {
    expect(decideOutcome({ ...base, critical: false, aborted: 'deadline', tried: { kind: 'error', error: transient } })).toEqual({
      kind: 'fail',
      critical: true,
      error: { code: 'DEADLINE_EXCEEDED', message: 'Run #2 passed its deadline during company', hint: 'Continue the company.', retryable: false },
    });
  });

  it('drops the result of a try whose claim went to another job', () => {
    expect(decideOutcome({ ...base, aborted: 'claim_lost', tried: { kind: 'error', error: transient } })).toEqual({ kind: 'drop' });
  });

  it('waits out ERPNext maintenance without spending an attempt, even past the last try', () => {
    const maintenance = { code: 'ERP_UNAVAILABLE', message: 'SessionStopped (HTTP 503)', hint: 'h', retryable: true, retryAfterMs: 5_000 };
    const out = decideOutcome({ ...base, attempt: 5, tried: { kind: 'error', error: maintenance }, waitsSoFar: 40 });
    expect(out).toMatchObject({ kind: 'wait', error: { code: 'ERP_UNAVAILABLE' } });
    // Capped at a minute however long it has lasted, and never sooner than Retry-After.
    expect(out.kind === 'wait' && out.delayMs).toBeLessThanOrEqual(60_000);
    expect(out.kind === 'wait' && out.delayMs).toBeGreaterThanOrEqual(5_000);
  });

  it('still ends an outage wait when the deadline fires', () => {
    const refused = { code: 'ERP_UNREACHABLE', message: 'ECONNREFUSED', hint: 'h', retryable: true };
    expect(decideOutcome({ ...base, aborted: 'deadline', tried: { kind: 'error', error: refused } })).toMatchObject({ kind: 'fail', error: { code: 'DEADLINE_EXCEEDED' } });
  });
});
