// Offsets of batches handled concurrently, committed in order. A consumer that fetches ahead
// (SubscribeOptions.inFlightBatches) hands batch n+1 over before batch n has settled; its
// offset may be committed only once every batch before it in that partition has settled too,
// or a crash would skip records that were never handled.

export interface PartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read: one past the last settled record. */
  offset: string;
}

interface Pending {
  first: string;
  last: string;
  done: boolean;
}

export interface OrderedCommitsOptions {
  /** At most this many batches in flight; `track` waits while the limit is reached. */
  limit: number;
  commit(offsets: PartitionOffset[]): Promise<void>;
  /** Read a partition again from `offset` (a batch failed: it and all after it are redone). */
  seek(topic: string, partition: number, offset: string): void;
  /** A failed batch or a failed commit; neither stops consumption. */
  onError(what: string, error: unknown): void;
}

export class OrderedCommits {
  /** Per partition, the batches not yet committed, oldest first. Replaced (not emptied) on reset. */
  private queues = new Map<string, Pending[]>();
  private inFlight = new Set<Promise<void>>();
  private due = new Map<string, PartitionOffset>();
  private committing: Promise<void> | null = null;

  constructor(private readonly o: OrderedCommitsOptions) {}

  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Follows one handed-over batch (`first`..`last` of a partition) until `settled` settles;
   * resolves as soon as another batch may be handed over.
   */
  async track(topic: string, partition: number, first: string, last: string, settled: Promise<void>): Promise<void> {
    const key = `${topic}\u0000${partition}`;
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = []));
    const entry: Pending = { first, last, done: false };
    queue.push(entry);
    const q = queue;
    const followed = settled.then(
      () => {
        // A queue replaced since (rebalance, or an earlier batch failed) is no longer ours to commit.
        if (this.queues.get(key) !== q) return;
        entry.done = true;
        this.advance(key, topic, partition, q);
      },
      (err: unknown) => {
        this.o.onError(`batch ${topic}[${partition}] ${first}–${last} failed; reading it again`, err);
        if (this.queues.get(key) !== q) return;
        // Everything from the oldest uncommitted batch on is read again: handlers are idempotent.
        this.queues.set(key, []);
        this.o.seek(topic, partition, q[0].first);
      },
    );
    this.inFlight.add(followed);
    void followed.finally(() => this.inFlight.delete(followed));
    while (this.inFlight.size >= this.o.limit) await Promise.race(this.inFlight);
  }

  /** After a rebalance: batches in flight may finish, but their offsets are not committed. */
  reset(): void {
    this.queues = new Map();
    this.due.clear();
  }

  /** Resolves when every batch in flight has settled and its offsets are committed. */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    while (this.committing) await this.committing;
  }

  private advance(key: string, topic: string, partition: number, queue: Pending[]): void {
    let last: string | null = null;
    while (queue.length && queue[0].done) last = queue.shift()!.last;
    if (last === null) return;
    this.due.set(key, { topic, partition, offset: (BigInt(last) + 1n).toString() });
    this.committing ??= this.commitDue();
  }

  /** One commit at a time; offsets that became due meanwhile go in the next. */
  private async commitDue(): Promise<void> {
    while (this.due.size) {
      const offsets = [...this.due.values()];
      this.due.clear();
      try {
        await this.o.commit(offsets);
      } catch (err) {
        // Lost to a rebalance, say: the partition's next owner reads from the previous commit,
        // and the records handled twice are harmless (every handler is idempotent).
        this.o.onError('offset commit failed', err);
      }
    }
    this.committing = null;
  }
}
