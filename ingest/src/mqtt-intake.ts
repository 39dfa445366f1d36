// Live MQTT records on their way to the pipeline. Every MQTT feed arrives over one broker
// session, so a flood on one feed or one sensor must not starve the others: a sensor over its
// share of a busy feed is shed at once (sources/sensor-shares.ts), the rest queue in their
// feed's lane and are drained fairly (sources/feed-lanes.ts). What is shed is counted in feed
// health at once and summarised in the dead letters (sources/shed-summary.ts).
import type { FeedConfig } from '@portwatch/schema';
import type { Pipeline, RawRecord } from './pipeline/pipeline.ts';
import type { IngestPublisher } from './ingest-publisher.ts';
import { FeedLanes } from './sources/feed-lanes.ts';
import { SensorShares } from './sources/sensor-shares.ts';
import { ShedSummary } from './sources/shed-summary.ts';

const RESOLVED = Promise.resolve();

export class MqttIntake {
  private shares = new SensorShares();
  private shareReasons = new WeakMap<FeedConfig, string>();
  private shed = new ShedSummary();
  private shedTimer: NodeJS.Timeout | null = null;
  /** MQTT feeds' queues in front of decoding, drained fairly (sources/feed-lanes.ts). */
  private lanes: FeedLanes;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly out: IngestPublisher,
  ) {
    this.lanes = new FeedLanes({
      process: (rec) => out.handle(rec),
      shed: (rec, feedId, reason) => this.shedRecord(rec, feedId, reason),
      // The MQTT source stops reading while decoding is behind: good records wait at the broker.
      holdWhenBehind: true,
    });
  }

  /**
   * Live MQTT records: counted against their sensor, shed at once when the sensor is over its
   * share while the feed is at its rate, otherwise into the feed's queue, which decodes them
   * fairly with the other feeds' or sheds what it cannot hold. Resolves once the record may be
   * acknowledged: handled, or counted as shed.
   */
  readonly handle = (rec: RawRecord): Promise<void> => {
    const route = this.pipeline.feedRouter.route('mqtt', rec.topic);
    if (route === null || route.mode !== 'live') return this.out.handle(rec);
    const feed = route.feed;
    const now = rec.receivedAt;
    this.pipeline.health.sensorReceived(feed.id, rec.topic, now);
    if (!this.shares.allows(rec.topic, feed.maxRatePerSec, now) && this.lanes.busy(feed.id, now)) {
      this.shedRecord(rec, feed.id, this.shareReason(feed));
      return RESOLVED;
    }
    return this.lanes.offer(feed.id, feed.maxRatePerSec, rec, now);
  };

  /** For the MQTT source, asked after each record: null, or a promise to wait on before reading on. */
  readonly room = (): Promise<void> | null => this.lanes.room();

  /** Records waiting per feed (for feed health and /metrics). */
  depths(): Map<string, { records: number; bytes: number }> {
    return this.lanes.depths();
  }

  /**
   * Stops draining (what is still queued stays unacknowledged, and is delivered again), and
   * puts the summary of what was shed onto the publisher's pending batch.
   */
  stop(): void {
    this.lanes.stop();
    if (this.shedTimer) clearTimeout(this.shedTimer);
    this.shedTimer = null;
    this.out.deadLetter(this.shed.drain());
  }

  /** Counts a shed record in feed health now; its dead letter is a summary (ShedSummary). */
  private shedRecord(rec: RawRecord, feedId: string, reason: string): void {
    this.pipeline.health.shed(feedId, reason, rec.receivedAt, rec.via === 'mqtt' ? rec.topic : undefined);
    this.shed.add(feedId, reason, rec.topic, rec.payload, rec.receivedAt);
    this.shedTimer ??= setTimeout(() => {
      this.shedTimer = null;
      this.out.deadLetter(this.shed.drain());
      void this.out.settled(true).catch(() => {});
    }, 5000);
  }

  private shareReason(feed: FeedConfig): string {
    let why = this.shareReasons.get(feed);
    if (why === undefined) {
      why = `sensor over its share: one topic may use at most half of feed "${feed.id}"'s ${feed.maxRatePerSec} records/s while the feed is at its limit`;
      this.shareReasons.set(feed, why);
    }
    return why;
  }
}
