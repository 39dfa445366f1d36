// Ingest: sources (MQTT, the bus/Kafka raw feed topics) → pipeline → indicators onto the
// bus keyed by zone, rejects onto the dead-letter topic. A record is acknowledged to its
// source only after both are published.
import { TOPICS, indicatorMessage, type FeedConfig } from '@portwatch/schema';
import type { Bus, Subscription } from './bus/bus.ts';
import type { Pipeline, RawRecord } from './pipeline/pipeline.ts';
import { MqttSource, type MqttSourceOptions } from './sources/mqtt-source.ts';
import { EmbeddedSource } from './sources/embedded-source.ts';
import type { EmbeddedBroker } from './sources/embedded-broker.ts';
import type { Logger } from './log.ts';
import { Pacer } from './sources/pacer.ts';
import type { DecodeThread } from './offload/decode-thread.ts';
import { IngestPublisher } from './ingest-publisher.ts';
import { MqttIntake } from './mqtt-intake.ts';

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

export class IngestService {
  private mqtt: MqttSource | EmbeddedSource | null = null;
  private kafkaSub: Subscription | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Pipelines records and publishes what comes out; a record is acknowledged once published. */
  private readonly out: IngestPublisher;
  /** Live MQTT records: sensor shares, fair per-feed lanes, what is shed. */
  private readonly intake: MqttIntake;
  mqttStatus: 'connected' | 'reconnecting' | 'offline' | 'disabled' = 'disabled';
  /** Times the MQTT session looked taken over by another client with ingest's client id. */
  get mqttTakeovers(): number {
    return this.mqtt?.takeovers ?? 0;
  }

  /**
   * Run one record through the pipeline; resolves once what came out is on the bus (only then
   * may the source acknowledge it). Records arriving together are published as one batch.
   */
  readonly handle: (rec: RawRecord) => Promise<void>;
  /**
   * Live MQTT records, held to their feed's rate and their sensor's share (MqttIntake); resolves
   * once the record may be acknowledged: handled, or counted as shed.
   */
  readonly handleMqtt: (rec: RawRecord) => Promise<void>;

  constructor(private readonly options: IngestServiceOptions) {
    this.out = new IngestPublisher(options.pipeline, options.bus, options.log);
    this.intake = new MqttIntake(options.pipeline, this.out);
    this.handle = this.out.handle;
    this.handleMqtt = this.intake.handle;
    options.pipeline.health.queueDepths = () => this.intake.depths();
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
          // Kafka's offsets are the same when a record is read again (the in-process bus starts
          // from 0 in each process): its dead letters are then stored once.
          const durable = bus.kind === 'kafka';
          // Exercise batches carry their exercise in a header the decode thread does not read.
          if (thread && route && route.mode !== 'exercise' && thread.takes(route.feed.format))
            return this.out.addDecoded(
              await thread.decode(batch.topic, batch.partition, batch.messages, now, durable),
              now,
            );
          return this.out.handleBatch(batch, route?.mode === 'exercise', now, durable);
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
      await this.mqtt.start(this.handleMqtt, this.intake.room);
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
    // Once closed, the publisher gives up on a publish that fails instead of retrying forever.
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.intake.stop();
    await this.out.close();
    await this.mqtt?.stop();
    await this.kafkaSub?.stop();
    await this.options.decodeThread?.stop();
  }
}
