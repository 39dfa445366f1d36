// One decode worker thread (decode-worker.ts) as its owner, DecodeThread, sees it: batches
// posted to it and answered by id, the feed set kept up to date, and a new worker started when
// one dies.
import { Worker } from 'node:worker_threads';
import type { FeedConfig } from '@portwatch/schema';
import type { BatchPlace, DecodeWorkerData, FromWorker, ToWorker } from './decode-protocol.ts';
import type { WireBatch } from './wire-batch.ts';

export interface WorkerSlotOptions extends DecodeWorkerData {
  /** Told when the worker died and was started again (batches in flight fail and are read again). */
  onRestart?: (error: Error) => void;
}

/** One worker thread, started again if it dies. */
export class WorkerSlot {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private waiting = new Map<number, { resolve(r: WireBatch): void; reject(e: Error): void }>();
  private feeds: FeedConfig[];
  private stopped = false;

  constructor(private readonly o: WorkerSlotOptions) {
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

  async decode(
    topic: string,
    values: { value: string; bytes?: Uint8Array }[],
    receivedAt: number,
    place?: BatchPlace,
  ): Promise<WireBatch> {
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
      worker.postMessage({ type: 'batch', id, topic, receivedAt, bytes, ends, place } satisfies ToWorker, [
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
        place,
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
      // Named one by one: the options also hold onRestart, a function, which cannot cross.
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
