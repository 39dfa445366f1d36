// A day of Valencia background traffic (badges by shift, cameras, benign IDS noise, AIS) with
// two hybrid incidents hidden in it, at different times and in different zones: correlation
// must find exactly those, and nothing else of high severity. The same for a day at the airport.
import { describe, it, expect } from 'vitest';
import { loadSiteBundle } from '@portwatch/system';
import { SCENARIOS, dayCapture, DAY_START } from '@portwatch/simulators';
import { replayCapture } from '@portwatch/system';

const HOUR = 3_600_000;

describe('a day of background traffic with two hybrid incidents hidden in it', () => {
  it('gives exactly the expected incidents and no other of severity ≥ 4', async () => {
    const bundle = await loadSiteBundle('valencia');
    const hidden = [
      { scenario: 'gate-hybrid-intrusion', atMs: DAY_START + 3.2 * HOUR }, // night shift, north gate
      { scenario: 'drone-cctv-attack', atMs: DAY_START + 15.5 * HOUR }, // afternoon, CSP terminal
    ];
    const lines = dayCapture(bundle, 42, hidden).map((r) => JSON.stringify(r));
    const r = await replayCapture(lines, bundle, { speed: Infinity });
    expect(r.records).toBeGreaterThan(50_000);
    expect(r.rejected).toBe(0);
    const expected = hidden
      .flatMap((h) => SCENARIOS.find((s) => s.id === h.scenario)!.expected(bundle.site))
      .map((x) => `${x.ruleId}@${x.zoneId}`);
    const high = r.incidents.filter((i) => i.severity >= 4).map((i) => `${i.ruleId}@${i.zoneId}`);
    expect(high.sort()).toEqual(expected.sort());
    // Found when they happened, not somewhere else in the day.
    const gate = r.incidents.find((i) => i.zoneId === 'gate-north')!;
    expect(Date.parse(gate.firstSeen) - hidden[0].atMs).toBeLessThan(5 * 60_000);
  });
});

describe('a day at the airport with the baggage-handling extortion hidden in the night', () => {
  it('gives exactly its incidents, found when it happened, and no other of severity ≥ 4', async () => {
    const bundle = await loadSiteBundle('zagreb-airport');
    const atMs = DAY_START + 1.5 * HOUR; // 02:30 in Zagreb: the quietest hour
    const lines = dayCapture(bundle, 42, [{ scenario: 'baggage-extortion', atMs }]).map((r) => JSON.stringify(r));
    const r = await replayCapture(lines, bundle, { speed: Infinity });
    expect(r.records).toBeGreaterThan(30_000);
    expect(r.rejected).toBe(0);
    const scenario = SCENARIOS.find((s) => s.id === 'baggage-extortion')!;
    const expected = scenario.expected(bundle.site).map((x) => `${x.ruleId}@${x.zoneId}`);
    const high = r.incidents.filter((i) => i.severity >= 4).map((i) => `${i.ruleId}@${i.zoneId}`);
    expect(high.sort()).toEqual(expected.sort());
    for (const inc of r.incidents) {
      expect(Date.parse(inc.firstSeen)).toBeGreaterThanOrEqual(atMs);
      expect(Date.parse(inc.lastSeen)).toBeLessThanOrEqual(atMs + scenario.durationMs);
    }
  });
});
