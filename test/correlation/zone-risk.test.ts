// Risk that tells where: routine traffic leaves the port LOW however much of it arrives, and a
// scenario lights its own zones (≥ HIGH) while every zone it does not reach stays ≤ GUARDED.
import { describe, it, expect } from 'vitest';
import { RiskModel } from '@portwatch/ingest';
import { loadSiteBundle } from '@portwatch/system';
import { SCENARIOS, DEFAULT_START, scenarioCapture, dayCapture, DAY_START } from '@portwatch/simulators';
import { RISK_LEVELS, type RiskLevel } from '@portwatch/schema';
import { ind, at } from './support.ts';
import { zoneRiskOver } from './zone-risk.ts';

const rank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);

describe('zone risk under routine traffic', () => {
  it('5,000 vessels reporting positions every 10 s for 10 minutes leave every zone LOW', async () => {
    const b = await loadSiteBundle('valencia');
    const zoneIds = b.site.zones.features.map((f) => f.properties.id);
    const risk = new RiskModel('valencia', zoneIds, { assets: b.site.assets });
    for (let s = 0; s < 600; s += 10)
      for (let v = 0; v < 5000; v++)
        risk.observeAll(
          ind({
            time: at(s * 1000 + v),
            zoneId: zoneIds[v % zoneIds.length],
            type: 'ais.position',
            severity: 1,
            confidence: 100,
            observables: [{ type: 'mmsi', value: String(224000000 + v) }],
          }),
        );
    const states = risk.snapshot('live', Date.parse(at(600_000)));
    expect(states.map((z) => `${z.zoneId}:${z.level}`)).toEqual(zoneIds.map((z) => `${z}:low`));
  });

  it('a flood of low-severity IDS noise in one zone stays LOW; a single alarm there lifts it', async () => {
    const risk = new RiskModel('valencia', ['data-centre']);
    let s = null;
    for (let k = 0; k < 2000; k++)
      s = risk.observe(
        ind({ time: at(k * 100), zoneId: 'data-centre', domain: 'cyber', type: 'ids.alert', severity: 2 }),
      );
    expect(s!.level).toBe('low');
    s = risk.observe(ind({ time: at(200_001), zoneId: 'data-centre', type: 'perimeter.cut', severity: 4 }));
    expect(rank(s!.level)).toBeGreaterThanOrEqual(rank('guarded'));
  });
});

describe('each scenario lights its own zones and leaves the rest of the site low', () => {
  const cases = SCENARIOS.flatMap((s) => s.sites.map((site) => [s.id, site] as const));
  it.each(cases)('%s at %s', async (id, siteId) => {
    const b = await loadSiteBundle(siteId);
    const scenario = SCENARIOS.find((s) => s.id === id)!;
    const lines = scenarioCapture(b, id, 7, DEFAULT_START, true).map((r) => JSON.stringify(r));
    const { incidents, peak } = await zoneRiskOver(lines, b);
    const own = new Set(scenario.expected(b.site).map((x) => x.zoneId));
    const reached = new Set(incidents.flatMap((i) => [i.zoneId, ...i.affectedZones]));
    for (const z of own) expect(`${z}:${peak[z]}`).toMatch(/:(high|severe)$/);
    const elsewhere = Object.entries(peak).filter(([z]) => !reached.has(z));
    for (const [z, level] of elsewhere) expect(`${z}:${level}`).toMatch(/:(low|guarded)$/);
  });
});

describe('the demo: every Valencia scenario at once', () => {
  it('lights the zones the scenarios reach and leaves every other zone LOW or GUARDED', async () => {
    const b = await loadSiteBundle('valencia');
    const ids = SCENARIOS.filter((s) => s.sites.includes('valencia')).map((s) => s.id);
    // Two minutes apart, as the demo's simulator starts them, inside a day's background.
    const hidden = ids.map((scenario, i) => ({ scenario, atMs: DAY_START + 10 * 3_600_000 + i * 120_000 }));
    const lines = dayCapture(b, 5, hidden).map((r) => JSON.stringify(r));
    const { incidents, peak } = await zoneRiskOver(lines, b);
    const reached = new Set(incidents.flatMap((i) => [i.zoneId, ...i.affectedZones]));
    const quiet = Object.keys(peak).filter((z) => !reached.has(z));
    expect(quiet.length).toBeGreaterThan(0);
    for (const z of quiet) expect(`${z}:${peak[z]}`).toMatch(/:(low|guarded)$/);
  });
});
