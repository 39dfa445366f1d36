// Feed health as the API reports it (GET /api/feeds, GET /api/feed-health): per-feed counters
// and the status an operator reads. Ingest counts, the API sends, the web app shows.
import type { RejectStage } from '../dead-letter.ts';
import type { FeedConfig } from '../feed.ts';

/** One sensor (an MQTT topic) of a feed, as feed health counts it. */
export interface SensorCount {
  sensor: string;
  received: number;
  /** Of those, shed before decoding (over its share of the feed's rate, or the feed over its rate). */
  shed: number;
  lastSeen: string | null;
}

/** The sensors a feed's table no longer names (it keeps the busiest 50): what they add up to. */
export interface OtherSensors {
  /** Sensor entries folded in (a sensor folded in, back and folded again counts twice). */
  sensors: number;
  received: number;
  shed: number;
}

export interface FeedCounters {
  feedId: string;
  received: number;
  indicators: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  rejectedByStage: Partial<Record<RejectStage, number>>;
  /** Well-formed records that make no indicator (a Zeek dns record, a door back to normal…). */
  notUsed: number;
  notUsedByReason: Record<string, number>;
  /** Indicators kept without a zone (stored and shown, but no zone's rules see them), by reason. */
  noZone: number;
  noZoneByReason: Record<string, number>;
  lastSeen: string | null;
  /** Records per second over the last minute. */
  ratePerSec: number;
  /**
   * Records received and rejected within the last minute. Totals since start would keep
   * saying "rejecting 40%" long after the mapping was fixed; the last minute is what an
   * operator wants to know about.
   */
  recentReceived: number;
  recentRejected: number;
  /**
   * Records shed before decoding, by reason: over the feed's rate for longer than its queue
   * holds, a sensor over its share, decoding behind with the queue full. Also counted in
   * `rejected` (stage receiving); each is summarised in a dead letter every few seconds.
   */
  shed: number;
  shedByReason: Record<string, number>;
  /** MQTT records waiting in the feed's queue (for its rate or for decoding) at this moment. */
  queued: number;
  /** MQTT feeds: records per sensor topic, the busiest first (at most 50 named). */
  sensors: SensorCount[];
  otherSensors: OtherSensors;
}

export type FeedState = 'receiving' | 'rejecting' | 'silent' | 'waiting' | 'disabled' | 'removed';
/** ok: nothing to do; warn: look at it; bad: it is losing data; idle: not expected to send. */
export type FeedTone = 'ok' | 'warn' | 'bad' | 'idle';

/** One feed of GET /api/feed-health: what feeds.yaml declares, what arrived, and a status in words. */
export interface FeedHealthView extends Omit<FeedCounters, 'feedId'> {
  id: string;
  name: string;
  transport: FeedConfig['transport'] | null;
  topic: string | null;
  format: string | null;
  enabled: boolean;
  state: FeedState;
  tone: FeedTone;
  /** The status in plain words: "Receiving", "Silent for 12 min", "Rejecting 35% of records". */
  status: string;
  /** Share of the last minute's records that were rejected, 0–100. */
  rejectingPercent: number;
}

export interface FeedHealthResponse {
  generatedAt: string;
  /** Why the feeds.yaml on disk is not the one running; null when it is. */
  configProblem: { file: string; problems: string[] } | null;
  feeds: FeedHealthView[];
}
