// In-process stand-in for Kafka in the embedded default: topics are append-only logs kept
// for a bounded retention; each consumer group reads a topic in order, one batch at a time,
// and "commits" by advancing its offset only after its handler resolves. Nothing here
// outlives the process, so a publish may wait until the group that stores it has settled it
// (`settledBy`): then "published" means "stored", as on Kafka it means "on the brokers".
// Memory is bounded either way: a topic nobody reads keeps its last `retain` messages (the
// older are counted as dropped), and a publisher to a topic that is read waits while its
// slowest consumer is `maxUnread` behind — Kafka would keep the backlog on disk; here it stays
// at its source (ingest holds the records unacknowledged), never silently dropped.
import type { BatchHandler, Bus, BusMessage, SubscribeOptions, Subscription } from './bus.ts';

interface Cursor {
  groupId: string;
  next: number;
}

/** A publish waiting for `settledBy`'s group: offsets start..end-1. */
interface Settling {
  start: number;
  end: number;
  resolve(): void;
  reject(err: Error): void;
}

interface Log {
  base: number; // offset of messages[0]
  messages: BusMessage[];
  waiters: Set<() => void>;
  /** Where each running consumer of the topic is: what all of them have read is dropped. */
  cursors: Set<Cursor>;
  /** Publishes not yet settled by `settledBy`'s group, oldest first. */
  settling: Settling[];
  /** Publishers waiting for the slowest consumer to make room. */
  room: Set<() => void>;
}

export interface MemoryBusOptions {
  /**
   * Messages kept per topic while nobody reads it (like Kafka retention). A topic that is read
   * keeps only what some consumer has not read yet: nothing in the process reads the past
   * again (a restart loses the bus; embedded correlation rebuilds from the store), and keeping
   * 200,000 read messages per topic made the embedded default's memory climb under load.
   */
  retain?: number;
  /**
   * Unread messages a read topic may hold before publishers wait (default 50,000: about
   * 50 MB of indicators, 10–25 s of the embedded default's load).
   */
  maxUnread?: number;
  maxBatch?: number;
  /**
   * The consumer group that makes records durable (the store writer) and the topics it does so
   * for: a publish to one of these topics resolves only once that group's handler has settled
   * every record of it, and is rejected if retention drops one first or the bus closes. The
   * group must subscribe (it may do so later); until it has, such a publish waits.
   */
  settledBy?: { groupId: string; topics: string[] };
}

export interface MemoryBusCounters {
  /** Messages of topics nobody read, dropped past `retain`. */
  dropped: number;
  /** Publishes that had to wait for a slow consumer. */
  waits: number;
}

