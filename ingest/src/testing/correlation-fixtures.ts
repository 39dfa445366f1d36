// Indicators and rules for correlation tests (`@portwatch/ingest/testing`): real field names,
// minimal noise, one clock. Used by the engine's unit tests and by test/correlation.
import type { Indicator } from '@portwatch/schema';
import { parseRules } from '../correlate/load-rules.ts';
import type { Rule } from '../correlate/rule.ts';

export const T0 = Date.parse('2026-01-15T09:00:00Z');
export const at = (ms: number) => new Date(T0 + ms).toISOString();
export const MIN = 60_000;

/** A physical and a cyber indicator of severity 3+ in one zone within 10 minutes. */
export const HYBRID_RULE = `
id: hybrid-zone-activity
title: "Hybrid activity in {zone}"
severity: high
detections:
  physical: { domain: physical, severity: { gte: 3 } }
  cyber: { domain: cyber, severity: { gte: 3 } }
correlation:
  type: temporal
  rules: [physical, cyber]
  group-by: [zoneId]
  timespan: 10m
suppress: 30m
`;

/** Rules from YAML text; a rule file with problems fails the test that wrote it, naming them. */
export function rules(text: string): Rule[] {
  const problems: string[] = [];
  const r = parseRules(text, 'test.yaml', problems);
  if (problems.length) throw new Error(`test rules have problems:\n${problems.join('\n')}`);
  return r;
}

let n = 0;
/** A physical door-forced indicator in Valencia's North Gate unless `p` says otherwise. */
export function ind(p: Partial<Indicator> & { time: string }): Indicator {
  return {
    id: `i${++n}`,
    ingestTime: p.time,
    mode: 'live',
    siteId: 'valencia',
    zoneId: 'gate-north',
    domain: 'physical',
    type: 'access.door_forced',
    title: 't',
    severity: 4,
    confidence: 100,
    location: null,
    source: { feed: 'f', format: 'onvif', sensorId: null },
    observables: [],
    tags: [],
    ...p,
  };
}
