import { describe, it, expect } from 'vitest';
import { Pacer } from './pacer.ts';

describe('pacer', () => {
  it('lets a burst up to the bucket size through at once', async () => {
    const p = new Pacer(100, 10);
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 10 }, () => p.wait(t0)));
    expect(Date.now() - t0).toBeLessThan(50);
  });

  it('spreads the rest of a burst at the feed rate, in order', async () => {
    const p = new Pacer(200, 5);
    const t0 = Date.now();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 25 }, (_, i) => p.wait(t0).then(() => order.push(i))));
    const took = Date.now() - t0;
    // 20 records past the bucket at 200/s: about 100 ms.
    expect(took).toBeGreaterThanOrEqual(90);
    expect(order).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('does not hold a record longer than the maximum wait', async () => {
    const p = new Pacer(10, 1, 200);
    const t0 = Date.now();
    const waits = Array.from({ length: 10 }, () => p.wait(t0));
    const paced = await Promise.all(waits);
    // Only the records that fit in 200 ms are paced; the rest go on at once, marked unpaced so
    // the pipeline's rate limit dead-letters them.
    expect(Date.now() - t0).toBeLessThan(400);
    expect(paced.filter((x) => x).length).toBe(3);
    expect(paced.slice(3).every((x) => !x)).toBe(true);
  });

  it('holds a Kafka batch past the bucket at the feed rate, however long that takes', async () => {
    const p = new Pacer(1000, 100, 10);
    const t0 = Date.now();
    await p.waitFor(100, t0); // the full bucket: at once
    expect(Date.now() - t0).toBeLessThan(50);
    await p.waitFor(150, t0); // 150 more at 1000/s: about 150 ms, beyond maxWaitMs, still held
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('says it is busy only once its bucket is spent, and free again a token later', () => {
    const p = new Pacer(100, 3);
    const t0 = 1_000_000;
    expect(p.busy(t0)).toBe(false);
    for (let i = 0; i < 3; i++) void p.wait(t0);
    expect(p.busy(t0)).toBe(true);
    expect(p.busy(t0 + 10)).toBe(false);
  });
});
