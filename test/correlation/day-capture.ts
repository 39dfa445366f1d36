// A day of a site’s background traffic with scenarios hidden in it, generated (not committed):
// one background slice per hour, so the shift pattern follows the clock.
import { BackgroundTraffic, Rng, SCENARIOS, buildScenario } from '@portwatch/simulators';
import type { SiteBundle } from '@portwatch/system';
import type { CaptureRecord } from '@portwatch/schema';

export const DAY_START = Date.parse('2026-01-15T00:00:00.000Z');
const HOUR = 3_600_000;

export function dayCapture(bundle: SiteBundle, seed: number, hidden: { scenario: string; atMs: number }[]): string[] {
  const bg = new BackgroundTraffic(bundle.site, bundle.feeds, new Rng(seed));
  const records: CaptureRecord[] = [];
  for (let h = 0; h < 24; h++) records.push(...bg.slice(DAY_START + h * HOUR, DAY_START + (h + 1) * HOUR));
  for (const [i, { scenario, atMs }] of hidden.entries()) {
    const s = SCENARIOS.find((x) => x.id === scenario);
    if (!s) throw new Error(`no scenario ${scenario}`);
    records.push(...buildScenario(s, bundle.site, bundle.feeds, new Rng(seed + i + 1), atMs));
  }
  records.sort((a, b) => a.t.localeCompare(b.t));
  return records.map((r) => JSON.stringify(r));
}
