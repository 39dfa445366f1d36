import { describe, it, expect } from 'vitest';
import type { Indicator } from '@portwatch/schema';
import { parseRules } from './load-rules.ts';
import { RecentIds, findingFilter, findingsHorizonMs, ruleStage, splitByStage } from './stages.ts';

const problems: string[] = [];
const rules = parseRules(
  `id: cloned-badge
title: Badge in two zones
severity: high
detections:
  granted: { type: access.granted, observables.badge: { exists: true } }
correlation: { type: value_count, rules: [granted], field: zoneId, gte: 2, group-by: [observables.badge], across-zones: true, timespan: 2m }
---
id: door-forced
title: Door forced
severity: high
detections:
  forced: { type: access.door_forced }
correlation: { type: event_count, rules: [forced], gte: 1, timespan: 1m }
---
id: cascade
title: Cascade
severity: critical
detections:
  compromise: { domain: cyber, assetId: { exists: true } }
  physical: { domain: physical, severity: { gte: 3 } }
correlation: { type: temporal_ordered, rules: [compromise, physical], through-assets: true, timespan: 15m }
`,
  'test.yaml',
  problems,
);

const ind = (over: Partial<Indicator>): Indicator =>
  ({
    id: 'x',
    time: '2026-01-15T09:00:00.000Z',
    ingestTime: '2026-01-15T09:00:00.000Z',
    mode: 'live',
    siteId: 'valencia',
    zoneId: 'gate-north',
    domain: 'physical',
    type: 'access.granted',
    title: 't',
    severity: 1,
    confidence: 100,
    location: null,
    source: { feed: 'f', format: 'onvif', sensorId: 's' },
    observables: [],
    tags: [],
    ...over,
  }) as Indicator;

describe('two-stage correlation: which rule runs where', () => {
  it('sends rules grouped across zones or through assets to the site stage', () => {
    expect(problems).toEqual([]);
    expect(rules.map((r) => [r.id, ruleStage(r)])).toEqual([
      ['cloned-badge', 'site'],
      ['door-forced', 'zone'],
      ['cascade', 'site'],
    ]);
    expect(splitByStage(rules).zone.map((r) => r.id)).toEqual(['door-forced']);
  });

  it('passes on only indicators a site-stage rule can use', () => {
    const isFinding = findingFilter(splitByStage(rules).site);
    expect(isFinding(ind({ observables: [{ type: 'badge', value: 'B1' }] }))).toBe(true);
    expect(isFinding(ind({}))).toBe(false); // a grant without a badge: no rule uses it
    expect(isFinding(ind({ type: 'access.door_forced', severity: 2 }))).toBe(false);
    expect(isFinding(ind({ domain: 'cyber', type: 'ids.alert', assetId: 'vms-srv' }))).toBe(true);
  });

  it('counts an indicator passed on twice (a rebuild in stage 1) once', () => {
    const seen = new RecentIds(60_000);
    expect(seen.add('a', 0)).toBe(true);
    expect(seen.add('a', 0)).toBe(false);
    expect(seen.add('b', 1)).toBe(true);
    seen.clear();
    expect(seen.add('a', 0)).toBe(true);
  });

  it('remembers a finding as long as a site rule can still use it, not longer', () => {
    const site = splitByStage(rules).site;
    // cascade: 15 min + 5 min lateness; cloned-badge: 2 + 5.
    expect(findingsHorizonMs(site, 5 * 60_000)).toBe(20 * 60_000);
    const seen = new RecentIds(20 * 60_000);
    // Two findings a second for 40 minutes of event time: the ids of the last 20 minutes stay.
    for (let s = 0; s < 40 * 60; s++) {
      expect(seen.add(`f${s}a`, s * 1000)).toBe(true);
      expect(seen.add(`f${s}b`, s * 1000)).toBe(true);
    }
    expect(seen.size).toBeGreaterThanOrEqual(2 * 20 * 60);
    expect(seen.size).toBeLessThan(2 * 20 * 60 + 4096 + 2);
    // Passed on again by a stage-1 rebuild: one within the horizon is still known.
    expect(seen.add(`f${30 * 60}a`, 30 * 60_000)).toBe(false);
  });
});
