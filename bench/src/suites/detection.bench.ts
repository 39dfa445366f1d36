// Detection on a day of noise: for each site, days of background traffic (different seeds)
// with the site's scenarios hidden at different local times, replayed through the offline
// pipeline. Per scenario: found or missed, time to detect, parts past their deadline; per
// site: the high-severity incidents no scenario explains. Targets: all found, 0 unexplained,
// every part within its deadline.
import { dayCapture, localTime, findScenario, SCENARIOS, DAY_START } from '@portwatch/simulators';
import { loadSiteBundle, replayCapture } from '@portwatch/system';
import type { BenchSuite } from '../bench-suite.ts';
import { scoreDay, type PlacedScenario, type ScenarioResult } from '../detection/score-day.ts';
import { detectionTable } from '../detection/detection-table.ts';

const SITES = ['valencia', 'piraeus', 'zagreb-airport'];
const SEEDS = [11, 23, 37];
/** Local start times, four hours apart (the longest scenario takes an hour); day d shifts each scenario by d slots. */
const SLOTS = ['01:10', '05:20', '09:30', '13:40', '17:50', '22:00'];

export const suite: BenchSuite = {
  name: 'detection',
  description: 'days of background traffic with every scenario hidden in them, for both ports and the airport',
  async run(report, log) {
    const rows: { site: string; results: ScenarioResult[] }[] = [];
    const unexplained: Record<string, string[]> = {};
    for (const siteId of SITES) {
      const bundle = await loadSiteBundle(siteId);
      const scenarios = SCENARIOS.filter((s) => s.sites.includes(siteId));
      const results: ScenarioResult[] = [];
      unexplained[siteId] = [];
      for (const [d, seed] of SEEDS.entries()) {
        const placed: PlacedScenario[] = scenarios.map((s, i) => ({
          scenario: s.id,
          atMs: localTime(SLOTS[(i + d) % SLOTS.length], DAY_START, bundle.site.timezone),
          durationMs: s.durationMs,
          expected: findScenario(s.id)!.expected(bundle.site),
        }));
        const lines = dayCapture(bundle, seed, placed).map((r) => JSON.stringify(r));
        const r = await replayCapture(lines, bundle, { speed: Infinity });
        const score = scoreDay(r.incidents, placed);
        results.push(...score.scenarios);
        for (const inc of score.unexplainedHigh)
          unexplained[siteId].push(
            `seed ${seed}: ${inc.ruleId}@${inc.zoneId} (sev ${inc.severity}) at ${inc.firstSeen}`,
          );
        log(
          `${siteId} seed ${seed}: ${r.records} records, ${r.incidents.length} incidents, ${score.unexplainedHigh.length} unexplained high`,
        );
      }
      rows.push({ site: siteId, results });
      report(`${siteId} unexplained high-severity incidents`, unexplained[siteId].length, 'incidents');
    }
    const table = detectionTable(rows, unexplained);
    for (const line of table.lines) log(line);
    for (const f of table.figures) report(f.figure, f.value, f.unit);
    if (!table.met) throw new Error('detection targets not met (see the lines above)');
  },
};
