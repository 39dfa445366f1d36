// Every built-in scenario, on every site it is written for, through the site's real feeds,
// decoders, zones and rules: exactly the incidents it promises (rule and zone) and nothing
// rejected — in the capture `portwatch simulate` writes, and hidden in an hour or more of the
// site's background traffic, where it must be found when it happened and nowhere else.
import { describe, it, expect } from 'vitest';
import { SCENARIOS, findScenario, scenarioCapture, DEFAULT_START } from '@portwatch/simulators';
import { replayCapture } from '@portwatch/system';
import { portwatch } from '../cli/run-portwatch.ts';
import { hiddenCapture, scenarioBundle, unplaced } from './scenario-capture.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
// 06:00 in Valencia and Zagreb, 07:00 in Piraeus: the morning shift change, the busiest badge traffic.
const BACKGROUND_FROM = Date.parse('2026-01-15T05:00:00.000Z');
const cases = SCENARIOS.flatMap((s) => s.sites.map((site) => ({ id: s.id, site })));
const key = (i: { ruleId: string; zoneId: string }) => `${i.ruleId}@${i.zoneId}`;

describe.each(cases)('scenario $id on $site', ({ id, site }) => {
  const scenario = findScenario(id)!;

  it('raises exactly its expected incidents from the capture simulate writes, every record in a zone', async () => {
    const bundle = await scenarioBundle(site);
    const records = scenarioCapture(bundle, id, 7, DEFAULT_START);
    const rejects: string[] = [];
    const r = await replayCapture(
      records.map((x) => JSON.stringify(x)),
      bundle,
      { speed: Infinity, onReject: (line, reason) => rejects.push(`line ${line}: ${reason}`) },
    );
    expect(rejects).toEqual([]);
    expect(r.incidents.map(key).sort()).toEqual(scenario.expected(bundle.site).map(key).sort());
    const alone = scenarioCapture(bundle, id, 7, DEFAULT_START, false);
    expect(unplaced(bundle, alone).map((i) => `${i.title}: ${i.zoneReason}`)).toEqual([]);
    // The same seed gives the same capture.
    expect(scenarioCapture(bundle, id, 7, DEFAULT_START)).toEqual(records);
  });

  it('is found in the site’s background traffic, when it happened, and nothing else is', async () => {
    const bundle = await scenarioBundle(site);
    const atMs = BACKGROUND_FROM + 7 * MIN;
    const hours = Math.ceil((7 * MIN + scenario.durationMs + 5 * MIN) / HOUR);
    const lines = hiddenCapture(bundle, scenario, 11, BACKGROUND_FROM, hours, atMs);
    const r = await replayCapture(lines, bundle, { speed: Infinity });
    expect(r.rejected).toBe(0);
    // A port's background carries its vessels' AIS reports too; an airport has badges, cameras and IT only.
    const vessels = bundle.feeds.some((f) => f.format === 'nmea');
    expect(r.records).toBeGreaterThan((vessels ? 2_500 : 1_800) * hours);
    expect(r.incidents.map(key).sort()).toEqual(scenario.expected(bundle.site).map(key).sort());
    for (const inc of r.incidents) {
      expect(Date.parse(inc.firstSeen), key(inc)).toBeGreaterThanOrEqual(atMs);
      expect(Date.parse(inc.lastSeen), key(inc)).toBeLessThanOrEqual(atMs + scenario.durationMs);
    }
  });
});

describe('portwatch simulate --list', () => {
  it.each(['valencia', 'piraeus'])('lists the scenarios written for %s, one a line', async (site) => {
    const r = await portwatch(['simulate', '--list', '--site', `dashboards/${site}`]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(
      SCENARIOS.filter((s) => s.sites.includes(site)).map((s) => s.id),
    );
  });
});
