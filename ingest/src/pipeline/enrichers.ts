// A pipeline's enrichers (ais-enricher.ts is one): records derived from decoded ones, with
// state across records. One runs per feed and lane (mode, or exercise), made when the lane
// first decodes something, and all of them are swept as (event) time passes.
import type { FeedConfig, Indicator, Mode } from '@portwatch/schema';
import type { Draft } from '../decoders/decoder.ts';
import type { FeedHealth } from './feed-health.ts';
import { NO_ZONE, finishIndicator } from './finish-indicator.ts';
import type { ZoneLocator } from './zone-locator.ts';

/**
 * Derives further records from decoded ones, with state across records: AIS anomalies
 * (going dark, impossible jumps) from position reports. One instance per feed and mode.
 */
export interface Enricher {
  observe(ind: Indicator): Draft[];
  /** Anomalies that only the passing of (event) time reveals, e.g. a vessel gone dark. */
  sweep(nowMs: number): Draft[];
}

export class Enrichers {
  private readonly running = new Map<
    string,
    { feed: FeedConfig; mode: Mode; exerciseId?: string; enricher: Enricher }
  >();

  constructor(
    /** Per format: makes the enricher of a feed of that format. */
    private readonly makers: Partial<Record<string, () => Enricher>> | undefined,
    private readonly siteId: string,
    private readonly locator: ZoneLocator,
    private readonly health: FeedHealth,
  ) {}

  /** The enricher of the feed in this lane, made on first use; null when the feed's format has none. */
  of(feed: FeedConfig, mode: Mode, exerciseId?: string): Enricher | null {
    const make = this.makers?.[feed.format];
    if (!make) return null;
    const key = feed.id + '|' + mode + '|' + (exerciseId ?? '');
    let e = this.running.get(key);
    if (!e) {
      e = { feed, mode, exerciseId, enricher: make() };
      this.running.set(key, e);
    }
    return e.enricher;
  }

  /** Run the enrichers' time-driven checks (live: wall clock; replay: event time). */
  sweep(nowMs: number): Indicator[] {
    const out: Indicator[] = [];
    for (const { feed, mode, exerciseId, enricher } of this.running.values()) {
      const ctx = {
        siteId: this.siteId,
        feedId: feed.id,
        format: feed.format,
        mode,
        ...(exerciseId === undefined ? {} : { exerciseId }),
        ingestTime: new Date(nowMs).toISOString(),
      };
      let produced = 0;
      for (const d of enricher.sweep(nowMs)) {
        const ind = finishIndicator(d, '', 0, feed, ctx, this.locator);
        if (typeof ind === 'string') this.health.rejected(feed.id, 'normalizing', ind);
        else {
          out.push(ind);
          produced++;
          if (ind.zoneId === null) this.health.noZone(feed.id, ind.zoneReason ?? NO_ZONE);
        }
      }
      if (produced) this.health.produced(feed.id, produced);
    }
    return out;
  }
}
