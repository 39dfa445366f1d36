// The backbone between services: Kafka in a scaled deployment, an in-process bus in the
// embedded default. Both implement this one interface and pass one shared test suite.

import type { BusRecord } from '@portwatch/schema';

/** A record as the schema's encoders make it (topics and messages: @portwatch/schema), plus transport extras. */
export interface BusMessage extends BusRecord {
  headers?: Record<string, string>;
  /** The value as UTF-8, when the producer already has it so: a bus sends these bytes as they are. */
  bytes?: Uint8Array;
}

/**
 * A batch handed to a subscriber. Kafka messages also carry their value's `bytes`; `value`
 * is then decoded from them only when read, so a handler that passes bytes on (to the decode
 * thread) never pays for text it does not use.
 */
export interface BusBatch {
  topic: string;
  partition: number;
  messages: (BusMessage & { offset: string; bytes?: Uint8Array })[];
  /**
   * Kafka: the handler does not take this batch now (its feed is over its rate); the consumer
   * reads its partition again from the batch's first record in `ms`, and hands over nothing
   * more of it meanwhile, while every other partition and topic goes on. The handler then
   * resolves without handling the batch. Absent on the in-process bus, which reads each topic
   * in a loop of its own: there, waiting in the handler holds up that topic alone.
   */
  defer?(ms: number): void;
}

export interface SubscribeOptions {
  groupId: string;
  topics: (string | RegExp)[];
  /** Start from the oldest retained record when the group has no committed offset. */
  fromBeginning?: boolean;
  /**
   * Called when this member is (re)assigned partitions (Kafka rebalance), before any record of
   * the new assignment is handed over. With rewindMs the member then re-reads every assigned
   * partition from that long ago (seek by timestamp) — how correlation rebuilds its windows.
   */
  onAssigned?: (assignment: Record<string, number[]>) => void;
  rewindMs?: number;
  /**
   * Batches the handler may have in flight at once (default 1: the next batch is fetched only
   * after the handler settled the last). Above 1 the consumer fetches ahead while earlier
   * batches are still being handled; offsets are still committed in order, each only once
   * every batch up to it has settled. Batches of one partition are handed over in order.
   */
  inFlightBatches?: number;
  /**
   * The topics are keyed alike (same keys, same partition count): partition p of every topic
   * goes to the same member, so one key's records of every topic meet in one consumer (how
   * Kafka Streams co-partitions). A bus with one consumer per group has nothing to do.
   */
  copartitioned?: boolean;
  /**
   * The subscriber reads every partition itself, in a group of its own: `groupId` names the
   * family, the bus makes the group unique to this subscription. On Kafka it commits no
   * offsets and is deleted when the subscription stops, and the family's groups left by
   * processes that died are deleted by the others (own-groups.ts), so they do not pile up.
   */
  ownGroup?: boolean;
}

export interface Subscription {
  /** Stop consuming; resolves when the handler has settled its last batch. */
  stop(): Promise<void>;
  /**
   * Resolves once the handler has settled every record its topics held at the call — on Kafka,
   * of the partitions assigned to it (its first assignment awaited), read from where the
   * subscription starts (rewindMs, or the oldest record with fromBeginning, else the end): meant
   * for a group of its own, whose start is not a committed offset. How a reader knows it has
   * the past before it acts on what comes next.
   */
  caughtUp(): Promise<void>;
}

/**
 * The handler settles a batch by resolving. Offsets are committed only after it resolves
 * (at-least-once): a handler must be idempotent.
 */
export type BatchHandler = (batch: BusBatch) => Promise<void>;

export interface Bus {
  readonly kind: 'memory' | 'kafka';
  publish(topic: string, messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription>;
  close(): Promise<void>;
}
