// In-process stand-in for Kafka in the embedded default: topics are append-only logs kept
// for a bounded retention; each consumer group reads a topic in order, one batch at a time,
// and "commits" by advancing its offset only after its handler resolves.
import type { BatchHandler, Bus, BusMessage, SubscribeOptions, Subscription } from './bus.ts';

interface Log {
  base: number; // offset of messages[0]
  messages: BusMessage[];
  waiters: Set<() => void>;
}

export interface MemoryBusOptions {
  /** Messages kept per topic; older ones are dropped (like Kafka retention). */
  retain?: number;
  maxBatch?: number;
}

export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private logs = new Map<string, Log>();
  private subscriptions = new Set<{ stop(): Promise<void> }>();
  private closed = false;
  private readonly retain: number;
  private readonly maxBatch: number;

  constructor(options: MemoryBusOptions = {}) {
    this.retain = options.retain ?? 200_000;
    this.maxBatch = options.maxBatch ?? 500;
  }

  private log(topic: string): Log {
    let log = this.logs.get(topic);
    if (!log) {
      log = { base: 0, messages: [], waiters: new Set() };
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
    for (const m of messages) log.messages.push(m);
    const excess = log.messages.length - this.retain;
    if (excess > 0) {
      log.messages.splice(0, excess);
      log.base += excess;
    }
    for (const w of log.waiters) w();
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    const matches = (t: string) => options.topics.some((p) => (typeof p === 'string' ? p === t : p.test(t)));
    const loops: Promise<void>[] = [];
    let running = true;
    const stopWaiting = new Set<() => void>();

    const consume = async (topic: string) => {
      const log = this.log(topic);
      let next = options.fromBeginning ? log.base : log.base + log.messages.length;
      while (running) {
        if (next < log.base) next = log.base; // retention overtook a slow consumer
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
        } catch (err) {
          // Like a consumer that failed before committing: the batch is delivered again.
          console.error(
            JSON.stringify({ level: 'error', msg: 'bus handler failed; redelivering', topic, error: String(err) }),
          );
          await new Promise((r) => setTimeout(r, 200));
        }
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
    };
    this.subscriptions.add(sub);
    return sub;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }
}
