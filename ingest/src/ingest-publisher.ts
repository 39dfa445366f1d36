// The pipeline's end of ingest: records go through the pipeline, and what comes out (indicators
// keyed by zone, rejects as dead letters) is gathered into one pending batch and published
// together: one Kafka round trip for hundreds of records instead of one each. A record's wait
// resolves only once its batch is on the bus; only then may its source acknowledge it.
import { TOPICS, deadLetterMessage, indicatorMessage, type DeadLetter } from '@portwatch/schema';
import type { Bus, BusBatch, BusMessage } from './bus/bus.ts';
import { kafkaRef, type Pipeline, type RawRecord } from './pipeline/pipeline.ts';
import type { Logger } from './log.ts';
import { TokenBucket } from './pipeline/rate-limit.ts';
import type { DecodedBatch } from './offload/decode-thread.ts';
import { EXERCISE_HEADER } from './feeds/topic-match.ts';

export class IngestPublisher {
  private logBudget = new TokenBucket(1, 20);
  private batch: {
    indicators: BusMessage[];
    dead: BusMessage[];
    waiters: { resolve(): void; reject(err: Error): void }[];
  } = { indicators: [], dead: [], waiters: [] };
  private flushTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  /**
   * Run one record through the pipeline; resolves once what came out is on the bus (only then
   * may the source acknowledge it). Records arriving together are published as one batch.
   */
  readonly handle = (rec: RawRecord): Promise<void> => {
    if (!this.add(rec)) return Promise.resolve();
    return this.settled();
  };

  /**
   * The records of one Kafka batch (with `exercise`, each names its exercise in a header): the
   * batch goes through as a whole and waits for one settlement, not one per record. With
   * `durable` (offsets that are Kafka's, the same when read again) the records' dead letters
   * get keys from their places (RawRecord.ref).
   */
  async handleBatch(batch: BusBatch, exercise: boolean, receivedAt: number, durable: boolean): Promise<void> {
    const { topic, partition } = batch;
    let any = false;
    const waits: Promise<void>[] = [];
    for (const m of batch.messages) {
      const exerciseId = exercise ? m.headers?.[EXERCISE_HEADER] : undefined;
      if (
        this.add({
          via: 'kafka',
          topic,
          key: m.key,
          payload: m.value,
          receivedAt,
          ...(exerciseId ? { exerciseId } : {}),
          ...(durable ? { ref: kafkaRef(topic, partition, m.offset) } : {}),
        })
      )
        any = true;
      if (this.batch.indicators.length + this.batch.dead.length >= 500) {
        waits.push(this.settled());
        any = false;
      }
    }
    // Nothing more of this batch is coming: flush at once rather than after the timer.
    if (any) waits.push(this.settled(true));
    await Promise.all(waits);
  }

  /** A batch the decode thread has done: counted into feed health here, then published. */
  addDecoded(d: DecodedBatch, now: number): Promise<void> {
    const { health } = this.pipeline;
    if (d.feedId !== null) {
      for (let i = 0; i < d.received; i++) health.received(d.feedId, now);
      // Indicators the decode thread published itself are on Kafka already.
      const made = d.indicators.length + d.published;
      if (made) health.produced(d.feedId, made);
    }
    for (const r of d.rejects) if (r.feedId !== null) health.rejected(r.feedId, r.stage, r.reason);
    if (d.feedId !== null) {
      for (const why of d.notUsed) health.notUsed(d.feedId, why);
      for (const why of d.noZone) health.noZone(d.feedId, why);
    }
    if (!d.indicators.length && !d.rejects.length) return Promise.resolve();
    for (const m of d.indicators) this.batch.indicators.push(m);
    this.deadLetter(d.rejects);
    return this.settled(true);
  }

  /** Rejected records onto the pending batch's dead letters, logged within a budget. */
  deadLetter(rejects: DeadLetter[]): void {
    for (const r of rejects) {
      if (this.logBudget.take())
        this.log.warn('record rejected', {
          feed: r.feedId,
          topic: r.topic,
          stage: r.stage,
          reason: r.reason,
          size: r.size,
        });
      this.batch.dead.push(deadLetterMessage(r));
    }
  }

  /** Resolves when the current batch is on the bus; `now` flushes without waiting for more. */
  settled(now = false): Promise<void> {
    const b = this.batch;
    const done = new Promise<void>((resolve, reject) => b.waiters.push({ resolve, reject }));
    if (now || b.indicators.length + b.dead.length >= 500) void this.flush();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => void this.flush(), 5);
    return done;
  }

  /**
   * Publishes what is pending, once more; a publish that fails from now on gives up (its
   * records stay unacknowledged) instead of retrying forever.
   */
  async close(): Promise<void> {
    this.stopping = true;
    await this.flush();
  }

  /** Pipeline one record into the pending batch; false when it produced nothing. */
  private add(rec: RawRecord): boolean {
    const { indicators, rejects } = this.pipeline.process(rec);
    if (!indicators.length && !rejects.length) return false;
    for (const i of indicators) this.batch.indicators.push(indicatorMessage(i));
    this.deadLetter(rejects);
    return true;
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const b = this.batch;
    this.batch = { indicators: [], dead: [], waiters: [] };
    // Until the bus has the batch, its records stay unacknowledged at their sources: keep
    // trying (Kafka restarting, a leader moving) rather than fail them and lose them.
    let wait = 250;
    for (;;) {
      try {
        if (b.indicators.length) await this.bus.publish(TOPICS.indicators, b.indicators);
        if (b.dead.length) await this.bus.publish(TOPICS.deadLetter, b.dead);
        for (const w of b.waiters) w.resolve();
        return;
      } catch (err) {
        if (this.stopping) {
          for (const w of b.waiters) w.reject(err as Error);
          return;
        }
        this.log.warn('bus publish failed; retrying, records stay unacknowledged', {
          error: String(err),
          retryInMs: wait,
          records: b.waiters.length,
        });
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, 5000);
      }
    }
  }
}
