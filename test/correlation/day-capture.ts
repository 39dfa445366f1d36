// A day of Valencia background traffic with scenarios hidden in it, generated (not committed):
// one background slice per hour, so the shift pattern follows the clock.
import { BackgroundTraffic, Rng, SCENARIOS, buildScenario } from '@portwatch/simulators';
import type { SiteBundle } from '@portwatch/api/system/load-site-bundle';
import type { CaptureRecord } from '@portwatch/schema';

export const DAY_START = Date.parse('2026-01-15T00:00:00.000Z');
const HOUR = 3_600_000;

/**
 * BackgroundTraffic draws badge and reader independently, so each of its 400 badges is swiped
 * about a hundred times a day at readers all over the port — no badge holder works like that,
 * and a cloned-badge rule sees clones everywhere. Until the generator gives badges a home zone,
 * the day re-homes them here: a badge seen at a reader of zone Z becomes that zone's badge.
 */
function rehomeBadge(rec: CaptureRecord, zoneOfReader: Map<string, string>): CaptureRecord {
  if (!rec.topic.includes('/access/')) return rec;
  const ev = JSON.parse(rec.payload) as { message?: { source?: { AccessPointToken?: string }; data?: { CredentialToken?: string } } };
  const reader = ev.message?.source?.AccessPointToken;
  const badge = ev.message?.data?.CredentialToken;
  if (!reader || !badge) return rec;
  ev.message!.data!.CredentialToken = `${badge}-${zoneOfReader.get(reader) ?? 'x'}`;
  return { ...rec, payload: JSON.stringify(ev) };
}

export function dayCapture(bundle: SiteBundle, seed: number, hidden: { scenario: string; atMs: number }[]): string[] {
  const bg = new BackgroundTraffic(bundle.site, bundle.feeds, new Rng(seed));
  const records: CaptureRecord[] = [];
  const zoneOfReader = new Map(bundle.site.sensors.features.map((f) => [f.properties.id, f.properties.zoneId as string]));
  for (let h = 0; h < 24; h++) for (const r of bg.slice(DAY_START + h * HOUR, DAY_START + (h + 1) * HOUR)) records.push(rehomeBadge(r, zoneOfReader));
  for (const [i, { scenario, atMs }] of hidden.entries()) {
    const s = SCENARIOS.find((x) => x.id === scenario);
    if (!s) throw new Error(`no scenario ${scenario}`);
    records.push(...buildScenario(s, bundle.site, bundle.feeds, new Rng(seed + i + 1), atMs));
  }
  records.sort((a, b) => a.t.localeCompare(b.t));
  return records.map((r) => JSON.stringify(r));
}
