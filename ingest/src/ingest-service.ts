// Ingest: sources (MQTT, the bus/Kafka raw feed topics) → pipeline → indicators onto the
// bus keyed by zone, rejects onto the dead-letter topic. A record is acknowledged to its
// source only after both are published.
import { TOPICS, deadLetterMessage, indicatorMessage, type DeadLetter, type FeedConfig } from '@portwatch/schema';
import type { Bus, BusMessage, Subscription } from './bus/bus.ts';
import type { Pipeline, RawRecord } from './pipeline/pipeline.ts';
import { MqttSource, type MqttSourceOptions } from './sources/mqtt-source.ts';
import { EmbeddedSource } from './sources/embedded-source.ts';
import type { EmbeddedBroker } from './sources/embedded-broker.ts';
import type { Logger } from './log.ts';
import { TokenBucket } from './pipeline/rate-limit.ts';
import { Pacer } from './sources/pacer.ts';
import { ShedSummary } from './sources/shed-summary.ts';
import { FeedLanes } from './sources/feed-lanes.ts';
import { SensorShares } from './sources/sensor-shares.ts';
import type { DecodedBatch, DecodeThread } from './offload/decode-thread.ts';
import { EXERCISE_HEADER } from './feeds/topic-match.ts';

export interface IngestServiceOptions {
  pipeline: Pipeline;
  bus: Bus;
  mqtt?: Omit<MqttSourceOptions, 'filters'>;
  /**
   * The embedded default's broker, started with `holdAcks`: MQTT records are taken from it
   * in-process (instead of through `mqtt`), each acknowledged to its sensor once published.
   */
  embeddedBroker?: EmbeddedBroker;
  groupId?: string;
  log: Logger;
  /** Decodes Kafka feeds on a second core; without it they are decoded on this thread. */
  decodeThread?: DecodeThread;
}

const RESOLVED = Promise.resolve();

export class IngestService {
  private mqtt: MqttSource | EmbeddedSource | null = null;
  private kafkaSub: Subscription | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private logBudget = new TokenBucket(1, 20);
  mqttStatus: 'connected' | 'reconnecting' | 'offline' | 'disabled' = 'disabled';
  /** Times the MQTT session looked taken over by another client with ingest's client id. */
  get mqttTakeovers(): number {
    return this.mqtt?.takeovers ?? 0;
  }

  constructor(private readonly options: IngestServiceOptions) {
    options.pipeline.health.queueDepths = () => this.lanes.depths();
  }

  private batch: {
    indicators: BusMessage[];
    dead: BusMessage[];
    waiters: { resolve(): void; reject(err: Error): void }[];
  } = { indicators: [], dead: [], waiters: [] };
  private flushTimer: NodeJS.Timeout | null = null;

  /**
   * Run one record through the pipeline; resolves once what came out is on the bus (only then
   * may the source acknowledge it). Records arriving together are published as one batch:
   * one Kafka round trip for hundreds of records instead of one each.
   */
  readonly handle = (rec: RawRecord): Promise<void> => {
    if (!this.add(rec)) return Promise.resolve();
    return this.settled();
  };

  /** Pipeline one record into the pending batch; false when it produced nothing. */
  private add(rec: RawRecord): boolean {
    const { indicators, rejects } = this.options.pipeline.process(rec);
    if (!indicators.length && !rejects.length) return false;
    for (const i of indicators) this.batch.indicators.push(indicatorMessage(i));
    this.deadLetter(rejects);
    return true;
  }

