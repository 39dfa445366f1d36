// Decoding on other cores. Ingest's main thread runs the Kafka consumer; decode → normalize →
// locate → serialize of Kafka feeds runs here, in worker threads with a Pipeline each, so the
// two overlap instead of taking turns. Batches go over as one byte buffer (transferred, not
// copied again). On Kafka each thread also publishes its indicators with a producer of its own
// and answers once the brokers have them: producing a record (kafkajs encodes and checksums
// every byte in JavaScript) cost the main thread more than consuming it. Without a producer the
// indicators come back as ready-to-publish bus messages.
import type { DeadLetter, FeedConfig, Mode } from '@portwatch/schema';
import type { BusMessage } from '../bus/bus.ts';
import type { KafkaClientOptions } from '../bus/kafka-client.ts';
import { WorkerSlot } from './worker-slot.ts';
import { wireMessages } from './wire-batch.ts';

export interface DecodeThreadOptions {
  /** The site's folder (the worker loads the site plan from it to locate zones). */
  siteDir: string;
  feeds: FeedConfig[];
  /** Mode of records that do not arrive on an exercise topic. */
  mode?: Mode;
  /** Formats whose feeds keep state across records in the main pipeline (AIS tracks): never sent here. */
  mainThreadFormats?: string[];
  /** Worker threads (default 1). Each partition is decoded by one of them, in order. */
  threads?: number;
  /** Told when a worker died and was started again (batches in flight fail and are read again). */
  onRestart?: (error: Error) => void;
  /**
   * The Kafka cluster (and namespace) to publish indicators to from the worker threads, each
   * with its own producer; a batch is answered only once its indicators are acknowledged
   * there. Without it, indicators come back to be published by the caller.
   */
  publish?: KafkaClientOptions;
}

/** One batch, decoded: the bus messages to publish and what feed health needs to know. */
export interface DecodedBatch {
  feedId: string | null;
  /** Records of the batch that reached their feed (all of them, unless no feed is declared). */
  received: number;
  /** Indicators for the caller to publish (none when the worker published them). */
  indicators: BusMessage[];
  /** Indicators the worker has published to Kafka, acknowledged by the brokers. */
  published: number;
  rejects: DeadLetter[];
  notUsed: string[];
  noZone: string[];
}

export class DecodeThread {
  private readonly slots: WorkerSlot[];
  private readonly onMain: Set<string>;
  private stopped = false;
  private publishedTotal = 0;

  /** Indicators the worker threads have published to Kafka (with `publish`), acknowledged. */
  get published(): number {
    return this.publishedTotal;
  }

  constructor(private readonly o: DecodeThreadOptions) {
    this.onMain = new Set(o.mainThreadFormats ?? []);
    const n = Math.max(1, o.threads ?? 1);
    this.slots = Array.from({ length: n }, () => new WorkerSlot(o));
  }

  /** Starts the workers; resolves once each has loaded the site and built its pipeline. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.start()));
  }

  /** Whether records of this format are decoded here (stateless ones) or on the main thread. */
  takes(format: string): boolean {
    return !this.onMain.has(format);
  }

  /** The feed set changed (feeds.yaml reloaded): batches sent after this use the new one. */
  setFeeds(feeds: FeedConfig[]): void {
    for (const s of this.slots) s.setFeeds(feeds);
  }

  /**
   * Decodes the values of one batch of one partition. A partition always goes to the same
   * worker, so its batches are decoded in order. With `durable` (the values' offsets are
   * Kafka's, the same when read again) their dead letters get keys from them (RawRecord.ref).
   */
  async decode(
    topic: string,
    partition: number,
    values: { value: string; bytes?: Uint8Array; offset?: string }[],
    receivedAt: number,
    durable = false,
  ): Promise<DecodedBatch> {
    if (this.stopped) throw new Error('decode thread stopped');
    // Without every offset, no keys: a made-up place would make two records one dead letter.
    const place =
      durable && values.every((v) => v.offset !== undefined)
        ? { partition, offsets: values.map((v) => v.offset!) }
        : undefined;
    const wire = await this.slots[partition % this.slots.length].decode(topic, values, receivedAt, place);
    this.publishedTotal += wire.published;
    return {
      feedId: wire.feedId,
      received: wire.received,
      indicators: wireMessages(wire),
      published: wire.published,
      rejects: wire.rejects,
      notUsed: wire.notUsed,
      noZone: wire.noZone,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.slots.map((s) => s.stop()));
  }
}
