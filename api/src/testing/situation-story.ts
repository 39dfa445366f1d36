// Test-only: an hour at the port with something to see at every moment — two vessels (one
// named, one that goes dark and is flagged), a drone, a zone whose risk rises and falls, an
// incident raised, acknowledged and resolved — written through the store as the store writer
// does. The unit tests (PGlite) and test/postgres run the same story.
import type { Incident, Indicator, ZoneState } from '@portwatch/schema';
import type { Store } from '../storage/store.ts';

export const STORY_SITE = 'valencia';
export const STORY_ZONES = ['gate-north', 'data-centre', 'cruise-terminal'];
export const storyTime = (hhmmss: string) => `2026-01-15T${hhmmss}.000Z`;

function aisPosition(
  mmsi: string,
  name: string | null,
  at: string,
  lat: number,
  lon: number,
  sog: number,
  cog: number,
): Indicator {
  const label = name ? `${name} (MMSI ${mmsi})` : `MMSI ${mmsi}`;
  return {
    id: `ais:${mmsi}:${at}`,
    time: at,
    ingestTime: at,
    mode: 'live',
    siteId: STORY_SITE,
    zoneId: null,
    zoneReason: 'outside every zone',
    domain: 'physical',
    type: 'ais.position',
    // As ingest/src/decoders/nmea/drafts.ts writes it.
    title: `${label}: under way using engine, ${sog.toFixed(1)} kn, course ${cog.toFixed(1)}°`,
    severity: 1,
    confidence: 80,
    location: { lat, lon },
    source: { feed: 'ais', format: 'nmea', sensorId: 'AIS-RX-1' },
    observables: [{ type: 'mmsi', value: mmsi }],
    correlationKey: `mmsi:${mmsi}`,
    tags: ['ais', 'class_a'],
    raw: {
      messageType: 1,
      mmsi,
      aisClass: 'A',
      sog,
      cog,
      heading: Math.round(cog),
      navStatus: 0,
      ...(name ? { name } : {}),
    },
  };
}

function dronePosition(uas: string, at: string, lat: number, lon: number): Indicator {
  return {
    id: `rid:${uas}:${at}`,
    time: at,
    ingestTime: at,
    mode: 'live',
    siteId: STORY_SITE,
    zoneId: 'cruise-terminal',
    domain: 'physical',
    type: 'drone.detected',
    title: `Drone ${uas} at 118 m (height), 6.25 m/s`,
    severity: 3,
    confidence: 80,
    location: { lat, lon },
    source: { feed: 'remote-id', format: 'remoteid', sensorId: 'RID-RX-QUAY-1' },
    observables: [{ type: 'uas_id', value: uas }],
    correlationKey: uas,
    tags: ['operator:ESP87astrdge12k8'],
    // ASTM F3411 field names, as the receiver publishes them.
    raw: {
      uas_id: uas,
      timestamp: at,
      latitude: lat,
      longitude: lon,
      height: 118,
      speed_horizontal: 6.25,
      track_direction: 271,
    },
  };
}

function aisGap(mmsi: string, at: string): Indicator {
  return {
    id: `gap:${mmsi}:${at}`,
    time: at,
    ingestTime: at,
    mode: 'live',
    siteId: STORY_SITE,
    zoneId: null,
    zoneReason: 'no position',
    domain: 'physical',
    type: 'ais.gap',
    title: `MMSI ${mmsi} went dark: no report for over 2 min (expected every 10 s)`,
    severity: 3,
    confidence: 70,
    location: null,
    source: { feed: 'ais', format: 'nmea', sensorId: null },
    observables: [{ type: 'mmsi', value: mmsi }],
    tags: ['ais', 'anomaly'],
  };
}

function zone(zoneId: string, at: string, physical: number, cyber: number): ZoneState {
  const risk = Math.min(100, physical + cyber);
  const level = risk >= 80 ? 'severe' : risk >= 60 ? 'high' : risk >= 40 ? 'elevated' : risk >= 20 ? 'guarded' : 'low';
  return { siteId: STORY_SITE, zoneId, mode: 'live', risk, physical, cyber, level, openIncidents: 0, updatedAt: at };
}

export const STORY_INCIDENT: Incident = {
  id: 'inc-story-1',
  ruleId: 'hybrid-gate-intrusion',
  title: 'Door forced at the north gate while its access server is attacked',
  severity: 4,
  status: 'resolved',
  siteId: STORY_SITE,
  zoneId: 'gate-north',
  affectedZones: ['gate-north'],
  domains: ['physical', 'cyber'],
  indicatorIds: ['ais:538000001:' + storyTime('09:00:00')],
  firstSeen: storyTime('09:15:00'),
  lastSeen: storyTime('09:16:00'),
  mode: 'live',
  history: [
    { at: storyTime('09:16:00'), by: 'rule:hybrid-gate-intrusion', action: 'raised' },
    { at: storyTime('09:20:00'), by: 'op-anna', action: 'acknowledge', from: 'new', to: 'acknowledged' },
    {
      at: storyTime('09:35:00'),
      by: 'op-anna',
      action: 'resolve',
      from: 'acknowledged',
      to: 'resolved',
      note: 'handled',
    },
  ],
};

/** Everything the story stores; `write` puts it through the store as the store writer would. */
export function situationStory() {
  const indicators: Indicator[] = [];
  // A named ship every 10 s from 09:00 to 09:50, heading north-east.
  for (let s = 0; s <= 3000; s += 10) {
    const at = new Date(Date.parse(storyTime('09:00:00')) + s * 1000).toISOString();
    indicators.push(aisPosition('538000001', 'NORDIC STAR', at, 39.43 + s * 1e-5, -0.3 + s * 1e-5, 12.3, 45));
  }
  // An unnamed one that stops reporting at 09:10 and is flagged dark at 09:13.
  for (let s = 0; s <= 600; s += 10) {
    const at = new Date(Date.parse(storyTime('09:00:00')) + s * 1000).toISOString();
    indicators.push(aisPosition('224000002', null, at, 39.44, -0.32 + s * 1e-5, 8, 90));
  }
  indicators.push(aisGap('224000002', storyTime('09:13:00')));
  // A drone over the cruise terminal from 09:05 to 09:08.
  for (let s = 0; s <= 180; s += 5) {
    const at = new Date(Date.parse(storyTime('09:05:00')) + s * 1000).toISOString();
    indicators.push(dronePosition('1596F3A4B2C8D9E0F1A2', at, 39.445 + s * 1e-6, -0.318));
  }
  const zones = [
    zone('gate-north', storyTime('09:15:00'), 30, 25),
    zone('gate-north', storyTime('09:30:00'), 10, 5),
    zone('data-centre', storyTime('09:02:00'), 0, 45),
  ];
  return {
    indicators,
    zones,
    incidents: [STORY_INCIDENT],
    async write(store: Store): Promise<void> {
      for (let i = 0; i < indicators.length; i += 500) {
        const batch = indicators.slice(i, i + 500);
        await store.insertIndicators(batch);
        await store.situation.recordIndicators(batch);
      }
      await store.upsertZoneStates(zones);
      await store.situation.recordZoneStates(zones);
      for (const inc of [STORY_INCIDENT]) await store.saveIncident(inc);
    },
  };
}
