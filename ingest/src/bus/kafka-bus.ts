// The bus on Apache Kafka (kafkajs). Offsets are committed only after the handler has
// settled a batch (at-least-once); every consumer handler downstream is idempotent.
import type { Consumer, Producer, Admin, Kafka } from 'kafkajs';
import type { BatchHandler, Bus, BusMessage, SubscribeOptions, Subscription } from './bus.ts';
import { TOPICS } from '@portwatch/schema';
import { OrderedCommits, type PartitionOffset } from './ordered-commits.ts';
import { keyMemoPartitioner } from './key-partitioner.ts';
import { CoPartitionedAssigner } from './co-partitioned-assigner.ts';
import { GroupReaper, deleteGroups, ownGroupId } from './own-groups.ts';
import { AssignmentStart } from './assignment-start.ts';
import { copartitionMismatch, copartitionedWith, partitionsToCreate } from './co-partitioned-topics.ts';
import { ReadProgress } from './read-progress.ts';
import { kafkaClient, type KafkaClientOptions } from './kafka-client.ts';
import { sendChunked } from './chunked-sends.ts';
import { ReceivedMessage } from './received-message.ts';
import { PartitionPauses } from './partition-pauses.ts';
import { whileSettling } from './while-settling.ts';

export interface KafkaBusOptions extends KafkaClientOptions {
  /** Called when a consumer (re)joins its group with the partitions it now owns. */
  onAssignment?: (groupId: string, assignment: Record<string, number[]>) => void;
}

export class KafkaBus implements Bus {
  readonly kind = 'kafka' as const;
  private kafka: Kafka;
  private producer: Producer | null = null;
  private consumers = new Set<Consumer>();
  private admin: Admin | null = null;
  private known = new Set<string>();
  /** Groups of one subscriber alone, deleted when it stops (SubscribeOptions.ownGroup). */
  private ownGroups = new Set<string>();
  private reapers = new Set<GroupReaper>();

  private t = (topic: string) => (this.o.namespace ? `${this.o.namespace}.${topic}` : topic);
  private untopic = (topic: string) =>
    this.o.namespace && topic.startsWith(this.o.namespace + '.') ? topic.slice(this.o.namespace.length + 1) : topic;
  private pattern = (p: string | RegExp): string | RegExp =>
    typeof p === 'string'
      ? this.t(p)
      : this.o.namespace
        ? new RegExp(`^${this.o.namespace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:${p.source.replace(/^\^/, '')})`)
        : p;

  constructor(private readonly o: KafkaBusOptions) {
    this.kafka = kafkaClient(o);
  }

  /** Connects the producer and creates Portwatch's topics (keyed by zone) if missing. */
  async connect(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.ensureTopics(Object.values(TOPICS));
    // Not kafkajs's idempotent producer: it fails concurrent sends with "out of order sequence
    // number". Redelivery is already harmless: every consumer is idempotent on record ids.
    this.producer = this.kafka.producer({ allowAutoTopicCreation: true, createPartitioner: keyMemoPartitioner });
    await this.producer.connect();
  }

