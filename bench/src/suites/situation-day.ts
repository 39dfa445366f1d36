// A stored day for the situation benchmark: 1,000,000 indicators at a busy port — about 2,000
// vessels reporting positions in turn, drones on short flights, badge and IDS background,
// AIS gaps now and then — plus zone-state changes and incidents with operator history.
// Written through the Store's own insert methods, in batches, as the store writer would.
import type { Incident, Indicator, ZoneState } from '@portwatch/schema';
import type { Store } from '@portwatch/api';
import { rng } from './correlation.bench.ts';

export const DAY_SITE = 'bench';
export const DAY_START = Date.parse('2026-01-15T00:00:00Z');
export const DAY_MS = 86_400_000;
export const DAY_ZONES = Array.from({ length: 30 }, (_, i) => `zone-${String(i).padStart(2, '0')}`);
const VESSELS = 2_000;
const DRONES = 40;
const BATCH = 5_000;

/** The k-th of n indicators of the day: times evenly spread, the mix drawn from `rand`. */
function indicatorOf(k: number, n: number, rand: () => number): Indicator {
  const t = DAY_START + Math.floor((k * DAY_MS) / n);
  const time = new Date(t).toISOString();
  const base = {
    id: `day-${k}`,
    time,
    ingestTime: time,
    mode: 'live' as const,
    siteId: DAY_SITE,
    zoneId: DAY_ZONES[k % DAY_ZONES.length],
    severity: 1 as const,
    confidence: 80,
    tags: [] as string[],
  };
  const x = rand();
  if (x < 0.85) {
    // Vessels report in turn: each about every 3.5 minutes, moving along its own lane.
    const v = k % VESSELS;
    const mmsi = String(224_000_000 + v);
    const along = (t - DAY_START) / DAY_MS;
    return {
      ...base,
      domain: 'physical',
      type: 'ais.position',
      title: `VESSEL ${v} (MMSI ${mmsi}): under way using engine, 11.2 kn, course 45.0°`,
      location: { lat: 39.3 + (v % 50) * 0.004 + along * 0.05, lon: -0.4 + Math.floor(v / 50) * 0.004 + along * 0.05 },
      source: { feed: 'ais', format: 'nmea', sensorId: 'AIS-RX-1' },
      observables: [{ type: 'mmsi', value: mmsi }],
      raw: { messageType: 1, mmsi, sog: 11.2, cog: 45, name: `VESSEL ${v}` },
    };
  }
  if (x < 0.86) {
    const d = Math.floor((t - DAY_START) / 600_000) % DRONES;
    const uas = `UAS-${String(d).padStart(4, '0')}`;
    return {
      ...base,
      domain: 'physical',
      type: 'drone.detected',
      severity: 3,
      title: `Drone ${uas} at 80 m (height), 6 m/s`,
      location: { lat: 39.44 + rand() * 0.01, lon: -0.32 + rand() * 0.01 },
      source: { feed: 'remote-id', format: 'remoteid', sensorId: 'RID-RX-1' },
      observables: [{ type: 'uas_id', value: uas }],
      raw: { uas_id: uas, speed_horizontal: 6, track_direction: 120 },
    };
  }
  if (x < 0.8605) {
    const mmsi = String(224_000_000 + Math.floor(rand() * VESSELS));
    return {
      ...base,
      domain: 'physical',
      type: 'ais.gap',
      severity: 3,
      title: `MMSI ${mmsi} went dark for 12 min`,
      location: null,
      source: { feed: 'ais', format: 'nmea', sensorId: null },
      observables: [{ type: 'mmsi', value: mmsi }],
    };
  }
  const cyber = x < 0.93;
  return {
    ...base,
    domain: cyber ? 'cyber' : 'physical',
    type: cyber ? 'ids.alert' : 'access.granted',
    severity: cyber ? 2 : 1,
    title: cyber ? 'ET POLICY routine' : 'Access granted',
    location: null,
    source: { feed: cyber ? 'suricata' : 'access', format: cyber ? 'eve' : 'onvif', sensorId: null },
    observables: cyber
      ? [{ type: 'ip', value: `10.20.${k % 250}.${k % 199}` }]
      : [{ type: 'badge', value: `B${k % 5000}` }],
  };
}

function zoneChange(zoneId: string, t: number, rand: () => number): ZoneState {
  const physical = Math.round(rand() * 50);
  const cyber = Math.round(rand() * 50);
  const risk = Math.min(100, physical + cyber);
  const level = risk >= 80 ? 'severe' : risk >= 60 ? 'high' : risk >= 40 ? 'elevated' : risk >= 20 ? 'guarded' : 'low';
  return {
    siteId: DAY_SITE,
    zoneId,
    mode: 'live',
    risk,
    physical,
    cyber,
    level,
    openIncidents: 0,
    updatedAt: new Date(t).toISOString(),
  };
}

function incident(i: number, t: number): Incident {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: `day-inc-${i}`,
    ruleId: 'bench-rule',
    title: `Bench incident ${i}`,
    severity: 4,
    status: i % 3 === 0 ? 'acknowledged' : 'resolved',
    siteId: DAY_SITE,
    zoneId: DAY_ZONES[i % DAY_ZONES.length],
    affectedZones: [DAY_ZONES[i % DAY_ZONES.length]],
    domains: ['physical', 'cyber'],
    indicatorIds: [`day-${i * 1000}`],
    firstSeen: iso(t),
    lastSeen: iso(t + 60_000),
    mode: 'live',
    history: [
      { at: iso(t + 60_000), by: 'rule:bench-rule', action: 'raised' },
      { at: iso(t + 300_000), by: 'op', action: 'acknowledge', from: 'new', to: 'acknowledged' },
      ...(i % 3 === 0
        ? []
        : [{ at: iso(t + 1_800_000), by: 'op', action: 'resolve', from: 'acknowledged', to: 'resolved', note: 'ok' }]),
    ],
  };
}

/** Writes the day; `progress` is told every 100,000 indicators. Returns the indicators written. */
export async function storeDay(store: Store, n: number, progress: (line: string) => void): Promise<number> {
  const rand = rng(10);
  const started = performance.now();
  for (let k = 0; k < n; k += BATCH) {
    const batch: Indicator[] = [];
    for (let j = k; j < Math.min(n, k + BATCH); j++) batch.push(indicatorOf(j, n, rand));
    await store.insertIndicators(batch);
    await store.situation.recordIndicators(batch);
    if ((k + BATCH) % 100_000 === 0 || k + BATCH >= n) {
      const s = (performance.now() - started) / 1000;
      progress(
        `${Math.min(n, k + BATCH).toLocaleString('en')} / ${n.toLocaleString('en')} indicators stored (${Math.round(Math.min(n, k + BATCH) / s)}/s)`,
      );
    }
  }
  // Each zone changes about every 5 minutes.
  const zones: ZoneState[] = [];
  for (let t = DAY_START; t < DAY_START + DAY_MS; t += 10_000)
    zones.push(zoneChange(DAY_ZONES[Math.floor(rand() * DAY_ZONES.length)], t, rand));
  for (let i = 0; i < zones.length; i += BATCH) {
    await store.upsertZoneStates(zones.slice(i, i + BATCH));
    await store.situation.recordZoneStates(zones.slice(i, i + BATCH));
  }
  // 200 incidents over the day, a third still open at its end.
  for (let i = 0; i < 200; i++)
    await store.saveIncident(incident(i, DAY_START + Math.floor(rand() * (DAY_MS - 3_600_000))));
  progress(`${zones.length.toLocaleString('en')} zone changes and 200 incidents stored`);
  return n;
}
