import { describe, expect, it } from 'vitest';
import { SensorShares } from './sensor-shares.ts';

const T0 = 1_000_000;

describe('sensor shares', () => {
  it('lets one sensor take at most half of its feed rate, and refills with time', () => {
    const s = new SensorShares();
    let allowed = 0;
    for (let i = 0; i < 200; i++) if (s.allows('site/ais/rx1', 100, T0)) allowed++;
    expect(allowed).toBe(50);
    expect(s.allows('site/ais/rx2', 100, T0)).toBe(true); // another sensor has its own share
    expect(s.allows('site/ais/rx1', 100, T0 + 100)).toBe(true); // 5 more after 100 ms
  });

  it('stays bounded when a sender invents a topic per record', () => {
    const s = new SensorShares(1000);
    for (let i = 0; i < 100; i++) s.allows('site/fence/REAL', 100, T0 + i * 20); // spends its share
    for (let i = 0; i < 50_000; i++) s.allows(`site/fence/INVENTED-${i}`, 100, T0 + 2000 + i / 100);
    expect(s.size).toBe(1000);
  });
});
