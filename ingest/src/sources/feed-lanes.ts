// Per-feed queues in front of decoding, drained in deficit round-robin, so a flood on one MQTT
// feed cannot make another feed's records wait behind it.
//
// Every MQTT feed arrives over one broker session, in the broker's order. What is read is
// cheap to sort: the feed is known from the topic before anything is decoded. Each feed then
// has its own lane: a token bucket at the feed's `maxRatePerSec` (a burst of BURST_S seconds of
// it goes through at once: the backlog after a broker restart), and a bounded queue for what
// must wait — for a token, or for the CPU when decoding is behind. Lanes are drained in deficit
// round-robin by bytes, a few milliseconds of decoding per event-loop turn, then the sockets
// are read again: a feed with one record waiting is served within one turn whatever another
// feed has queued. What a lane cannot hold (more than its caps, or more than MAX_WAIT_MS of
// waiting for its rate) is shed at once: counted by the caller, and acknowledged.
// The lanes' limits, and why they are what they are: feed-lane.ts.
import { performance } from 'node:perf_hooks';
import type { RawRecord } from '../pipeline/pipeline.ts';
import { BURST_S, FeedLane, LANE_BYTES, LANE_RECORDS, MAX_WAIT_MS, recordCost, type LaneCaps } from './feed-lane.ts';

export interface FeedLanesOptions {
  /** Decodes and publishes one record; resolves once the record may be acknowledged. */
  process(rec: RawRecord): Promise<void>;
  /** Counts a record shed before decoding (feed health, the dead-letter summary). */
  shed(rec: RawRecord, feedId: string, reason: string): void;
  burstSeconds?: number;
  maxWaitMs?: number;
  laneRecords?: number;
  laneBytes?: number;
  sliceMs?: number;
  /**
   * The source can stop reading (MqttSource: it holds mqtt.js's packet loop, so TCP pushes back
   * on the broker). Then a lane that is full only because decoding is behind — its records
   * within the feed's rate — takes the record and asks the source to wait (`room()`), instead
   * of shedding a good record: a backlog after a restart is delayed, not lost. Records over
   * their feed's rate are still shed when the lane is full.
   */
  holdWhenBehind?: boolean;
}

/** Decoding per event-loop turn before the sockets are read again. */
export const SLICE_MS = 5;
/** Bytes of credit a lane gets per round; a record costs its size plus an overhead (recordCost). */
const QUANTUM = 16 * 1024;

export class FeedLanes {
  private lanes = new Map<string, FeedLane>();
  private order: FeedLane[] = [];
  private cursor = 0;
  private sliceStart = 0;
  private sliceOpen = false;
  private drainScheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly burstSeconds: number;
  private readonly maxWaitMs: number;
  private readonly laneRecords: number;
  private readonly laneBytes: number;
  private readonly sliceMs: number;
  private readonly holdWhenBehind: boolean;
  private readonly caps: LaneCaps;
  /** Set while some lane is over its caps with records it held rather than shed (see room()). */
  private roomWaiters: (() => void)[] = [];
  private over = false;

  constructor(private readonly o: FeedLanesOptions) {
    this.burstSeconds = o.burstSeconds ?? BURST_S;
    this.maxWaitMs = o.maxWaitMs ?? MAX_WAIT_MS;
    this.laneRecords = o.laneRecords ?? LANE_RECORDS;
    this.laneBytes = o.laneBytes ?? LANE_BYTES;
    this.sliceMs = o.sliceMs ?? SLICE_MS;
    this.holdWhenBehind = o.holdWhenBehind ?? false;
    this.caps = { records: this.laneRecords, bytes: this.laneBytes, maxWaitMs: this.maxWaitMs };
  }

  /**
   * Null while the lanes have room; otherwise a promise that resolves once every lane is back
   * under half its caps. A source that waits for it before reading on applies back-pressure.
   */
  room(): Promise<void> | null {
    if (!this.over) return null;
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  private checkRoom(): void {
    if (!this.over) return;
    if (this.order.some((l) => l.length > this.laneRecords / 2 || l.bytes > this.laneBytes / 2)) return;
    this.over = false;
    for (const w of this.roomWaiters.splice(0)) w();
  }

  /**
   * Takes one record of `feedId` (limit `ratePerSec`): handled now when its lane is idle and
   * this turn has time left, else queued or shed. Resolves once it may be acknowledged.
   */
  offer(feedId: string, ratePerSec: number, rec: RawRecord, now = Date.now()): Promise<void> {
    const lane = this.lane(feedId, ratePerSec, now);
    lane.refill(now);
    if (lane.length === 0 && lane.tokens >= 1 && this.turnHasTime()) {
      lane.tokens--;
      return this.run(rec);
    }
    const cost = recordCost(rec);
    // Records of this lane that will need a token not yet in the bucket, this one included.
    const needTokens = lane.length + 1 - Math.floor(lane.tokens);
    const full = lane.length >= this.laneRecords || lane.bytes + cost > this.laneBytes;
    if (needTokens > 0 && (full || (needTokens / lane.rate) * 1000 > this.maxWaitMs)) {
      this.o.shed(rec, feedId, lane.overRate);
      return Promise.resolve();
    }
    // From here the record is within its feed's rate: only decoding is behind.
    const mine = lane.perSensor.get(rec.topic);
    const sensorFull =
      mine !== undefined && (mine.records >= this.laneRecords / 2 || mine.bytes + cost > this.laneBytes / 2);
    if ((full || sensorFull) && this.holdWhenBehind) {
      // Kept, and the source asked to stop reading until the lanes drain (room()).
      this.over = true;
    } else if (full) {
      this.o.shed(rec, feedId, lane.queueFull);
      return Promise.resolve();
    } else if (sensorFull) {
      // One sensor may not fill the queue on its own: the feed's other sensors keep room.
      this.o.shed(rec, feedId, lane.sensorFull);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      lane.push({ rec, cost, resolve, reject });
      this.schedule();
    });
  }

