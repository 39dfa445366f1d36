// A scenario is a scripted incident: the raw records its devices would send, in time order,
// and the incidents Portwatch is expected to raise from them (tested).
import type { CaptureRecord, FeedConfig, Site } from '@portwatch/schema';
import type { Rng } from './rng.ts';
import { SiteTopics } from './topics.ts';

export interface ExpectedIncident {
  ruleId: string;
  zoneId: string;
  /**
   * Detection deadline: raised no later than this long after the scenario starts (event time).
   * What the detection bench holds the rules to; set from when the scenario's evidence is there.
   */
  deadlineMs: number;
  /** Expected operator action: acknowledge within this long of detection (default DEFAULT_ACK_WITHIN_S). */
  acknowledgeWithinS?: number;
}

/** The expected operator action when a scenario names none: acknowledge within five minutes. */
export const DEFAULT_ACK_WITHIN_S = 300;

/**
 * One timed inject of the Master Scenario Events List: what happens at `atS` seconds into the
 * scenario, and which of the site's feeds (id or format) carry its records. The records an
 * inject sends are the scenario's records from its time to the next inject's.
 */
export interface Inject {
  atS: number;
  title: string;
  feeds: string[];
}

export interface ScenarioContext {
  site: Site;
  topics: SiteTopics;
  rng: Rng;
  /** Epoch ms at which the scenario starts. */
  start: number;
}

export interface Scenario {
  id: string;
  title: string;
  /** The sites it is written for. */
  sites: string[];
  description: string;
  /** Documented case it is built on. */
  basedOn?: string;
  durationMs: number;
  /** The MSEL: timed injects, in order. */
  injects: Inject[];
  expected(site: Site): ExpectedIncident[];
  build(ctx: ScenarioContext): CaptureRecord[];
}

/** Builds capture lines for a scenario: `at(offsetMs, feed, sensorId, payload)`. */
export function recorder(ctx: ScenarioContext) {
  const out: CaptureRecord[] = [];
  const at = (offsetMs: number, feed: string, sensorId: string, payload: string | ((t: Date) => string)) => {
    const emission = ctx.topics.topic(feed, sensorId);
    if (!emission) throw new Error(`scenario needs a "${feed}" feed, and site "${ctx.site.id}" declares none`);
    const t = new Date(ctx.start + offsetMs);
    out.push({
      t: t.toISOString(),
      via: emission.via,
      topic: emission.topic,
      payload: typeof payload === 'string' ? payload : payload(t),
    });
  };
  return { at, records: () => out.sort((a, b) => a.t.localeCompare(b.t)) };
}

export function buildScenario(s: Scenario, site: Site, feeds: FeedConfig[], rng: Rng, start: number): CaptureRecord[] {
  if (!s.sites.includes(site.id))
    throw new Error(`scenario "${s.id}" is written for ${s.sites.join(', ')}, not "${site.id}"`);
  return s.build({ site, topics: new SiteTopics(feeds), rng, start });
}
