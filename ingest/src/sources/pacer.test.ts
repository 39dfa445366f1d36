import { describe, it, expect } from 'vitest';
import { Pacer } from './pacer.ts';

describe('pacer', () => {
  it('lets a batch up to the bucket size through without a wait', () => {
    const p = new Pacer(1000, 100);
    expect(p.charge(100, 1_000_000)).toBe(0);
  });

  it('says how long a feed past its bucket is ahead of its rate, and forgives it as time passes', () => {
    const p = new Pacer(1000, 100);
    const t0 = 1_000_000;
    p.charge(100, t0); // the full bucket
    expect(p.charge(150, t0)).toBe(150); // 150 more at 1000/s
    expect(p.charge(50, t0 + 100)).toBe(100); // 100 ms later: 200 ahead of t0, 100 ms ahead now
    expect(p.charge(1, t0 + 10_000)).toBe(0); // a long quiet refills the bucket
  });
});
