// One feed's lane in front of decoding (feed-lanes.ts drains the lanes fairly): a token bucket
// at the feed's rate, the queue of records waiting for a token or for the CPU, what each
// sensor (topic) has in it, and why a record of the feed is shed, in words.
//
// A queued record is not acknowledged until it has been handled (at-least-once: a crash means
// redelivery). A broker that keeps to its in-flight window (Mosquitto max_inflight_messages)
// sends nothing more while that many records wait unacknowledged, whichever feed they belong
// to; so a lane holds at most LANE_RECORDS, which keeps a flooded feed from taking the window
// (docker/mosquitto.conf sets 1000). Over-sending brokers (aedes, Mosquitto 2.0.11) are bounded
// by LANE_BYTES instead.
import type { RawRecord } from '../pipeline/pipeline.ts';

/** Seconds of a feed's rate let through at once before it is held to the rate. */
export const BURST_S = 10;
/** Longest a record waits for its feed's rate; what would wait longer is shed. */
export const MAX_WAIT_MS = 30_000;
/** Records one lane may hold unacknowledged (below the broker's in-flight window). */
export const LANE_RECORDS = 500;
/** Bytes one lane may hold. */
export const LANE_BYTES = 8 * 1024 * 1024;

/** A lane's caps, as the shed reasons quote them. */
export interface LaneCaps {
  records: number;
  bytes: number;
  maxWaitMs: number;
}

const OVERHEAD = 64;

/** What a queued record costs its lane, in bytes: its payload and topic plus a fixed overhead. */
export function recordCost(rec: RawRecord): number {
  const p = rec.payload;
  return (typeof p === 'string' ? p.length : p.byteLength) + rec.topic.length + OVERHEAD;
}

/** A queued record, and the settling of the promise its source waits on before acknowledging it. */
export interface Waiting {
  rec: RawRecord;
  cost: number;
  resolve(): void;
  reject(err: unknown): void;
}

/** One feed's lane: a token bucket at the feed's rate and the queue of what waits. */
export class FeedLane {
  /** Why a record of this lane is shed (one string per lane: the dead-letter summary keys on it). */
  overRate = '';
  queueFull = '';
  sensorFull = '';
  /** Records and bytes queued per sensor (topic): one sensor may fill at most half the lane. */
  readonly perSensor = new Map<string, { records: number; bytes: number }>();
  tokens: number;
  private refilledAt: number;
  private items: Waiting[] = [];
  private head = 0;
  bytes = 0;
  deficit = 0;

  constructor(
    readonly feedId: string,
    public rate: number,
    public burst: number,
    now: number,
    private readonly caps: LaneCaps,
  ) {
    this.tokens = burst;
    this.refilledAt = now;
    this.describe();
  }

  /** The feed's rate changed (feeds.yaml reloaded): tokens earned so far are kept, up to the new burst. */
  setRate(rate: number, burst: number, now: number): void {
    this.refill(now);
    this.rate = rate;
    this.burst = burst;
    this.tokens = Math.min(this.tokens, burst);
    this.describe();
  }

  refill(now: number): void {
    if (now > this.refilledAt) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
      this.refilledAt = now;
    }
  }

  /** Milliseconds until the next token. */
  untilToken(): number {
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  get length(): number {
    return this.items.length - this.head;
  }

  peek(): Waiting {
    return this.items[this.head];
  }

  push(w: Waiting): void {
    this.items.push(w);
    this.bytes += w.cost;
    const mine = this.perSensor.get(w.rec.topic);
    if (mine === undefined) this.perSensor.set(w.rec.topic, { records: 1, bytes: w.cost });
    else {
      mine.records++;
      mine.bytes += w.cost;
    }
  }

  shift(): Waiting {
    const w = this.items[this.head];
    this.items[this.head++] = undefined as unknown as Waiting;
    this.bytes -= w.cost;
    const mine = this.perSensor.get(w.rec.topic)!;
    if (--mine.records === 0) this.perSensor.delete(w.rec.topic);
    else mine.bytes -= w.cost;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return w;
  }

  private describe(): void {
    const id = this.feedId;
    const { records, bytes, maxWaitMs } = this.caps;
    this.overRate = `rate limited: feed "${id}" is over its ${this.rate} records/s for longer than its queue holds (${records} records or ${maxWaitMs / 1000} s)`;
    this.queueFull = `queue full: decoding is behind and feed "${id}" already has ${records} records or ${Math.round(bytes / 1024)} KiB waiting`;
    this.sensorFull = `sensor over its share: one topic may hold at most half of feed "${id}"'s queue while decoding is behind`;
  }
}
