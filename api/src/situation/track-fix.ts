// What the situation keeps of an indicator about something that moves: a vessel's AIS
// position, a drone's Remote ID position, or an AIS anomaly about a vessel (marked on its
// track for a while). Speed and course come from the decoded record the indicator carries
// (`raw`: the AIS report's sog/cog, the F3411 speed_horizontal/track_direction).
import { VESSEL_ALERTS, type Indicator, type Mode, type TrackKind } from '@portwatch/schema';

export interface TrackFix {
  indicatorId: string;
  siteId: string;
  mode: Mode;
  /** MMSI or UAS id. */
  trackId: string;
  kind: TrackKind;
  time: string;
  /** Null only for an anomaly that says no position. */
  lat: number | null;
  lon: number | null;
  course: number | null;
  speed: number | null;
  label: string;
  /** Set on an anomaly row (its title); null on a position. */
  alert: string | null;
}

function observed(ind: Indicator, type: string): string | undefined {
  return ind.observables.find((o) => o.type === type)?.value;
}

function rawNumber(raw: unknown, key: string, min: number, max: number): number | null {
  if (!raw || typeof raw !== 'object') return null;
  const v = (raw as Record<string, unknown>)[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : null;
}

/** "MAERSK KOWLOON (MMSI 219000001): under way…" → "MAERSK KOWLOON"; the raw name first. */
function vesselName(ind: Indicator, mmsi: string): string {
  const raw = ind.raw as Record<string, unknown> | undefined;
  if (raw && typeof raw.name === 'string' && raw.name.trim()) return raw.name.trim();
  const named = /^(.+) \(MMSI \d+\):/.exec(ind.title);
  return named ? named[1] : mmsi;
}

/** The fix an indicator gives, or null when it is not about a track. */
export function trackFixOf(ind: Indicator): TrackFix | null {
  const base = { indicatorId: ind.id, siteId: ind.siteId, mode: ind.mode, time: ind.time };
  if (ind.type === 'ais.position') {
    const mmsi = observed(ind, 'mmsi');
    if (!mmsi || !ind.location) return null;
    return {
      ...base,
      trackId: mmsi,
      kind: 'vessel',
      lat: ind.location.lat,
      lon: ind.location.lon,
      // ITU-R M.1371: 102.2 kn is "102.2 or more"; 360° and up is "not available".
      speed: rawNumber(ind.raw, 'sog', 0, 102.2),
      course: rawNumber(ind.raw, 'cog', 0, 359.9),
      label: vesselName(ind, mmsi),
      alert: null,
    };
  }
  if (ind.type === 'drone.detected') {
    const uas = observed(ind, 'uas_id');
    if (!uas || !ind.location) return null;
    return {
      ...base,
      trackId: uas,
      kind: 'drone',
      lat: ind.location.lat,
      lon: ind.location.lon,
      // ASTM F3411: 255 m/s and a direction of 361° mean unknown.
      speed: rawNumber(ind.raw, 'speed_horizontal', 0, 254.75),
      course: rawNumber(ind.raw, 'track_direction', 0, 359.99),
      label: uas,
      alert: null,
    };
  }
  if (VESSEL_ALERTS.has(ind.type)) {
    const mmsi = observed(ind, 'mmsi');
    if (!mmsi) return null;
    return {
      ...base,
      trackId: mmsi,
      kind: 'vessel',
      lat: ind.location?.lat ?? null,
      lon: ind.location?.lon ?? null,
      speed: null,
      course: null,
      label: mmsi,
      alert: ind.title,
    };
  }
  return null;
}
