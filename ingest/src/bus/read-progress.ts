// How far a Kafka subscriber has read its partitions, for Subscription.caughtUp(): each
// assigned partition's position — where the rewind sought it to, then past what the handler
// settled — against the partitions' ends at the call.
export interface PartitionEnds {
  partition: number;
  /** Offset of the oldest record kept. */
  low: string;
  /** Offset the next record will get. */
  high: string;
}

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

interface Assignment {
  partitions: Record<string, number[]>;
  /** Settles once the rewind has sought every partition. */
  rewound: Promise<unknown>;
}

export class ReadProgress {
  private current: Assignment | null = null;
  private readonly first: Promise<void>;
  private firstArrived!: () => void;
  /** Next offset to read, per topic and partition. */
  private readonly position = new Map<string, bigint>();

  constructor(private readonly fromBeginning: boolean) {
    this.first = new Promise((r) => (this.firstArrived = r));
  }

  /** A new assignment; `rewound` settles once its partitions are sought (at once without a rewind). */
  assigned(partitions: Record<string, number[]>, rewound: Promise<unknown>): void {
    this.current = { partitions, rewound };
    this.firstArrived();
  }

  /** The consumer was sent back to `offset`: what comes next is read from there. */
  sought(topic: string, partition: number, offset: string): void {
    this.position.set(keyOf(topic, partition), BigInt(offset));
  }

  /** The handler settled a partition's records up to `lastOffset`. */
  handled(topic: string, partition: number, lastOffset: string): void {
    const k = keyOf(topic, partition);
    const next = BigInt(lastOffset) + 1n;
    if (next > (this.position.get(k) ?? -1n)) this.position.set(k, next);
  }

  /** Resolves once every assigned partition is read up to its end as `ends` gives it now. */
  async caughtUp(ends: (topic: string) => Promise<PartitionEnds[]>, running: () => boolean): Promise<void> {
    await this.first;
    const { partitions, rewound } = this.current!;
    await rewound.catch(() => {});
    const targets: { key: string; start: bigint; end: bigint }[] = [];
    for (const [topic, list] of Object.entries(partitions)) {
      const known = await ends(topic);
      for (const p of list) {
        const end = known.find((e) => e.partition === p);
        // Neither sought nor read yet: the consumer starts at the oldest record or the newest.
        if (end)
          targets.push({
            key: keyOf(topic, p),
            start: BigInt(this.fromBeginning ? end.low : end.high),
            end: BigInt(end.high),
          });
      }
    }
    const behind = () => targets.some((t) => (this.position.get(t.key) ?? t.start) < t.end);
    while (running() && behind()) await new Promise((r) => setTimeout(r, 20));
  }
}
