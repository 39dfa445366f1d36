import { describe, it, expect } from 'vitest';
import { planCoPartitioned } from './co-partitioned-assigner.ts';

const four = [0, 1, 2, 3];

describe('co-partitioned assignment', () => {
  it('gives partition p of every topic to one member, however the partitions divide', () => {
    for (const members of [['a'], ['a', 'b'], ['c', 'a', 'b'], ['a', 'b', 'c', 'd', 'e']]) {
      const { assignment, mismatched } = planCoPartitioned(members, {
        'portwatch.indicators': four,
        'portwatch.zone-effects': four,
      });
      expect(mismatched).toEqual([]);
      const owner = (topic: string, p: number) => [...assignment].find(([, a]) => a[topic]?.includes(p))?.[0];
      for (const p of four) {
        expect(owner('portwatch.indicators', p)).toBeDefined();
        expect(owner('portwatch.zone-effects', p)).toBe(owner('portwatch.indicators', p));
      }
      // Every partition once, spread over the members (none holds two while another has none).
      const held = [...assignment.values()].map((a) => a['portwatch.indicators']?.length ?? 0);
      expect(held.reduce((x, y) => x + y, 0)).toBe(4);
      expect(Math.max(...held) - Math.min(...held)).toBeLessThanOrEqual(1);
    }
  });

  it('is the same plan whichever member computes it (members in any order)', () => {
    const one = planCoPartitioned(['m2', 'm1', 'm3'], { t: four, u: four });
    const two = planCoPartitioned(['m3', 'm2', 'm1'], { u: [3, 2, 1, 0], t: four });
    expect([...two.assignment]).toEqual([...one.assignment]);
  });

  it('names topics whose partition count differs', () => {
    expect(
      planCoPartitioned(['a'], { 'portwatch.indicators': four, 'portwatch.zone-effects': [0, 1] }).mismatched,
    ).toEqual(['portwatch.zone-effects']);
  });
});
