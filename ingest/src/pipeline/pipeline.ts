// decode → normalize → locate zone → validate, for one raw record at a time. Pure apart
// from the per-feed decoder state and counters; sources and sinks do the I/O around it.
import {
  DEAD_LETTER_KEEP,
  indicatorProblem,
  validateIndicator,
  type DeadLetter,
  type FeedConfig,
  type Indicator,
  type Mode,
  type Transport,
} from '@portwatch/schema';
import type { DecodeContext, Decoder, DecoderFactory, Draft } from '../decoders/decoder.ts';
import { FeedRouter, type Route } from '../feeds/feed-router.ts';
import { FeedHealth, type Stage } from './feed-health.ts';
import { locate } from './locate.ts';
import { normalize, type NormalizeContext } from './normalize.ts';
import { TokenBucket } from './rate-limit.ts';
import type { ZoneLocator } from './zone-locator.ts';

export interface RawRecord {
  via: Transport;
  topic: string;
  key?: string | null;
  payload: string | Uint8Array;
  /** Epoch ms of arrival. */
  receivedAt: number;
  /** Already held to the feed's rate by the source (ingest's pacer): the drop limit does not apply. */
  paced?: boolean;
  /** Why the source refused the record before anyone read it (e.g. an MQTT packet over its limit). */
  refused?: string;
  /** The exercise a Kafka record belongs to (its header); an MQTT record's is in its topic. */
  exerciseId?: string;
}

export interface ProcessResult {
  indicators: Indicator[];
  rejects: DeadLetter[];
  /** Why a well-formed record made no indicator (counted in feed health as "not used"). */
  notUsed?: string;
}

/**
 * What a decoder parsed the record into, for a caller that passes one to `process`: the JSON
 * object (null when the format is not JSON or the record was refused before decoding) and the
 * text it was parsed from. An indicator whose raw is this very object has that text as its JSON.
 */
export interface ParsedPayload {
  record: object | null;
  text: string;
}

/** Said of a record that decoded to nothing when its decoder gave no reason of its own. */
export const NO_INDICATOR = 'no indicator: the decoder found nothing to report in this record';
const NO_ZONE = 'no zone strategy found a zone';

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

const decoderText = new TextDecoder('utf-8', { fatal: true });

/** What the pipeline holds per declared feed, found with one lookup per record. */
interface Lane {
  feed: FeedConfig;
  decoder: Decoder;
  bucket: TokenBucket;
  /** Per mode (and exercise), reused record after record (only ingestTime changes). */
  contexts: Partial<Record<string, NormalizeContext>>;
  enrichers: Partial<Record<string, Enricher | null>>;
  /** Reused record after record: decoders read it (parseJsonObject sets parsedRecord) and keep none of it. */
  decodeContext: DecodeContext;
}

export class Pipeline {
  readonly health: FeedHealth;
  private router!: FeedRouter;
  private lanes = new Map<string, Lane>();
  private lastRoute: Route | null = null;
  private lastLane: Lane | null = null;
  private enrichers = new Map<string, { feed: FeedConfig; mode: Mode; exerciseId?: string; enricher: Enricher }>();
  private readonly clock = new ArrivalClock();
  private readonly defaultMode: Mode;

  constructor(private readonly options: PipelineOptions) {
    this.health = options.health ?? new FeedHealth();
    this.defaultMode = options.mode ?? 'live';
    this.setFeeds(options.feeds);
  }

  /** Swap the feed set without a restart; decoders of unchanged feeds keep their state. */
  setFeeds(feeds: FeedConfig[]): void {
    const lanes = new Map<string, Lane>();
    for (const f of feeds) {
      const old = this.lanes.get(f.id);
      let decoder: Decoder;
      if (old && old.feed.format === f.format && JSON.stringify(old.feed.mapping) === JSON.stringify(f.mapping))
        decoder = old.decoder;
      else {
        const factory = this.options.decoders[f.format];
        if (!factory) throw new Error(`feed "${f.id}": no decoder for format "${f.format}"`);
        decoder = factory({ mapping: f.mapping });
      }
      // Twice the rate as burst: ingest already paces MQTT bursts to the rate (sources/pacer.ts),
      // so paced traffic never trips this; a flood the pacer gives up on still does.
      const bucket =
        old && old.feed.maxRatePerSec === f.maxRatePerSec
          ? old.bucket
          : new TokenBucket(f.maxRatePerSec, 2 * f.maxRatePerSec);
      lanes.set(f.id, {
        feed: f,
        decoder,
        bucket,
        contexts: {},
        enrichers: {},
        decodeContext: { feedId: f.id, topic: '', receivedAt: new Date(NaN), parsedRecord: null },
      });
    }
    this.lanes = lanes;
    this.lastLane = null;
    this.router = new FeedRouter(feeds);
  }

  get feedRouter(): FeedRouter {
    return this.router;
  }

