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

/**
 * How long stage 2 must remember a finding's id: past the timespan plus allowed lateness of the
 * longest site rule it matches a detection of, a finding passed on again is too late for any
 * window it could join. Per finding, not the site's longest rule: in Valencia every badge read
 * is a cloned-badge finding (2 + 5 min), and remembering those for the 1-hour maritime rule's
 * 65 min held 7.8 million ids at 2,000 reads/s (a worker's heap grew ~20 MB/min for an hour).
 * Answers 0 for an indicator no site rule uses.
 */
export function findingHorizon(siteRules: Rule[], allowedLatenessMs: number): (ind: Indicator) => number {
  // Longest first: the first rule matched decides.
  const byRule = siteMatchers(siteRules, allowedLatenessMs).sort((a, b) => b.horizonMs - a.horizonMs);
  return (ind) => byRule.find((r) => r.matchers.some((m) => m(ind)))?.horizonMs ?? 0;
}

/** Whether an indicator is a finding for the second stage: it matches a detection of one of its rules. */
export function findingFilter(siteRules: Rule[]): (ind: Indicator) => boolean {
  const byRule = siteMatchers(siteRules, 0);
  return (ind) => byRule.some((r) => r.matchers.some((m) => m(ind)));
}

/** The enabled site rules' detections, compiled, with how long each rule can use a finding. */
function siteMatchers(siteRules: Rule[], allowedLatenessMs: number): { horizonMs: number; matchers: Matcher[] }[] {
  return siteRules
    .filter((r) => r.enabled !== false)
    .map((r) => ({
      horizonMs: r.correlation.timespanMs + (r.latenessMs ?? allowedLatenessMs),
      matchers: r.correlation.rules.map((name) => compileDetection(r.detections[name])),
    }));
}

/**
 * Indicator ids seen lately. Stage 1 re-reads its zones after a rebalance and so publishes some
 * findings again; stage 2 counts each once (an event_count would otherwise count it twice).
 * Ids are kept for `horizonMs` of event time behind the newest: the timespan plus allowed
 * lateness of the rules the ids' findings match is enough (an older finding is dropped as late by the
 * engine anyway), and a longer horizon only costs memory (~100 bytes an id).
 */
export class RecentIds {
  private ids = new Map<string, number>();
  private newest = -Infinity;

  constructor(private readonly horizonMs: number) {}

  get size(): number {
    return this.ids.size;
  }

  /** True the first time an id is offered. */
  add(id: string, tMs: number): boolean {
    if (this.ids.has(id)) return false;
    this.ids.set(id, tMs);
    if (tMs > this.newest) this.newest = tMs;
    if (++this.sincePrune >= 4096) this.prune();
    return true;
  }

  private sincePrune = 0;

  /**
   * Drops ids from the oldest inserted while they are past the horizon. Findings arrive about
   * in event-time order, so this stops at the first recent one instead of scanning every id (a
   * full scan every 4,096 ids cost ~100 ms at 4 million ids); a late one inserted after newer
   * ids waits for them to go.
   */
  private prune() {
    this.sincePrune = 0;
    const cut = this.newest - this.horizonMs;
    for (const [id, t] of this.ids) {
      if (t >= cut) break;
      this.ids.delete(id);
    }
  }

  clear(): void {
    this.ids.clear();
    this.newest = -Infinity;
    this.sincePrune = 0;
  }
}

/**
 * Finding ids seen lately, each kept for its own horizon (findingHorizon): one RecentIds per
 * horizon, so a short-lived id is not held behind a long-lived one. A finding's horizon follows
 * from its content, so the same finding passed on again lands in the same set.
 */
export class RecentFindings {
  private byHorizon = new Map<number, RecentIds>();

  get size(): number {
    let n = 0;
    for (const ids of this.byHorizon.values()) n += ids.size;
    return n;
  }

  /** True the first time an id is offered. */
  add(id: string, tMs: number, horizonMs: number): boolean {
    let ids = this.byHorizon.get(horizonMs);
    if (!ids) this.byHorizon.set(horizonMs, (ids = new RecentIds(horizonMs)));
    return ids.add(id, tMs);
  }

  clear(): void {
    this.byHorizon.clear();
  }
}
