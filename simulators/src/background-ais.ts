// Vessels on the approach: each one's position is a pure function of time along a loop from
// the anchorage through the channel into the basin and back, so any slice of the day can be
// generated on its own and the same time always gives the same report.
import type { CaptureRecord, Site } from '@portwatch/schema';
import { encodeAisPosition } from './encoders/nmea.ts';
import type { SiteTopics } from './topics.ts';

interface Vessel {
  mmsi: number;
  /** Phase offset along the loop, 0–1. */
  phase: number;
  anchored: boolean;
}

const FLEET: Vessel[] = [
  { mmsi: 224123450, phase: 0, anchored: false },
  { mmsi: 636019825, phase: 0.23, anchored: false },
  { mmsi: 538007311, phase: 0.51, anchored: false },
  { mmsi: 255806112, phase: 0.77, anchored: false },
  { mmsi: 229431000, phase: 0.1, anchored: true },
  { mmsi: 352001974, phase: 0.6, anchored: true },
];

const LOOP_MS = 80 * 60_000;
const MOVING_EVERY_MS = 10_000;
const ANCHORED_EVERY_MS = 180_000;

function centroid(site: Site, zoneId: string): [number, number] | null {
  const z = site.zones.features.find((f) => f.properties.id === zoneId);
  if (!z) return null;
  const ring = z.geometry.coordinates[0].slice(0, -1);
  const lon = ring.reduce((a, p) => a + p[0], 0) / ring.length;
  const lat = ring.reduce((a, p) => a + p[1], 0) / ring.length;
  return [lat, lon];
}

export class BackgroundAis {
  private path: [number, number][];

  constructor(
    private site: Site,
    private topics: SiteTopics,
  ) {
    const water = site.zones.features.filter((f) => f.properties.kind === 'water').map((f) => f.properties.id);
    // Outermost water first: the anchorage lies furthest from the land zones' centre.
    const points = water.map((id) => centroid(site, id)!).filter(Boolean);
    points.sort((a, b) => b[1] - a[1]);
    // The two outermost water zones: a straight run between basins would cross the quays.
    this.path = points.slice(0, 2);
  }

  private at(v: Vessel, t: number): { lat: number; lon: number; sog: number; cog: number } {
    const legs = this.path.length - 1;
    if (v.anchored || legs < 1) {
      const [lat, lon] = this.path[0] ?? [this.site.center.lat, this.site.center.lon];
      return { lat: lat + (v.mmsi % 7) * 0.002, lon: lon + (v.mmsi % 5) * 0.002, sog: 0, cog: 0 };
    }
    // Inbound for the first half of the loop, outbound for the second.
    const phase = (t / LOOP_MS + v.phase) % 1;
    const x = phase < 0.5 ? phase * 2 : (1 - phase) * 2;
    const pos = x * legs;
    const i = Math.min(Math.floor(pos), legs - 1);
    const f = pos - i;
    const [la1, lo1] = this.path[i];
    const [la2, lo2] = this.path[i + 1];
    const lat = la1 + (la2 - la1) * f;
    const lon = lo1 + (lo2 - lo1) * f;
    const dNm = Math.hypot((la2 - la1) * 60, (lo2 - lo1) * 60 * Math.cos((lat * Math.PI) / 180));
    const legHours = LOOP_MS / 2 / legs / 3_600_000;
    let cog = (Math.atan2((lo2 - lo1) * Math.cos((lat * Math.PI) / 180), la2 - la1) * 180) / Math.PI;
    if (phase >= 0.5) cog += 180;
    return { lat, lon, sog: Math.round((dNm / legHours) * 10) / 10, cog: (cog + 360) % 360 };
  }

  slice(fromMs: number, toMs: number): CaptureRecord[] {
    const out: CaptureRecord[] = [];
    const receiver =
      this.site.sensors.features.find((s) => s.properties.kind === 'ais_receiver')?.properties.id ?? 'AIS';
    const emission = this.topics.topic('nmea', receiver);
    if (!emission) return out;
    for (const v of FLEET) {
      const every = v.anchored ? ANCHORED_EVERY_MS : MOVING_EVERY_MS;
      const offset = (v.mmsi % 97) * 100;
      for (let t = Math.ceil((fromMs - offset) / every) * every + offset; t < toMs; t += every) {
        if (t < fromMs) continue;
        const p = this.at(v, t);
        const sentences = encodeAisPosition(
          {
            mmsi: v.mmsi,
            lat: p.lat,
            lon: p.lon,
            sog: p.sog,
            cog: p.cog,
            heading: Math.round(p.cog) % 360,
            navStatus: v.anchored ? 1 : 0,
            second: new Date(t).getUTCSeconds(),
          },
          { tagBlock: { source: receiver, unixTime: Math.floor(t / 1000) } },
        );
        for (const s of sentences)
          out.push({ t: new Date(t).toISOString(), via: emission.via, topic: emission.topic, payload: s });
      }
    }
    return out;
  }
}
