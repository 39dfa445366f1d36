// The risk scale the legend documents: what it takes to reach each level.
import { describe, it, expect } from 'vitest';
import type { Indicator } from '@portwatch/schema';
import { RiskModel } from './risk.ts';

const T0 = Date.parse('2026-01-15T02:00:00Z');
let n = 0;
function ind(sec: number, severity: Indicator['severity'], domain: Indicator['domain'] = 'physical'): Indicator {
  const time = new Date(T0 + sec * 1000).toISOString();
  return {
    id: `r${++n}`,
    time,
    ingestTime: time,
    mode: 'live',
    siteId: 'valencia',
    zoneId: 'gate-north',
    domain,
    type: domain === 'physical' ? 'access.door_forced' : 'ids.alert',
    title: 't',
    severity,
    confidence: 100,
    location: null,
    source: { feed: 'f', format: 'onvif', sensorId: null },
    observables: [],
    tags: [],
  };
}

describe('the risk scale', () => {
  it('routine records add nothing; suspicion in one domain stays at most GUARDED however much arrives', () => {
    const risk = new RiskModel('valencia', ['gate-north']);
    for (let k = 0; k < 1000; k++) expect(risk.observe(ind(k, 1))!.risk).toBe(0);
    let s = null;
    for (let k = 0; k < 1000; k++) s = risk.observe(ind(1000 + k, 3));
    expect(s!.level).toBe('guarded');
  });

  it('one alarm is GUARDED, a second ELEVATED; alarms in both domains HIGH or more', () => {
    const risk = new RiskModel('valencia', ['gate-north']);
    expect(risk.observe(ind(0, 4))!.level).toBe('guarded');
    expect(risk.observe(ind(10, 4))!.level).toBe('elevated');
    const both = risk.observe(ind(20, 4, 'cyber'))!;
    expect(['high', 'severe']).toContain(both.level);
  });

  it('an open incident holds its zone: critical SEVERE, high HIGH, medium ELEVATED; one level less through the asset graph', () => {
    const risk = new RiskModel('valencia', ['a', 'b', 'c', 'd']);
    expect(risk.incident('live', 'a', 5, true).level).toBe('severe');
    expect(risk.incident('live', 'b', 4, true).level).toBe('high');
    expect(risk.incident('live', 'c', 3, true).level).toBe('elevated');
    expect(risk.incident('live', 'd', 5, true, 'tos-srv').level).toBe('high');
    // Resolved: the floor goes.
    expect(risk.incident('live', 'a', 5, false).level).toBe('low');
  });
});
