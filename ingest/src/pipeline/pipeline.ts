// decode → normalize → locate zone → validate, for one raw record at a time. Pure apart
// from the per-feed decoder state and counters; sources and sinks do the I/O around it.
import { validateIndicator, type FeedConfig, type Indicator, type Mode } from '@portwatch/schema';
import type { Decoder, DecoderFactory, Draft } from '../decoders/decoder.ts';
import { FeedRouter } from '../feeds/feed-router.ts';
import { FeedHealth, type Stage } from './feed-health.ts';
import { locate } from './locate.ts';
import { normalize } from './normalize.ts';
import { TokenBucket } from './rate-limit.ts';
import type { ZoneLocator } from './zone-locator.ts';

export interface RawRecord {
  via: 'mqtt' | 'kafka';
  topic: string;
  key?: string | null;
  payload: string | Uint8Array;
  /** Epoch ms of arrival. */
  receivedAt: number;
}

export interface Rejected {
  at: string;
  feedId: string | null;
  via: 'mqtt' | 'kafka';
  topic: string;
  stage: Stage;
  reason: string;
  /** The raw record (its first DEAD_LETTER_KEEP bytes when it was larger). */
  payload: string;
  size: number;
  truncated: boolean;
}

export interface ProcessResult {
  indicators: Indicator[];
  rejects: Rejected[];
}

/**
 * Derives further records from decoded ones, with state across records: AIS anomalies
 * (going dark, impossible jumps) from position reports. One instance per feed and mode.
 */
export interface Enricher {
  observe(ind: Indicator): Draft[];
  /** Anomalies that only the passing of (event) time reveals, e.g. a vessel gone dark. */
  sweep(nowMs: number): Draft[];
}

export interface PipelineOptions {
  siteId: string;
  feeds: FeedConfig[];
  locator: ZoneLocator;
  decoders: Record<string, DecoderFactory>;
  health?: FeedHealth;
  /** Mode of records that do not arrive on an exercise topic: live, or replay. */
  mode?: Mode;
  /** Per format: makes the enricher of a feed of that format. */
  enrichers?: Partial<Record<string, () => Enricher>>;
}

export const DEAD_LETTER_KEEP = 65_536;
const decoderText = new TextDecoder('utf-8', { fatal: true });

export class Pipeline {
  readonly health: FeedHealth;
  private router!: FeedRouter;
  private decoders = new Map<string, Decoder>();
  private buckets = new Map<string, TokenBucket>();
  private feeds: FeedConfig[] = [];
  private enrichers = new Map<string, { feed: FeedConfig; mode: Mode; enricher: Enricher }>();

  constructor(private readonly options: PipelineOptions) {
    this.health = options.health ?? new FeedHealth();
    this.setFeeds(options.feeds);
  }

  /** Swap the feed set without a restart; decoders of unchanged feeds keep their state. */
  setFeeds(feeds: FeedConfig[]): void {
    const keep = new Map<string, Decoder>();
    for (const f of feeds) {
      const old = this.feeds.find((o) => o.id === f.id);
      const existing = this.decoders.get(f.id);
      if (existing && old && old.format === f.format && JSON.stringify(old.mapping) === JSON.stringify(f.mapping)) keep.set(f.id, existing);
      else {
        const factory = this.options.decoders[f.format];
        if (!factory) throw new Error(`feed "${f.id}": no decoder for format "${f.format}"`);
        keep.set(f.id, factory({ mapping: f.mapping }));
      }
      if (!old || old.maxRatePerSec !== f.maxRatePerSec) this.buckets.set(f.id, new TokenBucket(f.maxRatePerSec));
    }
    this.decoders = keep;
    this.feeds = feeds;
    this.router = new FeedRouter(feeds);
  }

  get feedRouter(): FeedRouter {
    return this.router;
  }

