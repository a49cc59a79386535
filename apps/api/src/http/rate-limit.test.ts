import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('lets a client burst a minute of requests, then tells it how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(20); // one token comes back every 20 s
    expect(limiter.take('b')).toBe(0); // another address has its own bucket
    now += 20_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(20);
  });

  it('waitFor looks without taking', () => {
    const limiter = new RateLimiter(1, () => 0);
    expect(limiter.waitFor('a')).toBe(0);
    expect(limiter.waitFor('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.waitFor('a')).toBe(60);
  });

  it('never limits when configured with 0 per minute', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i += 1) expect(limiter.take('a')).toBe(0);
    expect(limiter.trackedKeys).toBe(0);
  });

  it('forgets addresses whose bucket has refilled once it tracks many', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 10_000; i += 1) limiter.take(`10.0.${i >> 8}.${i & 255}`);
    now += 61_000;
    limiter.take('fresh');
    expect(limiter.trackedKeys).toBe(1);
  });
});
