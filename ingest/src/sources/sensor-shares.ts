// While its feed is at its rate, one sensor (MQTT topic) may use at most half of it, so one
// flooding sensor leaves room for the feed's others. A feed with room to spare lets any
// sensor through (one AIS receiver carries every vessel in range): the caller asks only when
// the feed is busy, but every record takes from its sensor's bucket, so a sensor that has
// been flooding finds its bucket empty the moment the feed fills up.
//
// Bounded: at most SHARES_KEPT sensors have a bucket. When full, the least recently seen one
// goes (a sensor seen again gets a fresh, full bucket, which can only let more through, never
// less); a sender that invents topics cannot grow the map. With the broker's ACLs a sensor can
// publish only to its own topic, so inventing topics is not open to a compromised sensor.
import { TokenBucket } from '../pipeline/rate-limit.ts';

export const SHARES_KEPT = 10_000;
/** A sensor seen again within this long is not moved to the back of the eviction order. */
const TOUCH_MS = 1000;

interface Share {
  rate: number;
  bucket: TokenBucket;
  touched: number;
}

export class SensorShares {
  private shares = new Map<string, Share>();

  constructor(private readonly capacity = SHARES_KEPT) {}

  /** Takes one record from this sensor's share of `feedRate`; false when the share is spent. */
  allows(sensor: string, feedRate: number, now: number): boolean {
    const rate = Math.max(1, feedRate / 2);
    let s = this.shares.get(sensor);
    if (s === undefined || s.rate !== rate) {
      if (s === undefined && this.shares.size >= this.capacity) this.shares.delete(this.shares.keys().next().value!);
      s = { rate, bucket: new TokenBucket(rate, rate, now), touched: now };
      this.shares.delete(sensor);
      this.shares.set(sensor, s);
    } else if (now - s.touched > TOUCH_MS) {
      // Map order is insertion order: moving a sensor to the back keeps the busy ones longest.
      s.touched = now;
      this.shares.delete(sensor);
      this.shares.set(sensor, s);
    }
    return s.bucket.take(now);
  }

  get size(): number {
    return this.shares.size;
  }
}
