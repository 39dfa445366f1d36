import { describe, it, expect } from 'vitest';
import type { Indicator } from '@portwatch/schema';
import { parseRules } from './load-rules.ts';
import { RecentFindings, RecentIds, findingFilter, findingHorizon, ruleStage, splitByStage } from './stages.ts';

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

  it('remembers a finding as long as a site rule it matches can still use it, not longer', () => {
    const horizonOf = findingHorizon(splitByStage(rules).site, 5 * 60_000);
    const MIN = 60_000;
    // A badge grant is only cloned-badge's (2 min + 5 min lateness); a cyber record on an asset
    // is cascade's (15 + 5); a physical alarm of severity 3 with a badge is both: the longer wins.
    const badgeRead = (n: number, s: number) =>
      ind({ id: `b${n}`, time: new Date(s * 1000).toISOString(), observables: [{ type: 'badge', value: `B${n}` }] });
    expect(horizonOf(badgeRead(0, 0))).toBe(7 * MIN);
    expect(horizonOf(ind({ domain: 'cyber', type: 'ids.alert', assetId: 'vms-srv' }))).toBe(20 * MIN);
    expect(horizonOf(ind({ severity: 3, observables: [{ type: 'badge', value: 'B1' }] }))).toBe(20 * MIN);
    expect(horizonOf(ind({ type: 'access.door_forced', severity: 2 }))).toBe(0);

    const seen = new RecentFindings();
    // 40 minutes of event time: ten badge reads a second, and one cascade finding a minute.
    for (let s = 0; s < 40 * 60; s++) {
      for (let n = 10 * s; n < 10 * s + 10; n++) {
        const f = badgeRead(n, s);
        expect(seen.add(f.id, s * 1000, horizonOf(f))).toBe(true);
      }
      if (s % 60 === 0) expect(seen.add(`c${s}`, s * 1000, 20 * MIN)).toBe(true);
    }
    // The badge reads of the last 7 minutes stay, not 20 minutes' worth behind the cascade ones.
    // (Ids past their horizon go every 4,096 additions.)
    expect(seen.size).toBeGreaterThanOrEqual(10 * 7 * 60 + 20);
    expect(seen.size).toBeLessThan(10 * 7 * 60 + 4096 + 40);
    expect(seen.size).toBeLessThan(10 * 20 * 60);
    // Passed on again by a stage-1 rebuild: ones within their horizon are still known.
    const again = badgeRead(10 * (38 * 60), 38 * 60);
    expect(seen.add(again.id, 38 * 60_000, horizonOf(again))).toBe(false);
    expect(seen.add(`c${30 * 60}`, 30 * 60_000, 20 * MIN)).toBe(false);
  });
});
