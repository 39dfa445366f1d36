// Captures for the scenario tests: a site as the pipeline loads it, and a scenario hidden in
// that site's background traffic (one background slice per hour, as the simulators' dayCapture does).
import { BackgroundTraffic, Rng, buildScenario, type Scenario } from '@portwatch/simulators';
import { loadSiteBundle, type SiteBundle } from '@portwatch/system';
import { DEFAULT_ENRICHERS, Pipeline, siteLocator } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import type { CaptureRecord, Indicator } from '@portwatch/schema';

const HOUR = 3_600_000;
/** The site's bundle, as the pipeline loads it. */
export async function scenarioBundle(siteId: string): Promise<SiteBundle> {
  return loadSiteBundle(siteId);
}

/** Background from `fromMs` for `hours`, with the scenario started at `atMs` inside it. */
export function hiddenCapture(
  bundle: SiteBundle,
  scenario: Scenario,
  seed: number,
  fromMs: number,
  hours: number,
  atMs: number,
): string[] {
  const bg = new BackgroundTraffic(bundle.site, bundle.feeds, new Rng(seed));
  const records: CaptureRecord[] = [];
  for (let h = 0; h < hours; h++) records.push(...bg.slice(fromMs + h * HOUR, fromMs + (h + 1) * HOUR));
  records.push(...buildScenario(scenario, bundle.site, bundle.feeds, new Rng(seed + 1), atMs));
  records.sort((a, b) => a.t.localeCompare(b.t));
  return records.map((r) => JSON.stringify(r));
}

/** Indicators of these records that found no zone (a sensor, address or position the site lacks). */
export function unplaced(bundle: SiteBundle, records: CaptureRecord[]): Indicator[] {
  const pipeline = new Pipeline({
    siteId: bundle.site.id,
    feeds: bundle.feeds.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER })),
    locator: siteLocator(bundle.site),
    decoders: decoderFactories,
    enrichers: DEFAULT_ENRICHERS,
    mode: 'replay',
  });
  const out: Indicator[] = [];
  for (const r of records) {
    const t = Date.parse(r.t);
    const { indicators } = pipeline.process({
      via: r.via,
      topic: r.topic,
      key: r.key,
      payload: r.payload,
      receivedAt: t,
    });
    out.push(...indicators.filter((i) => i.zoneId === null));
  }
  return out;
}
