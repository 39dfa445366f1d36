// Records per sensor (MQTT topic) of one feed, bounded: an attacker who invents a new sensor
// id for every record must not grow memory with each. The table keeps SENSORS_KEPT sensors by
// name; a sensor not in a full table takes the place of the least busy one, whose counts move
// to "other sensors". So the sensors that send the most stay named (the one flooding is the one
// an operator looks for), invented ids churn through the last place, and the named sensors
// plus "other sensors" always add up to every record counted.
import type { OtherSensors, SensorCount } from '@portwatch/schema';

export const SENSORS_KEPT = 50;

interface Entry {
  received: number;
  shed: number;
  lastSeenMs: number;
}

export class SensorCounts {
  private table = new Map<string, Entry>();
  private readonly other: OtherSensors = { sensors: 0, received: 0, shed: 0 };

  constructor(private readonly capacity = SENSORS_KEPT) {}

  received(sensor: string, now: number): void {
    const e = this.entry(sensor, now);
    e.received++;
    e.lastSeenMs = now;
  }

  /** A record of this sensor (already counted as received) was shed before decoding. */
  shed(sensor: string, now: number): void {
    this.entry(sensor, now).shed++;
  }

  /** The named sensors, busiest first, and what the others add up to. */
  snapshot(): { sensors: SensorCount[]; otherSensors: OtherSensors } {
    const sensors = [...this.table].map(([sensor, e]) => ({
      sensor,
      received: e.received,
      shed: e.shed,
      lastSeen: new Date(e.lastSeenMs).toISOString(),
    }));
    sensors.sort((a, b) => b.received - a.received || a.sensor.localeCompare(b.sensor));
    return { sensors, otherSensors: { ...this.other } };
  }

  private entry(sensor: string, now: number): Entry {
    let e = this.table.get(sensor);
    if (e === undefined) {
      if (this.table.size >= this.capacity) this.foldLeastBusy();
      e = { received: 0, shed: 0, lastSeenMs: now };
      this.table.set(sensor, e);
    }
    return e;
  }

  /** Moves the sensor with the fewest records (the longest quiet among equals) into "other". */
  private foldLeastBusy(): void {
    let least: string | null = null;
    let min: Entry | null = null;
    for (const [sensor, e] of this.table)
      if (min === null || e.received < min.received || (e.received === min.received && e.lastSeenMs < min.lastSeenMs)) {
        least = sensor;
        min = e;
      }
    if (least === null || min === null) return;
    this.table.delete(least);
    this.other.sensors++;
    this.other.received += min.received;
    this.other.shed += min.shed;
  }
}
