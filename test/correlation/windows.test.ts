// Every windowed correlation type at its boundaries: exactly at the timespan it fires, one
// millisecond past it does not; out-of-order and late input; redelivery.
import { describe, it, expect } from 'vitest';
import { CorrelationEngine } from '@portwatch/ingest';
import { at, ind, MIN, rule, rules } from './support.ts';

const ORDERED = rules(
  rule(
    'ordered',
    '  type: temporal_ordered\n  rules: [cyber, physical]\n  timespan: 10m',
    '  cyber: { domain: cyber, severity: { gte: 3 } }\n  physical: { domain: physical, severity: { gte: 3 } }',
  ),
);
const COUNT = rules(
  rule(
    'count',
    '  type: event_count\n  rules: [probe]\n  gte: 3\n  group-by: [observables.ip]\n  timespan: 1m',
    '  probe: { type: fw.deny }',
  ),
);
const VALUES = rules(
  rule(
    'values',
    '  type: value_count\n  rules: [g]\n  field: observables.badge\n  gte: 3\n  timespan: 1m',
    '  g: { type: access.denied }',
  ),
);

const deny = (ms: number, ip = '10.0.0.9') =>
  ind({ time: at(ms), domain: 'cyber', type: 'fw.deny', observables: [{ type: 'ip', value: ip }] });
const denied = (ms: number, badge: string) =>
  ind({ time: at(ms), type: 'access.denied', severity: 2, observables: [{ type: 'badge', value: badge }] });

describe('temporal_ordered', () => {
  it('fires when the listed order is kept, exactly at the timespan', () => {
    const e = new CorrelationEngine(ORDERED);
    e.process(ind({ time: at(0), domain: 'cyber' }));
    expect(e.process(ind({ time: at(10 * MIN) }))).toHaveLength(1);
  });
  it('does not fire one millisecond past it', () => {
    const e = new CorrelationEngine(ORDERED);
    e.process(ind({ time: at(0), domain: 'cyber' }));
    expect(e.process(ind({ time: at(10 * MIN + 1) }))).toHaveLength(0);
  });
  it('does not fire in the wrong order, but does when the first one arrives late (out of order)', () => {
    const wrong = new CorrelationEngine(ORDERED);
    wrong.process(ind({ time: at(0) }));
    expect(wrong.process(ind({ time: at(MIN), domain: 'cyber' }))).toHaveLength(0);
    const late = new CorrelationEngine(ORDERED);
    late.process(ind({ time: at(2 * MIN) }));
    const [inc] = late.process(ind({ time: at(MIN), domain: 'cyber' }));
    expect(inc.firstSeen).toBe(at(MIN));
  });
});

describe('event_count', () => {
  it('fires at the gte-th match with the first exactly a timespan before, not one ms more', () => {
    const e = new CorrelationEngine(COUNT);
    e.process(deny(0));
    e.process(deny(30_000));
    expect(e.process(deny(MIN))).toHaveLength(1);
    const f = new CorrelationEngine(COUNT);
    f.process(deny(0));
    f.process(deny(30_000));
    expect(f.process(deny(MIN + 1))).toHaveLength(0);
  });
  it('counts per group-by value', () => {
    const e = new CorrelationEngine(COUNT);
    e.process(deny(0, 'a'));
    e.process(deny(1, 'b'));
    expect(e.process(deny(2, 'a'))).toHaveLength(0);
    expect(e.process(deny(3, 'a'))).toHaveLength(1);
  });
  it('ignores a redelivered record', () => {
    const e = new CorrelationEngine(COUNT);
    const d = deny(0);
    e.process(d);
    e.process(d);
    expect(e.process(deny(1))).toHaveLength(0);
  });
});

describe('value_count', () => {
  it('fires on distinct values only, at the timespan boundary and not past it', () => {
    const e = new CorrelationEngine(VALUES);
    e.process(denied(0, 'A'));
    e.process(denied(10_000, 'A'));
    expect(e.process(denied(20_000, 'B'))).toHaveLength(0);
    expect(e.process(denied(MIN, 'C'))).toHaveLength(1);
    const f = new CorrelationEngine(VALUES);
    f.process(denied(0, 'A'));
    f.process(denied(20_000, 'B'));
    expect(f.process(denied(MIN + 1, 'C'))).toHaveLength(0);
  });
});

describe('lateness', () => {
  it('counts a record later than the allowed lateness, and still correlates it while its window is open', () => {
    const e = new CorrelationEngine(ORDERED, { allowedLatenessMs: MIN });
    e.process(ind({ time: at(5 * MIN) }));
    expect(e.stats.late).toBe(0);
    // 3 minutes behind the newest event: late (counted), but the 10-minute window is still open.
    expect(e.process(ind({ time: at(2 * MIN), domain: 'cyber' }))).toHaveLength(1);
    expect(e.stats.late).toBe(1);
  });
  it('drops a match whose every window has closed (the watermark passed it by more than the timespan)', () => {
    const e = new CorrelationEngine(ORDERED, { allowedLatenessMs: MIN });
    e.process(ind({ time: at(20 * MIN) }));
    e.process(ind({ time: at(8 * MIN) }));
    expect(e.process(ind({ time: at(7 * MIN), domain: 'cyber' }))).toHaveLength(0);
    expect(e.stats.lateDropped).toBeGreaterThan(0);
  });
  it('a rule can allow more lateness than the engine', () => {
    const lenient = rules(
      rule(
        'ordered',
        '  type: temporal_ordered\n  rules: [cyber, physical]\n  timespan: 10m',
        '  cyber: { domain: cyber }\n  physical: { domain: physical }',
        'lateness: 30m',
      ),
    );
    const e = new CorrelationEngine(lenient, { allowedLatenessMs: MIN });
    e.process(ind({ time: at(20 * MIN) }));
    e.process(ind({ time: at(8 * MIN) }));
    expect(e.process(ind({ time: at(7 * MIN), domain: 'cyber' }))).toHaveLength(1);
  });
});