  /**
   * Connects a producer only, for topics another bus of this process has created (a decode
   * thread publishing its indicators): no admin client, no topic check.
   */
  async connectProducer(topics: string[]): Promise<void> {
    for (const t of topics) this.known.add(this.t(t));
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: keyMemoPartitioner });
    await this.producer.connect();
  }

  /** The options of this bus that another thread may use to reach the same cluster and namespace. */
  clientOptions(): KafkaClientOptions {
    const { onAssignment: _callback, ...rest } = this.o;
    // Plain data only: it crosses to another thread by structured clone.
    return structuredClone(rest);
  }

  async ensureTopics(topics: string[], partitions = this.o.partitions ?? 6): Promise<void> {
    if (!this.admin) throw new Error('kafka bus: connect() first');
    topics = topics.map(this.t);
    if (topics.every((t) => this.known.has(t))) return;
    const existing = new Set(await this.admin.listTopics());
    for (const t of existing) this.known.add(t);
    const missing = topics.filter((t) => !existing.has(t));
    if (!missing.length) return;
    // A topic read co-partitioned with one that exists gets its partition count, whatever the default.
    const followed = copartitionedWith(missing.map(this.untopic)).filter((t) => existing.has(this.t(t)));
    const counts = new Map(
      (await this.partitionCounts(followed)).map(({ topic, partitions }) => [this.untopic(topic), partitions]),
    );
    await whileSettling(() =>
      this.admin!.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitionsToCreate(this.untopic(topic), counts, partitions),
          replicationFactor: this.o.replicationFactor ?? 1,
        })),
      }),
    );
    for (const t of missing) this.known.add(t);
  }

  /** The next offset of every partition of a topic: where a reader from now starts. */
  private async endOffsets(topic: string): Promise<{ partition: number; offset: string }[]> {
    const offsets = await whileSettling(() => this.admin!.fetchTopicOffsets(this.t(topic)));
    return offsets.map(({ partition, high }) => ({ partition, offset: high }));
  }

  /** Partition counts of topics (logical names in, Kafka's names out). */
  private async partitionCounts(topics: string[]): Promise<{ topic: string; partitions: number }[]> {
    if (!topics.length) return [];
    const { topics: found } = await whileSettling(() => this.admin!.fetchTopicMetadata({ topics: topics.map(this.t) }));
    const byName = new Map(found.map((t) => [t.name, t.partitions.length]));
    return topics.map((t) => ({ topic: this.t(t), partitions: byName.get(this.t(t)) ?? 0 }));
  }

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    if (!this.producer) throw new Error('kafka bus: connect() first');
    if (!messages.length) return;
    if (!this.known.has(this.t(topic))) await this.ensureTopics([topic]);
    await sendChunked(this.producer, this.t(topic), messages);
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    // Subscribing to a topic that does not exist yet fails its first metadata request.
    const listed = options.topics.filter((t): t is string => typeof t === 'string');
    await this.ensureTopics(listed);
    if (options.copartitioned) {
      const mismatch = copartitionMismatch(await this.partitionCounts(listed));
      if (mismatch) throw new Error(`kafka bus: consumer group ${options.groupId} not started: ${mismatch}`);
    }
    const named = this.o.namespace ? `${this.o.namespace}.${options.groupId}` : options.groupId;
    const own = options.ownGroup === true;
    const groupId = own ? ownGroupId(named) : named;
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 20_000,
      allowAutoTopicCreation: true,
      ...(options.copartitioned ? { partitionAssigners: [CoPartitionedAssigner] } : {}),
    });
    this.consumers.add(consumer);
    const inFlight = Math.max(1, options.inFlightBatches ?? 1);
    const onError = (what: string, err: unknown) =>
      console.error(JSON.stringify({ level: 'error', msg: `kafka bus: ${what}`, groupId, error: String(err) }));
    const progress = new ReadProgress(options.fromBeginning ?? false);
    const start = new AssignmentStart({
      own,
      rewindMs: options.rewindMs,
      committed: (topics) => whileSettling(() => this.admin!.fetchOffsets({ groupId, topics })),
      offsetsAt: (topic, ms) => this.offsetsAt(this.untopic(topic), ms),
      seek: (topic, partition, offset) => {
        consumer.seek({ topic, partition, offset });
        progress.sought(this.untopic(topic), partition, offset);
      },
      onError,
    });
    // A group of its own commits nothing: its positions are kept in memory, for a rejoin.
    const commit = own
      ? async (offsets: PartitionOffset[]) => start.settled(offsets)
      : (offsets: PartitionOffset[]) => consumer.commitOffsets(offsets);
    const ahead = new OrderedCommits({
      limit: inFlight,
      commit,
      seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset }),
      onError,
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      ahead.reset();
      start.joined(e.payload.memberAssignment);
      const assignment = Object.fromEntries(
        Object.entries(e.payload.memberAssignment).map(([topic, parts]) => [this.untopic(topic), parts]),
      );
      this.o.onAssignment?.(options.groupId, assignment);
      options.onAssigned?.(assignment);
      progress.assigned(assignment, start.ready());
    });
    // From now: where a partition goes on after a rejoin if none of its records came meanwhile.
    if (own && !options.fromBeginning)
      for (const topic of listed) start.startAt(this.t(topic), await this.endOffsets(topic));
    await consumer.connect();
    await consumer.subscribe({
      topics: options.topics.map(this.pattern),
      fromBeginning: options.fromBeginning ?? false,
    });
    let stopping = false;
    const pauses = new PartitionPauses();
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) => {
        // Until the rewind of this assignment has sought; a batch fetched before is stale then.
        await start.ready();
        if (stopping || !isRunning() || isStale() || batch.messages.length === 0) return;
        let deferMs = 0;
        const settled = handler({
          topic: this.untopic(batch.topic),
          partition: batch.partition,
          messages: batch.messages.map((m) => new ReceivedMessage(m)),
          defer: (ms) => (deferMs = Math.max(1, ms)),
        });
        if (deferMs > 0) {
          // Not handled: read again from its first record once the pause is over. Batches of
          // the partition fetched before the seek are stale and skipped (isStale above).
          await settled;
          pauses.pause(batch.topic, batch.partition, deferMs, pause);
          consumer.seek({ topic: batch.topic, partition: batch.partition, offset: batch.messages[0].offset });
          return;
        }
        const last = batch.messages[batch.messages.length - 1].offset;
        if (inFlight === 1) {
          await settled;
          progress.handled(this.untopic(batch.topic), batch.partition, last);
          resolveOffset(last);
          // Commit only now: everything up to `last` is durably handled.
          await commit([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
        } else {
          // Resolving moves the fetch position on (kafkajs reads ahead from it); the commit
          // waits until this batch and every one before it in the partition has settled.
          resolveOffset(last);
          void settled.then(() => progress.handled(this.untopic(batch.topic), batch.partition, last)).catch(() => {});
          await ahead.track(batch.topic, batch.partition, batch.messages[0].offset, last, settled);
        }
        await heartbeat();
      },
    });
    let reaper: GroupReaper | null = null;
    if (own) {
      this.ownGroups.add(groupId);
      this.reapers.add((reaper = new GroupReaper(this.admin!, named, this.ownGroups)));
    }
    return {
      caughtUp: () =>
        progress.caughtUp(
          (topic) => this.admin!.fetchTopicOffsets(this.t(topic)),
          () => !stopping,
        ),
      stop: async () => {
        stopping = true;
        reaper?.stop();
        if (reaper) this.reapers.delete(reaper);
        await ahead.drain();
        this.consumers.delete(consumer);
        await consumer.disconnect();
        if (own) await this.dropOwnGroups([groupId]);
      },
    };
  }

  /** Earliest offsets at or after a time, per partition: how correlation rebuilds its windows. */
  async offsetsAt(topic: string, timestampMs: number): Promise<{ partition: number; offset: string }[]> {
    if (!this.admin) throw new Error('kafka bus: connect() first');
    const admin = this.admin;
    return whileSettling(() => admin.fetchTopicOffsetsByTimestamp(this.t(topic), timestampMs));
  }

  /** After their consumers left: an empty group can be deleted. */
  private async dropOwnGroups(ids: string[]): Promise<void> {
    for (const id of ids) this.ownGroups.delete(id);
    if (this.admin) await deleteGroups(this.admin, ids).catch(() => {});
  }

  async close(): Promise<void> {
    for (const r of this.reapers) r.stop();
    this.reapers.clear();
    await Promise.all([...this.consumers].map((c) => c.disconnect().catch(() => {})));
    this.consumers.clear();
    await this.dropOwnGroups([...this.ownGroups]);
    await this.producer?.disconnect().catch(() => {});
    await this.admin?.disconnect().catch(() => {});
  }
}
