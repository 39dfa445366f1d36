// The messages between a decode thread's owner (worker-slot.ts) and the worker itself
// (decode-worker.ts). Everything here crosses by structured clone: plain data only, no
// functions (a function in it fails the post with a DataCloneError).
import type { FeedConfig, Mode } from '@portwatch/schema';
import type { KafkaClientOptions } from '../bus/kafka-client.ts';
import type { WireBatch } from './wire-batch.ts';

/** What the worker is given at start. */
export interface DecodeWorkerData {
  siteDir: string;
  feeds: FeedConfig[];
  mode?: Mode;
  publish?: KafkaClientOptions;
}

/**
 * Where a batch's records sit on Kafka, for their dead letters' keys (RawRecord.ref): the
 * partition and each record's offset. Absent for a bus whose offsets do not last.
 */
export interface BatchPlace {
  partition: number;
  offsets: string[];
}

export type ToWorker =
  | {
      type: 'batch';
      id: number;
      topic: string;
      receivedAt: number;
      bytes: Uint8Array;
      ends: Int32Array;
      place?: BatchPlace;
    }
  | { type: 'texts'; id: number; topic: string; receivedAt: number; texts: string[]; place?: BatchPlace }
  | { type: 'feeds'; feeds: FeedConfig[] }
  /** Close the producer and end (batches not yet published are read again from Kafka). */
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; result: WireBatch }
  /** The batch could not be published (it fails, and is read again from Kafka). */
  | { type: 'batch-failed'; id: number; error: string };
