import { describe, it, expect } from 'vitest';
import { copartitionMismatch, copartitionedWith, partitionsToCreate } from './co-partitioned-topics.ts';

const indicators = 'portwatch.indicators';
const effects = 'portwatch.zone-effects';

describe('co-partitioned topics', () => {
  it('creates zone effects with the partitions the indicators topic has, not the default', () => {
    expect(partitionsToCreate(effects, new Map([[indicators, 12]]), 6)).toBe(12);
    // And the other way round, should the indicators topic be the one missing.
    expect(partitionsToCreate(indicators, new Map([[effects, 3]]), 6)).toBe(3);
    // Neither exists, or a topic of no family: the default.
    expect(partitionsToCreate(effects, new Map(), 6)).toBe(6);
    expect(partitionsToCreate('portwatch.incidents', new Map([[indicators, 12]]), 6)).toBe(6);
  });

  it('names the topics whose counts a creation follows', () => {
    expect(copartitionedWith([effects])).toEqual([indicators]);
    expect(copartitionedWith([indicators, effects, 'portwatch.incidents'])).toEqual([]);
    expect(copartitionedWith(['portwatch.incidents'])).toEqual([]);
  });

  it('refuses different counts, naming both topics, their counts and what to do', () => {
    expect(
      copartitionMismatch([
        { topic: indicators, partitions: 6 },
        { topic: effects, partitions: 6 },
      ]),
    ).toBeNull();
    const message = copartitionMismatch([
      { topic: `site-a.${indicators}`, partitions: 12 },
      { topic: `site-a.${effects}`, partitions: 6 },
    ]);
    expect(message).toContain('site-a.portwatch.indicators has 12, site-a.portwatch.zone-effects has 6');
    expect(message).toContain('grow site-a.portwatch.zone-effects to 12 partitions');
    expect(message).toContain('--partitions 12');
    expect(message).toContain('delete site-a.portwatch.zone-effects');
    expect(message).toContain('the 12 partitions of site-a.portwatch.indicators');
  });

  it('says to grow the indicators topic when it is the smaller one', () => {
    const message = copartitionMismatch([
      { topic: indicators, partitions: 4 },
      { topic: effects, partitions: 6 },
    ]);
    expect(message).toContain('grow portwatch.indicators to 6 partitions');
    expect(message).toContain('creates it with the 4 partitions of portwatch.indicators');
  });
});