  process(rec: RawRecord, parsed?: ParsedPayload): ProcessResult {
    if (parsed !== undefined) parsed.record = null;
    const route = this.router.route(rec.via, rec.topic, this.defaultMode);
    if (route === null)
      return this.reject(newResult(), rec, null, 'receiving', `no feed declared for ${rec.via} topic "${rec.topic}"`);
    const lane = this.laneOf(route);
    const feed = lane.feed;
    const mode = route.mode;
    this.health.received(feed.id, rec.receivedAt);
    if (rec.refused !== undefined) return this.reject(newResult(), rec, feed.id, 'receiving', rec.refused);
    if (exceedsBytes(rec.payload, feed.maxRecordBytes)) {
      return this.reject(
        newResult(),
        rec,
        feed.id,
        'receiving',
        `record too large: ${byteSize(rec.payload)} bytes (limit ${feed.maxRecordBytes} for feed "${feed.id}")`,
      );
    }
    // MQTT sensors are rate-limited here (the excess is dead-lettered, not lost); Kafka feeds
    // are paced by their consumer instead, since Kafka already holds what is not yet read.
    if (mode === 'live' && rec.via === 'mqtt' && !rec.paced && !lane.bucket.take(rec.receivedAt)) {
      return this.reject(
        newResult(),
        rec,
        feed.id,
        'receiving',
        `rate limited: feed "${feed.id}" exceeds ${feed.maxRatePerSec} records/s`,
      );
    }
    let payload: string;
    if (typeof rec.payload === 'string') payload = rec.payload;
    else {
      try {
        payload = decoderText.decode(rec.payload);
      } catch {
        return this.reject(newResult(), rec, feed.id, 'decoding', 'payload is not valid UTF-8');
      }
    }

    const decodeContext = lane.decodeContext;
    decodeContext.topic = rec.topic;
    decodeContext.receivedAt = this.clock.date(rec.receivedAt);
    decodeContext.parsedRecord = null;
    const decoded = lane.decoder.decode(payload, decodeContext);
    if (parsed !== undefined) {
      parsed.record = decodeContext.parsedRecord;
      parsed.text = payload;
    }
    if (!decoded.ok) return this.reject(newResult(), rec, feed.id, 'decoding', decoded.reason);
    const drafts = decoded.drafts;
    if (drafts.length === 0) {
      const why = decoded.notUsed ?? NO_INDICATOR;
      this.health.notUsed(feed.id, why);
      return { indicators: [], rejects: [], notUsed: why };
    }
    // Each exercise is a lane of its own: its ids, its AIS tracks.
    const exerciseId = mode === 'exercise' ? (route.exerciseId ?? rec.exerciseId) : undefined;
    const laneKey = exerciseId === undefined ? mode : 'exercise:' + exerciseId;
    const ctx =
      lane.contexts[laneKey] ??
      (lane.contexts[laneKey] = {
        siteId: this.options.siteId,
        feedId: feed.id,
        format: feed.format,
        mode,
        ingestTime: '',
        idPrefix: undefined,
        ...(exerciseId === undefined ? {} : { exerciseId }),
      });
    ctx.ingestTime = this.clock.iso(rec.receivedAt);
    const enricher =
      lane.enrichers[laneKey] !== undefined
        ? lane.enrichers[laneKey]
        : (lane.enrichers[laneKey] = this.enricherFor(feed, mode, exerciseId));
    // Most records make one indicator: the arrays are made to size, when first needed.
    let indicators: Indicator[] | null = null;
    let rejects: DeadLetter[] | null = null;
    let derived: Draft[] | null = null;
    for (let i = 0; i < drafts.length; i++) {
      const ind = this.finish(drafts[i], payload, i, feed, ctx);
      if (typeof ind === 'string') {
        rejects = this.rejection(rejects, rec, feed.id, 'normalizing', ind);
        continue;
      }
      if (indicators === null) indicators = [ind];
      else indicators.push(ind);
      if (ind.zoneId === null) this.health.noZone(feed.id, ind.zoneReason ?? NO_ZONE);
      if (enricher !== null) {
        const more = enricher.observe(ind);
        if (more.length > 0) derived = derived === null ? more : derived.concat(more);
      }
    }
    if (derived !== null) {
      for (const d of derived) {
        const ind = this.finish(d, payload, 0, feed, ctx);
        if (typeof ind === 'string') {
          rejects = this.rejection(rejects, rec, feed.id, 'normalizing', ind);
          continue;
        }
        if (indicators === null) indicators = [ind];
        else indicators.push(ind);
        if (ind.zoneId === null) this.health.noZone(feed.id, ind.zoneReason ?? NO_ZONE);
      }
    }
    if (indicators === null) indicators = [];
    this.health.produced(feed.id, indicators.length);
    return { indicators, rejects: rejects ?? [] };
  }