  /**
   * True when the feed is at its rate: a record arriving now would wait for a token. (A queue
   * that is only waiting for the CPU does not count: that is not the sensors' doing.)
   */
  busy(feedId: string, now = Date.now()): boolean {
    const lane = this.lanes.get(feedId);
    if (!lane) return false;
    lane.refill(now);
    return lane.length + 1 > Math.floor(lane.tokens);
  }

  /** Records waiting per feed (for feed health and /metrics). */
  depths(): Map<string, { records: number; bytes: number }> {
    const out = new Map<string, { records: number; bytes: number }>();
    for (const l of this.order) out.set(l.feedId, { records: l.length, bytes: l.bytes });
    return out;
  }

  /**
   * Stops draining. What is still queued stays unacknowledged: the broker delivers it again to
   * the persistent session on the next start.
   */
  stop(): void {
    this.stopped = true;
    this.over = false;
    for (const w of this.roomWaiters.splice(0)) w();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private lane(feedId: string, rate: number, now: number): FeedLane {
    let lane = this.lanes.get(feedId);
    const burst = Math.max(1, rate * this.burstSeconds);
    if (!lane) {
      lane = new FeedLane(feedId, rate, burst, now, this.caps);
      this.lanes.set(feedId, lane);
      this.order.push(lane);
    } else if (lane.rate !== rate) lane.setRate(rate, burst, now);
    return lane;
  }

  /** Whether this event-loop turn may still decode: a turn opens at its first record. */
  private turnHasTime(): boolean {
    const t = performance.now();
    if (!this.sliceOpen) {
      this.sliceOpen = true;
      this.sliceStart = t;
      setImmediate(this.closeTurn);
    }
    return t - this.sliceStart < this.sliceMs;
  }

  private readonly closeTurn = () => {
    this.sliceOpen = false;
  };

  private run(rec: RawRecord): Promise<void> {
    // Held to the feed's rate here: the pipeline's own drop limit does not apply again.
    rec.paced = true;
    try {
      return this.o.process(rec);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private schedule(): void {
    if (this.drainScheduled || this.stopped) return;
    this.drainScheduled = true;
    setImmediate(this.drain);
  }

  private readonly drain = () => {
    this.drainScheduled = false;
    if (this.stopped) return;
    const start = performance.now();
    const now = Date.now();
    const n = this.order.length;
    let waitMs = Infinity;
    let served = true;
    // Rounds over the lanes until the slice is spent or nothing more can go now.
    outer: while (served) {
      served = false;
      waitMs = Infinity;
      for (let k = 0; k < n; k++) {
        const lane = this.order[(this.cursor + k) % n];
        if (lane.length === 0) continue;
        lane.refill(now);
        if (lane.tokens < 1) {
          waitMs = Math.min(waitMs, lane.untilToken());
          continue;
        }
        lane.deficit += QUANTUM;
        while (lane.length > 0 && lane.tokens >= 1 && lane.peek().cost <= lane.deficit) {
          const w = lane.shift();
          lane.deficit -= w.cost;
          lane.tokens--;
          served = true;
          this.run(w.rec).then(w.resolve, w.reject);
          if (performance.now() - start >= this.sliceMs) {
            // The next turn goes on with the lane after this one.
            this.cursor = (this.cursor + k + 1) % n;
            break outer;
          }
        }
        if (lane.length === 0) lane.deficit = 0;
        else if (lane.tokens < 1) {
          // Held back by its rate, not by its bytes: no credit saved up for later.
          lane.deficit = Math.min(lane.deficit, QUANTUM);
          waitMs = Math.min(waitMs, lane.untilToken());
        }
      }
    }
    this.checkRoom();
    if (this.order.some((l) => l.length > 0 && l.tokens >= 1)) this.schedule();
    else if (waitMs !== Infinity && !this.timer)
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, waitMs);
  };
}
