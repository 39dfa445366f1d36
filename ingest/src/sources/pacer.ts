// Paces a burst instead of dropping it: after a broker restart or an ingest outage, the
// sensors' backlog arrives far faster than any feed's rate. MQTT records wait their turn (in
// order) up to maxWaitMs; beyond that the pipeline's rate limit dead-letters them, so a
// sensor that floods without end is still visible rather than silently queued. Kafka
// batches wait as long as their feed's rate asks: Kafka itself holds what is not yet read.
// One pacer per feed, whatever its transport (ingest-service.ts).
export class Pacer {
  private next = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSec: number,
    private readonly burst = Math.max(1, ratePerSec),
    private readonly maxWaitMs = 30_000,
  ) {}

  /**
   * Resolves when this record may go on (records keep their arrival order): true when it was
   * paced within the feed's rate, false when it exceeds what the pacer is willing to hold.
   */
  wait(now = Date.now()): Promise<boolean> {
    const interval = 1000 / this.ratePerSec;
    // `next` is when the next token frees up; a full bucket lets `burst` records through at once.
    this.next = Math.max(this.next, now - this.burst * interval);
    const at = this.next + interval;
    const delay = at - now;
    if (delay <= 0) {
      this.next = at;
      return this.tail.then(() => true);
    }
    if (delay > this.maxWaitMs) return this.tail.then(() => false); // the pipeline's limit rejects it
    this.next = at;
    const turn = this.tail.then(() => new Promise<void>((r) => setTimeout(r, Math.max(0, at - Date.now()))));
    this.tail = turn;
    return turn.then(() => true);
  }

  /** True when a record arriving now would have to wait: the feed is at its rate. */
  busy(now = Date.now()): boolean {
    const interval = 1000 / this.ratePerSec;
    return Math.max(this.next, now - this.burst * interval) + interval > now;
  }

  /**
   * Resolves when `n` records may go on together (a Kafka batch): never refuses, since what
   * waits is still held by the broker, not by this process.
   */
  async waitFor(n: number, now = Date.now()): Promise<void> {
    const interval = 1000 / this.ratePerSec;
    this.next = Math.max(this.next, now - this.burst * interval) + n * interval;
    const delay = this.next - now;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  }
}