  /** Rejected records onto the pending batch's dead letters, logged within a budget. */
  private deadLetter(rejects: DeadLetter[]): void {
    for (const r of rejects) {
      if (this.logBudget.take())
        this.options.log.warn('record rejected', {
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
  private settled(now = false): Promise<void> {
    const b = this.batch;
    const done = new Promise<void>((resolve, reject) => b.waiters.push({ resolve, reject }));
    if (now || b.indicators.length + b.dead.length >= 500) void this.flush();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => void this.flush(), 5);
    return done;
  }

  private stopping = false;

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
        if (b.indicators.length) await this.options.bus.publish(TOPICS.indicators, b.indicators);
        if (b.dead.length) await this.options.bus.publish(TOPICS.deadLetter, b.dead);
        for (const w of b.waiters) w.resolve();
        return;
      } catch (err) {
        if (this.stopping) {
          for (const w of b.waiters) w.reject(err as Error);
          return;
        }
        this.options.log.warn('bus publish failed; retrying, records stay unacknowledged', {
          error: String(err),
          retryInMs: wait,
          records: b.waiters.length,
        });
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, 5000);
      }
    }
  }

  /** A batch the decode thread has done: counted into feed health here, then published. */
  private addDecoded(d: DecodedBatch, now: number): Promise<void> {
    const { health } = this.options.pipeline;
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

  private pacers = new Map<string, { rate: number; pacer: Pacer }>();

  /** A Kafka feed's pacer, made again when its rate changed. */
  private pacer(feed: FeedConfig): Pacer {
    let p = this.pacers.get(feed.id);
    if (!p || p.rate !== feed.maxRatePerSec) {
      p = { rate: feed.maxRatePerSec, pacer: new Pacer(feed.maxRatePerSec) };
      this.pacers.set(feed.id, p);
    }
    return p.pacer;
  }

  private shares = new SensorShares();
  private shareReasons = new WeakMap<FeedConfig, string>();
  private shed = new ShedSummary();
  private shedTimer: NodeJS.Timeout | null = null;
  /** MQTT feeds' queues in front of decoding, drained fairly (sources/feed-lanes.ts). */
  private lanes = new FeedLanes({
    process: (rec) => this.handle(rec),
    shed: (rec, feedId, reason) => this.shedRecord(rec, feedId, reason),
    // The MQTT source stops reading while decoding is behind: good records wait at the broker.
    holdWhenBehind: true,
  });

  /** Counts a shed record in feed health now; its dead letter is a summary (ShedSummary). */
  private shedRecord(rec: RawRecord, feedId: string, reason: string): void {
    this.options.pipeline.health.shed(feedId, reason, rec.receivedAt, rec.via === 'mqtt' ? rec.topic : undefined);
    this.shed.add(feedId, reason, rec.topic, rec.payload, rec.receivedAt);
    this.shedTimer ??= setTimeout(() => {
      this.shedTimer = null;
      this.deadLetter(this.shed.drain());
      void this.settled(true).catch(() => {});
    }, 5000);
  }

  private shareReason(feed: FeedConfig): string {
    let why = this.shareReasons.get(feed);
    if (why === undefined) {
      why = `sensor over its share: one topic may use at most half of feed "${feed.id}"'s ${feed.maxRatePerSec} records/s while the feed is at its limit`;
      this.shareReasons.set(feed, why);
    }
    return why;
  }

  /**
   * Live MQTT records: counted against their sensor, shed at once when the sensor is over its
   * share while the feed is at its rate, otherwise into the feed's queue, which decodes them
   * fairly with the other feeds' or sheds what it cannot hold. Resolves once the record may be
   * acknowledged: handled, or counted as shed.
   */
  readonly handleMqtt = (rec: RawRecord): Promise<void> => {
    const route = this.options.pipeline.feedRouter.route('mqtt', rec.topic);
    if (route === null || route.mode !== 'live') return this.handle(rec);
    const feed = route.feed;
    const now = rec.receivedAt;
    this.options.pipeline.health.sensorReceived(feed.id, rec.topic, now);
    if (!this.shares.allows(rec.topic, feed.maxRatePerSec, now) && this.lanes.busy(feed.id, now)) {
      this.shedRecord(rec, feed.id, this.shareReason(feed));
      return RESOLVED;
    }
    return this.lanes.offer(feed.id, feed.maxRatePerSec, rec, now);
  };

  async start(): Promise<void> {
    const { pipeline, bus, log } = this.options;
    // Time-driven anomalies (an AIS track gone dark) are found by a periodic sweep.
    this.sweepTimer = setInterval(() => {
      const found = pipeline.sweep(Date.now());
      if (found.length)
        void bus
          .publish(TOPICS.indicators, found.map(indicatorMessage))
          .catch((err) => log.error('sweep publish failed', { error: String(err) }));
    }, 10_000);
    const topics = pipeline.feedRouter.kafkaTopics();
    if (topics.length) {
      // Fetching ahead while earlier batches are decoded and published keeps the consumer from
      // idling on a round trip per batch; offsets are still committed in order once published.
      // Eight, not four: with the decode threads producing, four left them waiting on the
      // brokers' acknowledgements (kafka bench, 2 cores).
      this.kafkaSub = await bus.subscribe(
        { groupId: this.options.groupId ?? 'portwatch-ingest', topics, fromBeginning: true, inFlightBatches: 8 },
        async (batch) => {
          const route = pipeline.feedRouter.route('kafka', batch.topic);
          // Kafka is itself a buffer: a feed over its rate is read more slowly, not shed. Its
          // batch is handed back to be read again later rather than waited for here, where the
          // wait would hold one of the consumer's few batches in flight and so every other
          // Kafka feed behind it.
          if (route) {
            const pacer = this.pacer(route.feed);
            const ahead = pacer.ahead();
            if (ahead > 0 && batch.defer) return batch.defer(ahead);
            if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
            pacer.charge(batch.messages.length);
          }
          const now = Date.now();
          const thread = this.options.decodeThread;
          // Exercise batches carry their exercise in a header the decode thread does not read.
          if (thread && route && route.mode !== 'exercise' && thread.takes(route.feed.format))
            return this.addDecoded(await thread.decode(batch.topic, batch.partition, batch.messages, now), now);
          // A Kafka batch goes through as a whole and waits for one settlement, not one per record.
          let any = false;
          const waits: Promise<void>[] = [];
          for (const m of batch.messages) {
            const exerciseId = route?.mode === 'exercise' ? m.headers?.[EXERCISE_HEADER] : undefined;
            if (
              this.add({
                via: 'kafka',
                topic: batch.topic,
                key: m.key,
                payload: m.value,
                receivedAt: now,
                ...(exerciseId ? { exerciseId } : {}),
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
        },
      );
    }
    if (this.options.embeddedBroker) {
      this.mqtt = new EmbeddedSource(this.options.embeddedBroker, pipeline.feedRouter.mqttSubscriptions());
      await this.mqtt.start(this.handleMqtt);
      this.mqttStatus = 'connected';
    } else if (this.options.mqtt) {
      const filters = pipeline.feedRouter.mqttSubscriptions();
      this.mqtt = new MqttSource({
        ...this.options.mqtt,
        filters,
        onStatus: (s, detail) => {
          if (s !== this.mqttStatus) log.info('mqtt source', { status: s, detail });
          this.mqttStatus = s;
        },
        onTakeover: (count, detail) => log.error('security: MQTT session takeover suspected', { count, detail }),
      });
      await this.mqtt.start(this.handleMqtt, () => this.lanes.room());
      this.mqttStatus = 'connected';
    }
  }

  /** The feed set changed (feeds.yaml reloaded): both pipelines take it, without a restart. */
  setFeeds(feeds: FeedConfig[]): void {
    this.options.pipeline.setFeeds(feeds);
    this.options.decodeThread?.setFeeds(feeds);
  }

  /** After the feed set changed: subscribe to new MQTT filters. */
  async refreshSubscriptions(): Promise<void> {
    await this.mqtt?.subscribe(this.options.pipeline.feedRouter.mqttSubscriptions());
  }

  async stop(): Promise<void> {
    // The pending batch is flushed first, while the sources are still connected, so the
    // acknowledgements its records wait for (MQTT PUBACK, Kafka offset commit) can still go
    // out. A record that arrives between the flush and its source stopping stays
    // unacknowledged: its broker delivers it again on the next start, and it keeps its id.
    // `stopping` makes a publish that fails now give up instead of retrying forever.
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.lanes.stop();
    if (this.shedTimer) clearTimeout(this.shedTimer);
    this.shedTimer = null;
    this.deadLetter(this.shed.drain());
    this.stopping = true;
    await this.flush();
    await this.mqtt?.stop();
    await this.kafkaSub?.stop();
    await this.options.decodeThread?.stop();
  }
}
