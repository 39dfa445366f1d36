// Absence: A not followed (or not preceded) by B within the timespan, decided when event time
// — the watermark — has passed A's deadline; B in time cancels; a quiet feed lets time pass
// through advance().
import { describe, it, expect } from 'vitest';
import { CorrelationEngine } from '@portwatch/ingest';
import { at, ind, MIN, rule, rules } from './support.ts';

// A vessel's position report not followed by its static report within 5 minutes.
const FOLLOWED = rules(
  rule(
    'report-missing',
    '  type: absence\n  rules: [fix, ack]\n  group-by: [observables.mmsi]\n  timespan: 5m',
    '  fix: { type: ais.position }\n  ack: { type: ais.static }',
  ),
);
const PRECEDED = rules(
  rule(
    'door',
    '  type: absence\n  rules: [opened, granted]\n  direction: preceded\n  timespan: 30s',
    '  opened: { type: access.door_opened }\n  granted: { type: access.granted }',
  ),
);

const vessel = { observables: [{ type: 'mmsi' as const, value: '224123450' }], zoneId: 'approach-channel' };
const a = (ms: number) => ind({ time: at(ms), type: 'ais.position', severity: 1, ...vessel });
const b = (ms: number) => ind({ time: at(ms), type: 'ais.static', severity: 1, ...vessel });

describe('absence: A not followed by B', () => {
  it('fires once the watermark passes A + timespan (lateness 0): not at the deadline, one ms after', () => {
    const e = new CorrelationEngine(FOLLOWED, { allowedLatenessMs: 0 });
    expect(e.process(a(0))).toEqual([]);
    expect(e.advance(Date.parse(at(5 * MIN)))).toEqual([]);
    const [inc] = e.advance(Date.parse(at(5 * MIN + 1)));
    expect(inc).toMatchObject({
      ruleId: 'report-missing',
      zoneId: 'approach-channel',
      firstSeen: at(0),
      indicatorIds: [expect.any(String)],
    });
  });
  it('B exactly at the timespan cancels; B one ms past does not', () => {
    const e = new CorrelationEngine(FOLLOWED, { allowedLatenessMs: 0 });
    e.process(a(0));
    e.process(b(5 * MIN));
    expect(e.advance(Date.parse(at(60 * MIN)))).toEqual([]);
    const f = new CorrelationEngine(FOLLOWED, { allowedLatenessMs: 0 });
    f.process(a(0));
    expect(f.process(b(5 * MIN + 1))).toHaveLength(1); // its own time moved the watermark past the deadline
  });
  it('waits for the allowed lateness, so a B that arrives late but within it still cancels', () => {
    const e = new CorrelationEngine(FOLLOWED, { allowedLatenessMs: 2 * MIN });
    e.process(a(0));
    e.process(ind({ time: at(6 * MIN), type: 'x.y', zoneId: 'approach-channel' })); // event time moves on
    expect(e.process(b(4 * MIN))).toEqual([]); // late, out of order, in time
    expect(e.advance(Date.parse(at(60 * MIN)))).toEqual([]);
  });
  it('B arriving before A (out of order) answers it', () => {
    const e = new CorrelationEngine(FOLLOWED);
    e.process(b(MIN));
    e.process(a(0));
    expect(e.advance(Date.parse(at(60 * MIN)))).toEqual([]);
  });
  it('is grouped: a B for another vessel does not cancel', () => {
    const e = new CorrelationEngine(FOLLOWED, { allowedLatenessMs: 0 });
    e.process(a(0));
    e.process(
      ind({
        time: at(MIN),
        type: 'ais.static',
        zoneId: 'approach-channel',
        observables: [{ type: 'mmsi', value: '999' }],
      }),
    );
    expect(e.advance(Date.parse(at(6 * MIN)))).toHaveLength(1);
  });
  it('gives the same incident id on a second run (deterministic: rule, group, A time)', () => {
    const run = () => {
      const e = new CorrelationEngine(FOLLOWED, { allowedLatenessMs: 0 });
      e.process(a(0));
      return e.advance(Date.parse(at(10 * MIN)))[0].id;
    };
    expect(run()).toBe(run());
  });
  it('at the end of a complete input, fires what is due without waiting for the lateness', () => {
    const e = new CorrelationEngine(FOLLOWED, { allowedLatenessMs: 10 * MIN });
    e.process(a(0));
    expect(e.advance(Date.parse(at(6 * MIN)))).toEqual([]);
    expect(e.advance(Date.parse(at(6 * MIN)), { complete: true })).toHaveLength(1);
  });
});

describe('absence: A not preceded by B (door opened with no access granted first)', () => {
  const opened = (ms: number) => ind({ time: at(ms), type: 'access.door_opened', severity: 1 });
  const granted = (ms: number) => ind({ time: at(ms), type: 'access.granted', severity: 1 });
  it('a grant exactly 30 s before answers; 30 s + 1 ms before does not', () => {
    const e = new CorrelationEngine(PRECEDED, { allowedLatenessMs: 0 });
    e.process(granted(0));
    e.process(opened(30_000));
    expect(e.advance(Date.parse(at(MIN)))).toEqual([]);
    const f = new CorrelationEngine(PRECEDED, { allowedLatenessMs: 0 });
    f.process(granted(0));
    f.process(opened(30_001));
    expect(f.advance(Date.parse(at(MIN)))).toHaveLength(1);
  });
  it('a grant that arrives late (but before the watermark passes the door event) answers it', () => {
    const e = new CorrelationEngine(PRECEDED, { allowedLatenessMs: MIN });
    e.process(opened(10_000));
    e.process(granted(5_000));
    expect(e.advance(Date.parse(at(10 * MIN)))).toEqual([]);
  });
});