  /** The lane of a route, remembered for the last route: records of a feed come in runs. */
  private laneOf(route: Route): Lane {
    if (route !== this.lastRoute || this.lastLane === null) {
      this.lastRoute = route;
      this.lastLane = this.lanes.get(route.feed.id)!;
    }
    return this.lastLane;
  }

  /** Counts the rejection and dead-letters the raw record with its reason. */
  private reject(
    result: ProcessResult,
    rec: RawRecord,
    feedId: string | null,
    stage: Stage,
    reason: string,
  ): ProcessResult {
    this.rejection(result.rejects, rec, feedId, stage, reason);
    return result;
  }

  /** Counts the rejection and adds the dead letter (the raw record with its reason) to `rejects`. */
  private rejection(
    rejects: DeadLetter[] | null,
    rec: RawRecord,
    feedId: string | null,
    stage: Stage,
    reason: string,
  ): DeadLetter[] {
    if (feedId) this.health.rejected(feedId, stage, reason);
    const size = byteSize(rec.payload);
    const list = rejects ?? [];
    list.push({
      at: this.clock.iso(rec.receivedAt),
      feedId,
      via: rec.via,
      topic: rec.topic,
      stage,
      reason,
      payload: preview(rec.payload),
      size,
      truncated: size > DEAD_LETTER_KEEP,
    });
    return list;
  }

  /** The located indicator, or why it breaks the Indicator contract. */
  private finish(
    draft: Draft,
    payload: string,
    index: number,
    feed: FeedConfig,
    ctx: NormalizeContext,
  ): Indicator | string {
    const ind = normalize(draft, payload, index, ctx);
    locate(ind, draft, feed, this.options.locator);
    const problem = indicatorProblem(ind);
    if (problem !== null) return `indicator invalid: ${problem}`;
    // A mapped JSON feed's output depends on the site's mapping, which no decoder test has
    // seen: it alone is held to the full schema here.
    if (feed.format === 'json') {
      const checked = validateIndicator(ind);
      if (!checked.ok) return `indicator invalid: ${checked.reason}`;
    }
    return ind;
  }

  private enricherFor(feed: FeedConfig, mode: Mode, exerciseId?: string): Enricher | null {
    const make = this.options.enrichers?.[feed.format];
    if (!make) return null;
    const key = feed.id + '|' + mode + '|' + (exerciseId ?? '');
    let e = this.enrichers.get(key);
    if (!e) {
      e = { feed, mode, exerciseId, enricher: make() };
      this.enrichers.set(key, e);
    }
    return e.enricher;
  }

  /** Run the enrichers' time-driven checks (live: wall clock; replay: event time). */
  sweep(nowMs: number): Indicator[] {
    const out: Indicator[] = [];
    for (const { feed, mode, exerciseId, enricher } of this.enrichers.values()) {
      const ctx = {
        siteId: this.options.siteId,
        feedId: feed.id,
        format: feed.format,
        mode,
        ...(exerciseId === undefined ? {} : { exerciseId }),
        ingestTime: new Date(nowMs).toISOString(),
      };
      let produced = 0;
      for (const d of enricher.sweep(nowMs)) {
        const ind = this.finish(d, '', 0, feed, ctx);
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

function newResult(): ProcessResult {
  return { indicators: [], rejects: [] };
}

/** Whether the payload is over `limit` bytes; a string is measured only when it could be. */
function exceedsBytes(payload: string | Uint8Array, limit: number): boolean {
  if (typeof payload !== 'string') return payload.byteLength > limit;
  // UTF-8 takes 1–3 bytes per UTF-16 code unit.
  return payload.length > limit || (payload.length * 3 > limit && Buffer.byteLength(payload) > limit);
}

function byteSize(payload: string | Uint8Array): number {
  return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
}

/**
 * Arrival times as a Date and as ISO text, kept for the last millisecond seen: records
 * arrive in bursts within one millisecond, and formatting a date per record is not free.
 */
class ArrivalClock {
  private ms = NaN;
  private asDate = new Date(NaN);
  private asIso: string | null = null;

  date(ms: number): Date {
    if (ms !== this.ms) this.set(ms);
    return this.asDate;
  }

  iso(ms: number): string {
    if (ms !== this.ms) this.set(ms);
    return (this.asIso ??= this.asDate.toISOString());
  }

  private set(ms: number): void {
    this.ms = ms;
    this.asDate = new Date(ms);
    this.asIso = null;
  }
}

function preview(payload: string | Uint8Array): string {
  if (typeof payload === 'string')
    return payload.length > DEAD_LETTER_KEEP ? payload.slice(0, DEAD_LETTER_KEEP) : payload;
  const part = payload.byteLength > DEAD_LETTER_KEEP ? payload.subarray(0, DEAD_LETTER_KEEP) : payload;
  return Buffer.from(part).toString('utf8');
}
