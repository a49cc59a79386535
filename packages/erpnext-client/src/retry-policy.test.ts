import { ErpNextError } from './erpnext-error';
import { isRetryableError, retryDelayMs } from './retry-policy';

const policy = { baseDelayMs: 1000, maxDelayMs: 8000 };

describe('retry delay', () => {
  it('doubles per attempt between half and all of the exponential delay', () => {
    expect(retryDelayMs({ attempt: 1, policy, random: 0 })).toBe(500);
    expect(retryDelayMs({ attempt: 1, policy, random: 0.999999 })).toBe(1000);
    expect(retryDelayMs({ attempt: 3, policy, random: 0 })).toBe(2000);
    expect(retryDelayMs({ attempt: 3, policy, random: 0.999999 })).toBe(4000);
  });

  it('never exceeds the cap on its own', () => {
    for (let a = 1; a < 30; a++) expect(retryDelayMs({ attempt: a, policy, random: 0.999999 })).toBeLessThanOrEqual(8000);
  });

  it('waits at least as long as the server asked with Retry-After, even past the cap', () => {
    expect(retryDelayMs({ attempt: 1, policy, random: 0, retryAfterMs: 3000 })).toBe(3000);
    expect(retryDelayMs({ attempt: 1, policy, random: 0, retryAfterMs: 20_000 })).toBe(20_000);
    expect(retryDelayMs({ attempt: 4, policy, random: 0.999999, retryAfterMs: 100 })).toBe(8000);
  });
});

describe('retryability', () => {
  it('retries transient ERPNext failures and not permanent ones', () => {
    expect(isRetryableError(new ErpNextError({ code: 'ERP_RATE_LIMITED', message: 'x' }))).toBe(true);
    expect(isRetryableError(new ErpNextError({ code: 'ERP_CONNECTION_DROPPED', message: 'x' }))).toBe(true);
    expect(isRetryableError(new ErpNextError({ code: 'ERP_VALIDATION', message: 'x' }))).toBe(false);
    expect(isRetryableError(new ErpNextError({ code: 'ERP_AUTH_FAILED', message: 'x' }))).toBe(false);
  });

  it('does not retry an unknown error (a bug repeats itself)', () => {
    expect(isRetryableError(new TypeError('x is undefined'))).toBe(false);
    expect(isRetryableError(Object.assign(new Error('flagged'), { retryable: true }))).toBe(true);
  });
});
