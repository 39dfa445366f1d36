// Indicators and rules for correlation tests: real field names, minimal noise.
import { expect } from 'vitest';
import type { Indicator } from '@portwatch/schema';
import { parseRules, type Rule } from '@portwatch/ingest';

export const T0 = Date.parse('2026-01-15T09:00:00Z');
export const at = (ms: number) => new Date(T0 + ms).toISOString();
export const MIN = 60_000;

export function rules(text: string): Rule[] {
  const problems: string[] = [];
  const r = parseRules(text, 'test.yaml', problems);
  expect(problems).toEqual([]);
  return r;
}

let n = 0;
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

/** A rule in YAML from its parts. */
export function rule(id: string, correlation: string, detections: string, extra = ''): string {
  return `id: ${id}\ntitle: "${id} in {zone}"\nseverity: high\ndetections:\n${detections}\ncorrelation:\n${correlation}\n${extra}`;
}
