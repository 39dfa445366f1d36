// Where a Kafka consumer reads from once its group has (re)assigned it partitions. kafkajs starts
// every assignment afresh (a new offset manager at each group sync): from the group's committed
// offset or, with none, from the earliest or the latest record. Two kinds of subscriber need more.
// - One that rebuilds its state from the recent past (SubscribeOptions.rewindMs) re-reads from
//   the earlier of its committed offset and the first record of the window: a backlog older
//   than the window (workers down longer than it) is read too, not skipped. And no batch of the
//   new assignment may be handled before that seek: kafkajs fetches from the committed offset as
//   soon as the group is joined, and a batch from there would move correlation's clock to now,
//   so the window read after it would be dropped as late.
// - One in a group of its own (SubscribeOptions.ownGroup) commits nothing: after a rejoin (a
//   broker restart, the coordinator moving, an event loop stalled past the session timeout) it
//   would start at the latest record again and miss what came meanwhile. It remembers the next
//   offset of every partition itself and goes on from there.
import type { PartitionOffset } from './ordered-commits.ts';

export interface AssignmentStartOptions {
  /** The group commits nothing: the positions handled so far are kept here instead. */
  own: boolean;
  /** Re-read every assigned partition from this long ago (and from any older committed offset). */
  rewindMs?: number;
  /** The group's committed offsets ('-1': none); not asked for a group that commits nothing. */
  committed(topics: string[]): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
  /** Per partition, the first offset at or after a time ('-1': no record that recent). */
  offsetsAt(topic: string, timestampMs: number): Promise<{ partition: number; offset: string }[]>;
  seek(topic: string, partition: number, offset: string): void;
  onError(what: string, error: unknown): void;
}

type Offsets = Map<string, Map<number, string>>;

export class AssignmentStart {
  /** Own group: per topic and partition, the next offset to read. */
  private positions: Offsets = new Map();
  private generation = 0;
  private rewinding: Promise<void> = Promise.resolve();

  constructor(private readonly o: AssignmentStartOptions) {}

  /**
   * Own group reading from now: where each partition starts if no record of it is handed over
   * before a rejoin (a quiet partition would otherwise restart at the latest record then).
   */
  startAt(topic: string, offsets: { partition: number; offset: string }[]): void {
    for (const { partition, offset } of offsets)
      if (known(offset) && !this.positions.get(topic)?.has(partition)) put(this.positions, topic, partition, offset);
  }

  /** Own group: batches settled up to these offsets (what a group that commits would commit). */
  settled(offsets: PartitionOffset[]): void {
    if (this.o.own) for (const { topic, partition, offset } of offsets) put(this.positions, topic, partition, offset);
  }

  /** The group assigned these partitions (Kafka's topic names): call when kafkajs reports the join. */
  joined(assignment: Record<string, number[]>): void {
    const generation = ++this.generation;
    // Now, synchronously: kafkajs applies seeks when it starts a fetch, and the first fetch of
    // this assignment comes right after the join.
    const remembered: Offsets = new Map();
    if (this.o.own)
      for (const [topic, partitions] of Object.entries(assignment))
        for (const partition of partitions) {
          const offset = this.positions.get(topic)?.get(partition);
          if (offset === undefined) continue;
          put(remembered, topic, partition, offset);
          this.o.seek(topic, partition, offset);
        }
    if (this.o.rewindMs !== undefined)
      this.rewinding = this.rewind(assignment, generation, this.o.rewindMs, remembered).catch((err) =>
        this.o.onError('rewind failed: reading on from the committed offsets', err),
      );
  }

  /** Resolves once batches of the current assignment may be handled: its rewind has sought. */
  ready(): Promise<void> {
    return this.rewinding;
  }

  private async rewind(
    assignment: Record<string, number[]>,
    generation: number,
    ms: number,
    remembered: Offsets,
  ): Promise<void> {
    const since = Date.now() - ms;
    const topics = Object.keys(assignment);
    const from = this.o.own ? remembered : await this.committedOffsets(topics);
    const at: Offsets = new Map();
    for (const topic of topics) {
      try {
        for (const { partition, offset } of await this.o.offsetsAt(topic, since)) put(at, topic, partition, offset);
      } catch (err) {
        this.o.onError(`offsets of ${topic} at ${new Date(since).toISOString()} not read: not rewound`, err);
      }
    }
    // A newer assignment has started a rewind of its own.
    if (generation !== this.generation) return;
    for (const [topic, partitions] of Object.entries(assignment))
      for (const partition of partitions) {
        const offset = earlier(from.get(topic)?.get(partition), at.get(topic)?.get(partition));
        if (offset !== undefined) this.o.seek(topic, partition, offset);
      }
  }

  private async committedOffsets(topics: string[]): Promise<Offsets> {
    const out: Offsets = new Map();
    try {
      for (const { topic, partitions } of await this.o.committed(topics))
        for (const { partition, offset } of partitions) put(out, topic, partition, offset);
    } catch (err) {
      // Rewound to the window alone: a backlog older than it is not read.
      this.o.onError('committed offsets not read', err);
    }
    return out;
  }
}

/** The earlier of two offsets, either unknown ('-1' or absent). */
export function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (!known(a)) return known(b) ? b : undefined;
  if (!known(b)) return a;
  return BigInt(a!) <= BigInt(b!) ? a : b;
}

function known(offset: string | undefined): boolean {
  return offset !== undefined && offset !== '' && BigInt(offset) >= 0n;
}

function put(map: Offsets, topic: string, partition: number, offset: string): void {
  let partitions = map.get(topic);
  if (!partitions) map.set(topic, (partitions = new Map()));
  partitions.set(partition, offset);
}
