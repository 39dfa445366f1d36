// decode → normalize → locate zone → validate, for one raw record at a time. Pure apart
// from the per-feed decoder state and counters; sources and sinks do the I/O around it.
// Beside it: what it keeps per feed (pipeline-lane.ts), how a draft becomes an indicator
// (finish-indicator.ts), a rejected record's dead letter (dead-letter.ts), the enrichers.
import type { DeadLetter, FeedConfig, Indicator, Mode, Transport } from '@portwatch/schema';
import type { DecoderFactory, Draft } from '../decoders/decoder.ts';
import { FeedRouter, type Route } from '../feeds/feed-router.ts';
import { ArrivalClock } from './arrival-clock.ts';
import { deadLetter } from './dead-letter.ts';
import { Enrichers, type Enricher } from './enrichers.ts';
import { FeedHealth, type Stage } from './feed-health.ts';
import { NO_ZONE, finishIndicator } from './finish-indicator.ts';
import { byteSize, exceedsBytes } from './payload-size.ts';
import { makeLane, type Lane } from './pipeline-lane.ts';
import type { ZoneLocator } from './zone-locator.ts';

export type { Enricher } from './enrichers.ts';

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
  /**
   * Where the record sits in a source that gives it the same place when it is read again: a
   * Kafka record's topic, partition and offset (kafkaRef). Its dead letters are keyed by it,
   * so a record read again after a crash or a rebalance is stored once. Absent for MQTT,
   * which gives a redelivered message nothing that tells it from a new one.
   */
  ref?: string;
}

/** The ref of a record at `offset` of a Kafka topic's partition. */
export function kafkaRef(topic: string, partition: number, offset: string): string {
  return `kafka:${topic}:${partition}:${offset}`;
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

export class Pipeline {
  readonly health: FeedHealth;
  private router!: FeedRouter;
  private lanes = new Map<string, Lane>();
  private lastRoute: Route | null = null;
  private lastLane: Lane | null = null;
  private readonly enrichers: Enrichers;
  private readonly clock = new ArrivalClock();
  private readonly defaultMode: Mode;

  constructor(private readonly options: PipelineOptions) {
    this.health = options.health ?? new FeedHealth();
    this.defaultMode = options.mode ?? 'live';
    this.enrichers = new Enrichers(options.enrichers, options.siteId, options.locator, this.health);
    this.setFeeds(options.feeds);
  }

  /** Swap the feed set without a restart; decoders of unchanged feeds keep their state. */
  setFeeds(feeds: FeedConfig[]): void {
    const lanes = new Map<string, Lane>();
    for (const f of feeds) lanes.set(f.id, makeLane(f, this.lanes.get(f.id), this.options.decoders));
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
        : (lane.enrichers[laneKey] = this.enrichers.of(feed, mode, exerciseId));
    // Most records make one indicator: the arrays are made to size, when first needed.
    let indicators: Indicator[] | null = null;
    let rejects: DeadLetter[] | null = null;
    let derived: Draft[] | null = null;
    for (let i = 0; i < drafts.length; i++) {
      const ind = finishIndicator(drafts[i], payload, i, feed, ctx, this.options.locator);
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
        const ind = finishIndicator(d, payload, 0, feed, ctx, this.options.locator);
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
    const list = rejects ?? [];
    list.push(deadLetter(this.clock.iso(rec.receivedAt), feedId, rec, stage, reason, list.length));
    return list;
  }

  /** Run the enrichers' time-driven checks (live: wall clock; replay: event time). */
  sweep(nowMs: number): Indicator[] {
    return this.enrichers.sweep(nowMs);
  }
}

function newResult(): ProcessResult {
  return { indicators: [], rejects: [] };
}
