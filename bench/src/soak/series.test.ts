import { describe, expect, it } from 'vitest';
import { flatness } from './series.ts';
import { cpuSeconds } from './read-metrics.ts';

describe('flatness after warm-up', () => {
  it('tells a steady rise from a sawtooth of the same spread', () => {
    const rise = flatness([100, 102, 104, 106, 108, 110], 10)!;
    const saw = flatness([100, 110, 100, 110, 100, 110], 10)!;
    expect(rise.spreadPct).toBeCloseTo(10);
    expect(saw.spreadPct).toBeCloseTo(10);
    expect(rise.slopePerMin).toBeCloseTo(12); // 2 per 10 s sample
    expect(Math.abs(saw.slopePerMin)).toBeLessThan(rise.slopePerMin / 2);
  });

  it('judges what is held after collections apart from a sample caught in one', () => {
    // Three minutes of 10 s samples around 700 MB; one sample in the second catches a collection.
    const steady = [700, 720, 740, 705, 725, 745, 700, 990, 740, 705, 725, 745, 700, 720, 740, 705, 725, 745];
    const f = flatness(steady, 10)!;
    expect(f.spreadPct).toBeGreaterThan(40);
    expect(f.floorSpreadPct).toBeCloseTo(0);
    // A leak raises the minima too.
    const leak = steady.map((v, i) => v + i * 10);
    expect(flatness(leak, 10)!.floorSpreadPct).toBeGreaterThan(15);
  });

  it('has nothing to say with fewer than two samples, and ignores a gone process', () => {
    expect(flatness([100], 10)).toBeNull();
    expect(flatness([NaN, 100, NaN, 100], 10)).toMatchObject({ samples: 2, spreadPct: 0 });
  });
});

describe('CPU time of a process', () => {
  it('reads user + system time from /proc/<pid>/stat, whatever the command name holds', () => {
    const stat = '4242 (node bin/x (1)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 566 0 0 20 0 11 0 100 0 0';
    expect(cpuSeconds(stat)).toBeCloseTo(18);
  });
});
