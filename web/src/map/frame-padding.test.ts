import { describe, expect, it } from 'vitest';
import { framePadding, overlaps } from './frame-padding.ts';

const map = { left: 0, top: 50, right: 1000, bottom: 750 };

describe('where a framed incident may go on the map', () => {
  it('keeps clear of a tall legend at the bottom left by framing beside it', () => {
    const legend = { left: 10, top: 300, right: 230, bottom: 740 };
    const p = framePadding(map, [legend]);
    expect(p.topLeft[0]).toBeGreaterThanOrEqual(230);
    expect(p.bottomRight[1]).toBeLessThan(100);
  });

  it('frames above a wide, low legend', () => {
    const legend = { left: 10, top: 690, right: 700, bottom: 740 };
    const p = framePadding(map, [legend]);
    expect(p.bottomRight[1]).toBeGreaterThanOrEqual(60);
    expect(p.topLeft[0]).toBeLessThan(100);
  });

  it('ignores what floats outside the map', () => {
    expect(framePadding(map, [{ left: 1100, top: 0, right: 1200, bottom: 40 }])).toEqual(framePadding(map, []));
  });

  it('tells overlapping boxes from neighbours', () => {
    expect(overlaps({ left: 0, top: 0, right: 10, bottom: 10 }, { left: 5, top: 5, right: 20, bottom: 20 })).toBe(true);
    expect(overlaps({ left: 0, top: 0, right: 10, bottom: 10 }, { left: 10, top: 0, right: 20, bottom: 10 })).toBe(
      false,
    );
  });
});
