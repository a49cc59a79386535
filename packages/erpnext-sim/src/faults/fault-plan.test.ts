import { decideFault, faultApplies } from './fault-plan';
import { mulberry32 } from './prng';

describe('fault plan', () => {
  it('draws nothing and faults nothing without a config', () => {
    const prng = jest.fn(mulberry32(1));
    expect(decideFault({}, prng, { path: '/api/method/ping', isWrite: false })).toEqual({ latencyMs: 0, kind: undefined, variant: 0 });
    expect(prng).not.toHaveBeenCalled();
  });

  it('is repeatable for a seed', () => {
    const config = { rates: { serverError: 0.3, drop: 0.3 }, latencyMs: [5, 10] as [number, number] };
    const seq = (seed: number) => {
      const prng = mulberry32(seed);
      return Array.from({ length: 20 }, () => decideFault(config, prng, { path: '/api/x', isWrite: false }));
    };
    expect(seq(7)).toEqual(seq(7));
    expect(seq(7)).not.toEqual(seq(8));
  });

  it('keeps latency within the configured range', () => {
    const prng = mulberry32(3);
    for (let i = 0; i < 50; i++) {
      const d = decideFault({ latencyMs: [10, 20] }, prng, { path: '/api/x', isWrite: false });
      expect(d.latencyMs).toBeGreaterThanOrEqual(10);
      expect(d.latencyMs).toBeLessThanOrEqual(20);
    }
  });

  it('applies commitThenFail to writes only', () => {
    const prng = mulberry32(3);
    expect(decideFault({ rates: { commitThenFail: 1 } }, prng, { path: '/api/x', isWrite: false }).kind).toBeUndefined();
    expect(decideFault({ rates: { commitThenFail: 1 } }, prng, { path: '/api/x', isWrite: true }).kind).toBe('commitThenFail');
  });

  it('filters by onlyPaths and exceptPaths substrings', () => {
    expect(faultApplies({ onlyPaths: ['/resource/'] }, '/api/method/ping')).toBe(false);
    expect(faultApplies({ onlyPaths: ['/resource/'], exceptPaths: ['Company'] }, '/api/resource/Company')).toBe(false);
    expect(faultApplies({ onlyPaths: ['/resource/'] }, '/api/resource/Customer')).toBe(true);
  });
});
