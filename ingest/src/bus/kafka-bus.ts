// The bus on Apache Kafka (kafkajs). Offsets are committed only after the handler has
// settled a batch (at-least-once); every consumer handler downstream is idempotent.
import type { Consumer, Producer, Admin, Kafka } from 'kafkajs';
import type { BatchHandler, Bus, BusMessage, SubscribeOptions, Subscription } from './bus.ts';
import { TOPICS } from '@portwatch/schema';
import { OrderedCommits } from './ordered-commits.ts';
import { keyMemoPartitioner } from './key-partitioner.ts';
import { CoPartitionedAssigner } from './co-partitioned-assigner.ts';
import { GroupReaper, deleteGroups, ownGroupId } from './own-groups.ts';
import { ReadProgress } from './read-progress.ts';
import { kafkaClient, type KafkaClientOptions } from './kafka-client.ts';
import { sendChunked } from './chunked-sends.ts';
import { ReceivedMessage } from './received-message.ts';
import { PartitionPauses } from './partition-pauses.ts';

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
    // A broker that has just started (or a topic another instance is creating this moment)
    // answers "not hosted" / "leader not available" for a few seconds: retry, then give up loudly.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: partitions,
            replicationFactor: this.o.replicationFactor ?? 1,
          })),
        });
        break;
      } catch (err) {
        const retriable = (err as { retriable?: boolean }).retriable !== false;
        if (!retriable || attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
    for (const t of missing) this.known.add(t);
  }

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    if (!this.producer) throw new Error('kafka bus: connect() first');
    if (!messages.length) return;
    if (!this.known.has(this.t(topic))) await this.ensureTopics([topic]);
    await sendChunked(this.producer, this.t(topic), messages);
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    // Subscribing to a topic that does not exist yet fails its first metadata request.
    await this.ensureTopics(options.topics.filter((t): t is string => typeof t === 'string'));
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
    const ahead = new OrderedCommits({
      limit: inFlight,
      commit: async (offsets) => {
        if (!own) await consumer.commitOffsets(offsets);
      },
      seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset }),
      onError: (what, err) =>
        console.error(JSON.stringify({ level: 'error', msg: `kafka bus: ${what}`, groupId, error: String(err) })),
    });
    const progress = new ReadProgress(options.fromBeginning ?? false);
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      ahead.reset();
      const assignment = Object.fromEntries(
        Object.entries(e.payload.memberAssignment).map(([topic, parts]) => [this.untopic(topic), parts]),
      );
      this.o.onAssignment?.(options.groupId, assignment);
      options.onAssigned?.(assignment);
      const rewound =
        options.rewindMs === undefined
          ? Promise.resolve()
          : this.rewind(consumer, assignment, options.rewindMs, progress);
      progress.assigned(assignment, rewound);
    });
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
          if (!own)
            await consumer.commitOffsets([
              { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
            ]);
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

  private async rewind(
    consumer: Consumer,
    assignment: Record<string, number[]>,
    ms: number,
    progress: ReadProgress,
  ): Promise<void> {
    const since = Date.now() - ms;
    for (const [topic, partitions] of Object.entries(assignment)) {
      const offsets = await this.offsetsAt(topic, since).catch(() => []);
      for (const { partition, offset } of offsets) {
        // -1: nothing at or after that time; the committed offset is where to go on.
        if (partitions.includes(partition) && offset !== '-1') {
          consumer.seek({ topic: this.t(topic), partition, offset });
          progress.sought(topic, partition, offset);
        }
      }
    }
  }

  /** Earliest offsets at or after a time, per partition: how correlation rebuilds its windows. */
  async offsetsAt(topic: string, timestampMs: number): Promise<{ partition: number; offset: string }[]> {
    if (!this.admin) throw new Error('kafka bus: connect() first');
    return this.admin.fetchTopicOffsetsByTimestamp(this.t(topic), timestampMs);
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