export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private logs = new Map<string, Log>();
  private subscriptions = new Set<{ stop(): Promise<void> }>();
  private closed = false;
  private readonly retain: number;
  private readonly maxUnread: number;
  private readonly maxBatch: number;
  readonly counters: MemoryBusCounters = { dropped: 0, waits: 0 };
  private readonly settledBy: { groupId: string; topics: Set<string> } | null;

  constructor(options: MemoryBusOptions = {}) {
    this.retain = options.retain ?? 200_000;
    this.maxUnread = options.maxUnread ?? 50_000;
    this.maxBatch = options.maxBatch ?? 500;
    this.settledBy = options.settledBy
      ? { groupId: options.settledBy.groupId, topics: new Set(options.settledBy.topics) }
      : null;
  }

  private log(topic: string): Log {
    let log = this.logs.get(topic);
    if (!log) {
      log = { base: 0, messages: [], waiters: new Set(), cursors: new Set(), settling: [], room: new Set() };
      this.logs.set(topic, log);
      // A pattern subscription must see topics created after it started.
      for (const w of this.topicWatchers) w(topic);
    }
    return log;
  }

  private topicWatchers = new Set<(topic: string) => void>();

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    const log = this.log(topic);
    if (log.cursors.size && this.unread(log) >= this.maxUnread) {
      this.counters.waits++;
      while (log.cursors.size && this.unread(log) >= this.maxUnread) {
        await new Promise<void>((resolve) => log.room.add(resolve));
        if (this.closed) throw new Error('bus is closed');
      }
    }
    const start = log.base + log.messages.length;
    for (const m of messages) log.messages.push(m);
    // Nobody reads the topic (yet): like Kafka retention, the oldest go.
    const excess = log.messages.length - this.retain;
    if (!log.cursors.size && excess > 0) {
      log.messages.splice(0, excess);
      log.base += excess;
      this.counters.dropped += excess;
    }
    for (const w of log.waiters) w();
    if (!messages.length || !this.settledBy?.topics.has(topic)) return;
    const end = start + messages.length;
    return new Promise<void>((resolve, reject) => log.settling.push({ start, end, resolve, reject }));
  }

  /** Messages the slowest consumer of the topic has not read. */
  private unread(log: Log): number {
    let min = Infinity;
    for (const c of log.cursors) if (c.next < min) min = c.next;
    return log.base + log.messages.length - min;
  }

  /** A consumer moved on or left: waiting publishers look again. */
  private makeRoom(log: Log): void {
    const room = [...log.room];
    log.room.clear();
    for (const r of room) r();
  }

  /** Prometheus lines: what the in-process bus dropped and how often publishers waited. */
  metrics(): string[] {
    return [
      '# HELP portwatch_bus_dropped_total Messages of in-process bus topics nobody reads, dropped past retention.',
      '# TYPE portwatch_bus_dropped_total counter',
      `portwatch_bus_dropped_total ${this.counters.dropped}`,
      '# HELP portwatch_bus_publish_waits_total Publishes that waited for a slow consumer of the in-process bus.',
      '# TYPE portwatch_bus_publish_waits_total counter',
      `portwatch_bus_publish_waits_total ${this.counters.waits}`,
    ];
  }

  /** The settling group moved to `next`: publishes it has read through are settled, those retention overtook are not. */
  private settle(log: Log, cursor: Cursor, next: number, skipped: boolean): void {
    if (cursor.groupId !== this.settledBy?.groupId) return;
    while (log.settling.length) {
      const s = log.settling[0];
      if (skipped && s.start < next) s.reject(new Error('dropped by the in-process bus before it was stored'));
      else if (s.end <= next) s.resolve();
      else break;
      log.settling.shift();
    }
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    const matches = (t: string) => options.topics.some((p) => (typeof p === 'string' ? p === t : p.test(t)));
    const loops: Promise<void>[] = [];
    let running = true;
    const stopWaiting = new Set<() => void>();
    const reading = new Map<Log, Cursor>();

    const consume = async (topic: string) => {
      const log = this.log(topic);
      const cursor: Cursor = {
        groupId: options.groupId,
        next: options.fromBeginning ? log.base : log.base + log.messages.length,
      };
      this.settle(log, cursor, cursor.next, true); // what it will never read is not settled
      log.cursors.add(cursor);
      reading.set(log, cursor);
      try {
        await this.read(log, topic, cursor, handler, () => running, stopWaiting);
      } finally {
        log.cursors.delete(cursor);
        this.makeRoom(log);
      }
    };
    const started = new Set<string>();
    const startTopic = (topic: string) => {
      if (!running || started.has(topic) || !matches(topic)) return;
      started.add(topic);
      loops.push(consume(topic));
    };
    for (const p of options.topics) if (typeof p === 'string') this.log(p);
    for (const topic of this.logs.keys()) startTopic(topic);
    this.topicWatchers.add(startTopic);

    const sub = {
      stop: async () => {
        running = false;
        this.topicWatchers.delete(startTopic);
        for (const w of [...stopWaiting]) w();
        await Promise.all(loops);
        this.subscriptions.delete(sub);
      },
      caughtUp: async () => {
        const ends = [...reading].map(([log, cursor]) => ({ cursor, end: log.base + log.messages.length }));
        while (running && ends.some((e) => e.cursor.next < e.end)) await new Promise((r) => setTimeout(r, 5));
      },
    };
    this.subscriptions.add(sub);
    return sub;
  }

  /** Drops what every consumer of the topic has read (in steps, not per batch: splice is O(n)). */
  private trim(log: Log): void {
    let min = Infinity;
    for (const c of log.cursors) if (c.next < min) min = c.next;
    const read = min - log.base;
    if (read >= this.maxBatch * 4 || (read > 0 && read === log.messages.length)) {
      log.messages.splice(0, read);
      log.base += read;
    }
  }

  private async read(
    log: Log,
    topic: string,
    cursor: Cursor,
    handler: BatchHandler,
    running: () => boolean,
    stopWaiting: Set<() => void>,
  ): Promise<void> {
    let next = cursor.next;
    {
      while (running()) {
        if (next < log.base) {
          cursor.next = next = log.base; // started on a topic retention had trimmed
          this.settle(log, cursor, next, true);
        }
        const available = log.base + log.messages.length - next;
        if (available <= 0) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              log.waiters.delete(wake);
              stopWaiting.delete(wake);
              resolve();
            };
            log.waiters.add(wake);
            stopWaiting.add(wake);
          });
          continue;
        }
        const start = next - log.base;
        const slice = log.messages.slice(start, start + Math.min(available, this.maxBatch));
        const batch = { topic, partition: 0, messages: slice.map((m, i) => ({ ...m, offset: String(next + i) })) };
        try {
          await handler(batch);
          next += slice.length;
          cursor.next = next;
          this.settle(log, cursor, next, false);
          this.trim(log);
          if (log.room.size) this.makeRoom(log);
        } catch (err) {
          // Like a consumer that failed before committing: the batch is delivered again.
          console.error(
            JSON.stringify({ level: 'error', msg: 'bus handler failed; redelivering', topic, error: String(err) }),
          );
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const log of this.logs.values()) this.makeRoom(log);
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    for (const log of this.logs.values())
      for (const s of log.settling.splice(0)) s.reject(new Error('the in-process bus closed before it was stored'));
  }
}
