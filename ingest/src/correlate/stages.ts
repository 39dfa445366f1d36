// Two-stage correlation for a scaled deployment. Indicators are partitioned by zone, so
// workers in one group each see some zones: a rule grouped within a zone runs where its
// zone's indicators are (stage 1), but a rule whose group spans zones (across-zones, or
// through-assets: counted in the zones depending on an asset) would only ever see the part of
// its inputs that one worker holds. Stage 1 therefore passes on its findings — the indicators
// matching a base detection of such a rule — to a site-keyed topic; stage 2 correlates them
// where all of a site's findings meet (one partition), the way Kafka Streams re-keys through
// a repartition topic. Findings are a small share of indicators, so stage 2 stays light.
import type { Indicator } from '@portwatch/schema';
import { compileDetection, type Matcher } from './compile.ts';
import type { Rule } from './rule.ts';

export type CorrelationStage = 'zone' | 'site';

/** Consumer group of the second stage. */
export const SITE_STAGE_GROUP = 'portwatch-correlate-sites';

export function ruleStage(rule: Rule): CorrelationStage {
  return rule.correlation.acrossZones || rule.correlation.throughAssets ? 'site' : 'zone';
}

export function splitByStage(rules: Rule[]): Record<CorrelationStage, Rule[]> {
  return { zone: rules.filter((r) => ruleStage(r) === 'zone'), site: rules.filter((r) => ruleStage(r) === 'site') };
}

/** Whether an indicator is a finding for the second stage: it matches a detection of one of its rules. */
export function findingFilter(siteRules: Rule[]): (ind: Indicator) => boolean {
  const matchers: Matcher[] = siteRules
    .filter((r) => r.enabled !== false)
    .flatMap((r) => r.correlation.rules.map((name) => compileDetection(r.detections[name])));
  return (ind) => matchers.some((m) => m(ind));
}

/**
 * Indicator ids seen lately. Stage 1 re-reads its zones after a rebalance and so publishes some
 * findings again; stage 2 counts each once (an event_count would otherwise count it twice).
 */
export class RecentIds {
  private ids = new Map<string, number>();
  private newest = -Infinity;

  constructor(private readonly horizonMs: number) {}

  /** True the first time an id is offered. */
  add(id: string, tMs: number): boolean {
    if (this.ids.has(id)) return false;
    this.ids.set(id, tMs);
    if (tMs > this.newest) this.newest = tMs;
    if (this.ids.size % 4096 === 0) this.prune();
    return true;
  }

  private prune() {
    const cut = this.newest - this.horizonMs;
    for (const [id, t] of this.ids) if (t < cut) this.ids.delete(id);
  }

  clear(): void {
    this.ids.clear();
    this.newest = -Infinity;
  }
}
