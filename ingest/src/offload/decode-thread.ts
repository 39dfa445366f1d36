// Decoding on other cores. Ingest's main thread runs the Kafka consumer; decode → normalize →
// locate → serialize of Kafka feeds runs here, in worker threads with a Pipeline each, so the
// two overlap instead of taking turns. Batches go over as one byte buffer (transferred, not
// copied again). On Kafka each thread also publishes its indicators with a producer of its own
// and answers once the brokers have them: producing a record (kafkajs encodes and checksums
// every byte in JavaScript) cost the main thread more than consuming it. Without a producer the
// indicators come back as ready-to-publish bus messages.
import { Worker } from 'node:worker_threads';
import type { DeadLetter, FeedConfig, Mode } from '@portwatch/schema';
import type { BusMessage } from '../bus/bus.ts';
import type { KafkaClientOptions } from '../bus/kafka-client.ts';

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

/** What the worker is given at start. */
export interface DecodeWorkerData {
  siteDir: string;
  feeds: FeedConfig[];
  mode?: Mode;
  publish?: KafkaClientOptions;
}

export type ToWorker =
  | { type: 'batch'; id: number; topic: string; receivedAt: number; bytes: Uint8Array; ends: Int32Array }
  | { type: 'texts'; id: number; topic: string; receivedAt: number; texts: string[] }
  | { type: 'feeds'; feeds: FeedConfig[] }
  /** Close the producer and end (batches not yet published are read again from Kafka). */
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; result: WireBatch }
  /** The batch could not be published (it fails, and is read again from Kafka). */
  | { type: 'batch-failed'; id: number; error: string };

/**
 * A decoded batch as it crosses back: the indicators' JSON as UTF-8, back to back in one
 * transferred buffer. Cloning strings across threads instead cost the main thread as much as
 * the decoding saved; Kafka wants the bytes anyway. A worker that published the indicators
 * itself sends back none, only how many.
 */
export interface WireBatch {
  feedId: string | null;
  received: number;
  /** Indicators the worker published to Kafka itself (then none are in `json`). */
  published: number;
  json: Uint8Array;
  /** Where each indicator's JSON ends in `json`. */
  ends: Int32Array;
  keys: (string | null)[];
  timestamps: Float64Array;
  rejects: DeadLetter[];
  /** Why each record of the batch that made no indicator was not used. */
  notUsed: string[];
  /** Why each indicator of the batch kept without a zone found none. */
  noZone: string[];
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
  private readonly slots: Slot[];
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
    this.slots = Array.from({ length: n }, () => new Slot(o));
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
   * worker, so its batches are decoded in order.
   */
  async decode(
    topic: string,
    partition: number,
    values: { value: string; bytes?: Uint8Array }[],
    receivedAt: number,
  ): Promise<DecodedBatch> {
    if (this.stopped) throw new Error('decode thread stopped');
    const wire = await this.slots[partition % this.slots.length].decode(topic, values, receivedAt);
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

/** One worker thread, started again if it dies. */
class Slot {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private waiting = new Map<number, { resolve(r: WireBatch): void; reject(e: Error): void }>();
  private feeds: FeedConfig[];
  private stopped = false;

  constructor(private readonly o: DecodeThreadOptions) {
    this.feeds = o.feeds;
  }

  start(): Promise<void> {
    this.ready ??= this.spawn();
    return this.ready;
  }

  setFeeds(feeds: FeedConfig[]): void {
    this.feeds = feeds;
    this.worker?.postMessage({ type: 'feeds', feeds } satisfies ToWorker);
  }

  async decode(topic: string, values: { value: string; bytes?: Uint8Array }[], receivedAt: number): Promise<WireBatch> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new Error('decode thread stopped');
    const id = this.nextId++;
    const done = new Promise<WireBatch>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (values.every((v) => v.bytes !== undefined)) {
      let total = 0;
      for (const v of values) total += v.bytes!.byteLength;
      const bytes = new Uint8Array(total);
      const ends = new Int32Array(values.length);
      let at = 0;
      for (let i = 0; i < values.length; i++) {
        bytes.set(values[i].bytes!, at);
        at += values[i].bytes!.byteLength;
        ends[i] = at;
      }
      worker.postMessage({ type: 'batch', id, topic, receivedAt, bytes, ends } satisfies ToWorker, [
        bytes.buffer,
        ends.buffer,
      ]);
    } else {
      worker.postMessage({
        type: 'texts',
        id,
        topic,
        receivedAt,
        texts: values.map((v) => v.value),
      } satisfies ToWorker);
    }
    return done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const w = this.worker;
    this.worker = null;
    this.failAll(new Error('decode thread stopped'));
    if (!w) return;
    // A worker with a producer closes it first (its broker connections end cleanly).
    if (this.o.publish) {
      const exited = new Promise((r) => w.once('exit', r));
      w.postMessage({ type: 'stop' } satisfies ToWorker);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
    }
    await w.terminate();
  }

  private spawn(): Promise<void> {
    const worker = new Worker(new URL('./decode-worker-boot.js', import.meta.url), {
      workerData: {
        siteDir: this.o.siteDir,
        feeds: this.feeds,
        mode: this.o.mode,
        publish: this.o.publish,
      } satisfies DecodeWorkerData,
    });
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          started = true;
          resolve();
        } else if (m.type === 'failed') {
          reject(new Error(`decode thread could not start: ${m.error}`));
        } else {
          const w = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          if (m.type === 'result') w?.resolve(m.result);
          else w?.reject(new Error(`decode thread: ${m.error}`));
        }
      });
      worker.on('error', (err) => {
        if (!started) reject(err);
        this.died(worker, err);
      });
      worker.on('exit', (code) => {
        if (!started) reject(new Error(`decode thread exited with code ${code} while starting`));
        this.died(worker, new Error(`decode thread exited with code ${code}`));
      });
    });
  }

  /** The worker is gone: what it held fails (and is read again from Kafka); a new one starts. */
  private died(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failAll(error);
    if (this.stopped) return;
    this.o.onRestart?.(error);
    this.ready = this.spawn();
    this.ready.catch(() => {});
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}

/** The indicators of a wire batch as bus messages: views of its one buffer, no copy per message. */
export function wireMessages(wire: WireBatch): BusMessage[] {
  const messages: BusMessage[] = new Array(wire.ends.length);
  const { buffer, byteOffset } = wire.json;
  let from = 0;
  for (let i = 0; i < wire.ends.length; i++) {
    messages[i] = new EncodedMessage(
      wire.keys[i],
      Buffer.from(buffer, byteOffset + from, wire.ends[i] - from),
      wire.timestamps[i],
    );
    from = wire.ends[i];
  }
  return messages;
}

/** A message whose value is held as UTF-8 bytes; the text is made only when read. */
class EncodedMessage implements BusMessage {
  private text: string | undefined;

  constructor(
    readonly key: string | null,
    readonly bytes: Buffer,
    readonly timestamp: number,
  ) {}

  get value(): string {
    return (this.text ??= this.bytes.toString('utf8'));
  }
}
