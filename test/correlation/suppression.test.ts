// Suppression and re-arm: while an incident is open, matches update it; after an operator
// resolves it, its group stays quiet for the re-arm period, then raises a new incident.
import { describe, it, expect } from 'vitest';
import { CorrelationEngine } from '@portwatch/ingest';
import { at, ind, MIN, rule, rules } from './support.ts';

const HYBRID = rules(
  rule(
    'hybrid',
    '  type: temporal\n  rules: [physical, cyber]\n  timespan: 10m',
    '  physical: { domain: physical, severity: { gte: 3 } }\n  cyber: { domain: cyber, severity: { gte: 3 } }',
    'suppress: 30m\nrearm: 20m',
  ),
);
const cyber = (ms: number) => ind({ time: at(ms), domain: 'cyber', type: 'ids.alert' });
const physical = (ms: number) => ind({ time: at(ms) });

describe('suppression', () => {
  it('updates the open incident with more indicators and a later lastSeen instead of raising another', () => {
    const e = new CorrelationEngine(HYBRID);
    e.process(cyber(0));
    const [raised] = e.process(physical(MIN));
    const [updated] = e.process(physical(20 * MIN)); // alone it would not fire: it joins the open incident
    expect(updated.id).toBe(raised.id);
    expect(updated.indicatorIds).toHaveLength(3);
    expect(updated.lastSeen).toBe(at(20 * MIN));
    expect(updated.firstSeen).toBe(at(0));
  });
  it('raises a new incident once the suppression period has passed', () => {
    const e = new CorrelationEngine(HYBRID);
    e.process(cyber(0));
    const [first] = e.process(physical(MIN));
    e.process(cyber(40 * MIN));
    const [second] = e.process(physical(41 * MIN));
    expect(second.id).not.toBe(first.id);
  });
});

describe('re-arm after resolve', () => {
  it('raises nothing for the group during the re-arm period, and a new incident after it', () => {
    const e = new CorrelationEngine(HYBRID);
    e.process(cyber(0));
    const [inc] = e.process(physical(MIN));
    expect(e.resolved(inc.id, Date.parse(at(2 * MIN)))).toBe(true);
    // Quiet until 22 min.
    e.process(cyber(10 * MIN));
    expect(e.process(physical(11 * MIN))).toEqual([]);
    expect(e.stats.rearming).toBeGreaterThan(0);
    e.process(cyber(23 * MIN));
    const [again] = e.process(physical(24 * MIN));
    expect(again.id).not.toBe(inc.id);
    expect(again.indicatorIds).toHaveLength(2); // evidence shown before the resolve does not come back
  });
  it('other groups are not affected', () => {
    const e = new CorrelationEngine(HYBRID);
    e.process(cyber(0));
    const [inc] = e.process(physical(MIN));
    e.resolved(inc.id, Date.parse(at(2 * MIN)));
    e.process(ind({ time: at(3 * MIN), domain: 'cyber', zoneId: 'data-centre' }));
    expect(e.process(ind({ time: at(4 * MIN), zoneId: 'data-centre' }))).toHaveLength(1);
  });
  it('an unknown incident id is reported as such', () => {
    expect(new CorrelationEngine(HYBRID).resolved('inc-nope', 0)).toBe(false);
  });
});
