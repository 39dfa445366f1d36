// Holds a Kafka feed to its rate. Kafka itself keeps what is not yet read, so nothing is shed:
// the feed is simply read more slowly. A batch goes on when its feed is not ahead of its rate
// and then puts the feed ahead by its size; one that comes while the feed is ahead is handed
// back to the consumer to be read again later (BusBatch.defer), so a feed over its rate waits
// without holding up the other feeds read by the same consumer (ingest-service.ts). MQTT
// feeds are held to their rates by their lanes (feed-lanes.ts).
export class Pacer {
  private next = 0;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst = Math.max(1, ratePerSec),
  ) {}

  /** Milliseconds the feed is ahead of its rate: how long until its next batch may go on. */
  ahead(now = Date.now()): number {
    return Math.max(0, this.next - now);
  }

  /**
   * Takes `n` records (a batch) and says how many milliseconds the feed is now ahead of its
   * rate: 0 while within it (a full bucket lets `burst` records through at once).
   */
  charge(n: number, now = Date.now()): number {
    const interval = 1000 / this.ratePerSec;
    // `next` is when the next token frees up.
    this.next = Math.max(this.next, now - this.burst * interval) + n * interval;
    return this.ahead(now);
  }
}
