// A fleet of N vessels for the browser tests and the map benchmark (bench/src/suites/map.bench.ts):
// each sails a slow circle around its own spot of the port approach and reports a class A
// position (AIS type 1, encoded by the simulators' NMEA encoder) over MQTT, as an AIS receiver
// on the site's feed would.
import type { MqttClient } from 'mqtt';
import { encodeAisPosition } from '../../simulators/src/encoders/nmea.ts';

export interface FleetArea {
  center: { lat: number; lon: number };
  /** Half the side of the square the vessels are spread over, degrees. */
  spreadDeg: number;
}

/** Once round its circle in this time; vessels start at different points of it. */
const LAP_MS = 12 * 60_000;
const RADIUS_DEG = 0.002;
/** MMSIs 244 000 000 + i: the Netherlands' MID, an ordinary class A range. */
export const FLEET_MMSI_BASE = 244_000_000;

export class Fleet {
  private side: number;

  constructor(
    readonly count: number,
    private area: FleetArea,
    private receiver: string,
    private topic: string,
  ) {
    this.side = Math.ceil(Math.sqrt(count));
  }

  mmsi(i: number): number {
    return FLEET_MMSI_BASE + i;
  }

  /** Where vessel i is at epoch ms t, with its speed and course. */
  at(i: number, t: number): { lat: number; lon: number; sog: number; cog: number } {
    const { center, spreadDeg } = this.area;
    const row = Math.floor(i / this.side);
    const col = i % this.side;
    const homeLat = center.lat - spreadDeg + (2 * spreadDeg * (row + 0.5)) / this.side;
    const homeLon = center.lon - spreadDeg + (2 * spreadDeg * (col + 0.5)) / this.side;
    const angle = 2 * Math.PI * ((t / LAP_MS + i / 97) % 1);
    const lat = homeLat + RADIUS_DEG * Math.sin(angle);
    const lon = homeLon + RADIUS_DEG * Math.cos(angle);
    // Anticlockwise on the circle: the course is the tangent; speed is the lap over its length.
    const cog = (((90 - (angle * 180) / Math.PI + 270) % 360) + 360) % 360;
    const sog = (2 * Math.PI * RADIUS_DEG * 60) / (LAP_MS / 3_600_000);
    return { lat, lon, sog: Math.round(sog * 10) / 10, cog: Math.round(cog * 10) / 10 };
  }

  /** Vessel i's position report at t: one NMEA sentence with the receiver's tag block. */
  sentence(i: number, t: number): string {
    const p = this.at(i, t);
    return encodeAisPosition(
      {
        mmsi: this.mmsi(i),
        lat: p.lat,
        lon: p.lon,
        sog: p.sog,
        cog: p.cog,
        heading: Math.round(p.cog) % 360,
        navStatus: 0,
        second: new Date(t).getUTCSeconds(),
      },
      { tagBlock: { source: this.receiver, unixTime: Math.floor(t / 1000) } },
    )[0];
  }

  /**
   * One report from each of vessels [from, to), spread evenly over `overMs` (a receiver hears
   * them as they come, not in one burst). Resolves when the last is handed to the broker.
   */
  async publishRound(
    client: MqttClient,
    overMs: number,
    from = 0,
    to = this.count,
    onSent?: (i: number, reportMs: number, wallMs: number) => void,
    keepGoing: () => boolean = () => true,
  ): Promise<void> {
    const n = to - from;
    const start = Date.now();
    const SLICE_MS = 50;
    for (let sent = 0; sent < n && keepGoing();) {
      const due = Math.min(n, Math.ceil(((Date.now() - start + SLICE_MS) / overMs) * n));
      const batch: Promise<unknown>[] = [];
      for (; sent < due; sent++) {
        const now = Date.now();
        batch.push(client.publishAsync(this.topic, this.sentence(from + sent, now)));
        onSent?.(from + sent, now, now);
      }
      await Promise.all(batch);
      const wait = start + (sent / n) * overMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, SLICE_MS)));
    }
  }
}
