// Night maintenance: at 03:00 local a technician badges into each IT zone, the room camera sees
// them, and the zone's hosts fetch updates for half an hour. Routine, announced work that
// detection must sit through without a high-severity incident.
import type { CaptureRecord, FeedConfig, Site } from '@portwatch/schema';
import { encodeOnvifAccess, encodeOnvifVideo } from './encoders/onvif.ts';
import { encodeZeekConn } from './encoders/zeek.ts';
import { Rng } from './rng.ts';
import { SiteTopics } from './topics.ts';

const WINDOW_MS = 30 * 60_000;

export function maintenanceWindow(site: Site, feeds: FeedConfig[], rng: Rng, startMs: number): CaptureRecord[] {
  const topics = new SiteTopics(feeds);
  const out: CaptureRecord[] = [];
  const emit = (feed: string, sensorId: string, ms: number, payload: string) => {
    const e = topics.topic(feed, sensorId);
    if (e) out.push({ t: new Date(ms).toISOString(), via: e.via, topic: e.topic, payload });
  };
  const sensors = site.sensors.features.map((f) => f.properties);
  for (const zone of site.zones.features.filter((z) => z.properties.kind === 'it')) {
    const zoneId = zone.properties.id;
    const reader = sensors.find((s) => s.zoneId === zoneId && s.kind === 'access_reader');
    const camera = sensors.find((s) => s.zoneId === zoneId && s.kind === 'camera');
    const at = startMs + rng.int(0, 5 * 60_000);
    if (reader)
      emit(
        'access-control',
        reader.id,
        at,
        encodeOnvifAccess({
          time: new Date(at),
          accessPoint: reader.id,
          badge: 'BADGE-009001',
          holder: 'Maintenance contractor',
          granted: true,
        }),
      );
    if (camera)
      emit(
        'video-analytics',
        camera.id,
        at + 20_000,
        encodeOnvifVideo({ time: new Date(at + 20_000), camera: camera.id, rule: 'Server room', kind: 'field' }),
      );
    const net = zone.properties.networks[0]?.split('.').slice(0, 3).join('.');
    if (!net) continue;
    for (let k = 0; k < 20; k++) {
      const t = at + rng.int(60_000, WINDOW_MS);
      emit(
        'zeek',
        'zeek-01',
        t,
        encodeZeekConn({
          time: new Date(t),
          uid: `C${Math.floor(rng.next() * 36 ** 8).toString(36)}`,
          origHost: `${net}.${rng.int(10, 60)}`,
          origPort: rng.int(32768, 60999),
          respHost: '13.107.4.50',
          respPort: 443,
          proto: 'tcp',
          service: 'ssl',
          duration: Math.round(rng.next() * 30000) / 100,
          origBytes: rng.int(2000, 20000),
          respBytes: rng.int(5_000_000, 80_000_000),
          connState: 'SF',
        }),
      );
    }
  }
  return out;
}
