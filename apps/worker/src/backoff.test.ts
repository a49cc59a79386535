import { backoffStrategyDelay, RetryLaterError, stepRetryDelay } from './backoff';

describe('step retry delay', () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
  it('scales the catalog policy', () => {
    expect(stepRetryDelay(policy, 1, undefined, 1, 0)).toBe(500);
    expect(stepRetryDelay(policy, 1, undefined, 0.1, 0)).toBe(50);
  });
  it('honours Retry-After even when scaled down', () => {
    expect(stepRetryDelay(policy, 1, 2_000, 0.1, 0)).toBe(2_000);
  });
  it('hands BullMQ exactly the delay the processor computed', () => {
    expect(backoffStrategyDelay(new RetryLaterError('x', 1234))).toBe(1234);
    expect(backoffStrategyDelay(new Error('other'))).toBe(1_000);
  });
});