  process(rec: RawRecord): ProcessResult {
    const indicators: Indicator[] = [];
    const rejects: Rejected[] = [];
    const size = typeof rec.payload === 'string' ? Buffer.byteLength(rec.payload) : rec.payload.byteLength;
    const reject = (feedId: string | null, stage: Stage, reason: string) => {
      if (feedId) this.health.rejected(feedId, stage, reason);
      rejects.push({
        at: new Date(rec.receivedAt).toISOString(),
        feedId,
        via: rec.via,
        topic: rec.topic,
        stage,
        reason,
        payload: preview(rec.payload),
        size,
        truncated: size > DEAD_LETTER_KEEP,
      });
    };

    const route = this.router.route(rec.via, rec.topic, this.options.mode ?? 'live');
    if (!route) {
      reject(null, 'receiving', `no feed declared for ${rec.via} topic "${rec.topic}"`);
      return { indicators, rejects };
    }
    const { feed, mode } = route;
    this.health.received(feed.id, rec.receivedAt);
    if (size > feed.maxRecordBytes) {
      reject(feed.id, 'receiving', `record too large: ${size} bytes (limit ${feed.maxRecordBytes} for feed "${feed.id}")`);
      return { indicators, rejects };
    }
    // MQTT sensors are rate-limited here (the excess is dead-lettered, not lost); Kafka feeds
    // are paced by their consumer instead, since Kafka already holds what is not yet read.
    if (mode === 'live' && rec.via === 'mqtt' && !this.buckets.get(feed.id)!.take(rec.receivedAt)) {
      reject(feed.id, 'receiving', `rate limited: feed "${feed.id}" exceeds ${feed.maxRatePerSec} records/s`);
      return { indicators, rejects };
    }
    let payload: string;
    try {
      payload = typeof rec.payload === 'string' ? rec.payload : decoderText.decode(rec.payload);
    } catch {
      reject(feed.id, 'decoding', 'payload is not valid UTF-8');
      return { indicators, rejects };
    }

    const decoded = this.decoders.get(feed.id)!.decode(payload, { feedId: feed.id, topic: rec.topic, receivedAt: new Date(rec.receivedAt) });
    if (!decoded.ok) {
      reject(feed.id, 'decoding', decoded.reason);
      return { indicators, rejects };
    }
    const ingestTime = new Date(rec.receivedAt).toISOString();
    const ctx = { siteId: this.options.siteId, feedId: feed.id, format: feed.format, mode, ingestTime };
    const enricher = this.enricherFor(feed, mode);
    const derived: Draft[] = [];
    decoded.drafts.forEach((draft, i) => {
      const ind = this.finish(draft, payload, i, feed, ctx, (reason) => reject(feed.id, 'normalizing', reason));
      if (!ind) return;
      indicators.push(ind);
      if (enricher) derived.push(...enricher.observe(ind));
    });
    for (const d of derived) {
      const ind = this.finish(d, payload, 0, feed, ctx, (reason) => reject(feed.id, 'normalizing', reason));
      if (ind) indicators.push(ind);
    }
    this.health.produced(feed.id, indicators.length);
    return { indicators, rejects };
  }

  private finish(draft: Draft, payload: string, index: number, feed: FeedConfig, ctx: Parameters<typeof normalize>[3], onInvalid: (reason: string) => void): Indicator | null {
    const ind = normalize(draft, payload, index, ctx);
    locate(ind, draft, feed, this.options.locator);
    const checked = validateIndicator(ind);
    if (!checked.ok) {
      onInvalid(`indicator invalid: ${checked.reason}`);
      return null;
    }
    return ind;
  }

  private enricherFor(feed: FeedConfig, mode: Mode): Enricher | null {
    const make = this.options.enrichers?.[feed.format];
    if (!make) return null;
    const key = feed.id + '|' + mode;
    let e = this.enrichers.get(key);
    if (!e) {
      e = { feed, mode, enricher: make() };
      this.enrichers.set(key, e);
    }
    return e.enricher;
  }

  /** Run the enrichers' time-driven checks (live: wall clock; replay: event time). */
  sweep(nowMs: number): Indicator[] {
    const out: Indicator[] = [];
    for (const { feed, mode, enricher } of this.enrichers.values()) {
      const ctx = { siteId: this.options.siteId, feedId: feed.id, format: feed.format, mode, ingestTime: new Date(nowMs).toISOString() };
      for (const d of enricher.sweep(nowMs)) {
        const ind = this.finish(d, '', 0, feed, ctx, (reason) => this.health.rejected(feed.id, 'normalizing', reason));
        if (ind) out.push(ind);
      }
      this.health.produced(feed.id, 0);
    }
    return out;
  }
}

function preview(payload: string | Uint8Array): string {
  if (typeof payload === 'string') return payload.length > DEAD_LETTER_KEEP ? payload.slice(0, DEAD_LETTER_KEEP) : payload;
  const part = payload.byteLength > DEAD_LETTER_KEEP ? payload.subarray(0, DEAD_LETTER_KEEP) : payload;
  return Buffer.from(part).toString('utf8');
}
