// The situation picture at a moment: what the map, the queue and the charts show. The server
// owns it; live is the picture at "now", replay the same picture at another cursor.
//   GET /api/situation?at=<ISO-8601>&mode=live|exercise      → Situation
//   GET /api/situation/changes?from=&to=&mode=&limit=         → SituationChanges (playback)
//   GET /api/situation/density?from=&to=&buckets=&mode=       → IndicatorDensity (the time bar)
import type { Incident } from './incident.ts';
import type { Mode } from './indicator.ts';
import type { RiskLevel } from './zone-state.ts';

export interface SituationZone {
  zoneId: string;
  /** 0–100 at that moment, with its physical and cyber parts. */
  risk: number;
  physical: number;
  cyber: number;
  level: RiskLevel;
}

export type TrackKind = 'vessel' | 'drone';

export interface SituationTrack {
  /** MMSI for a vessel, UAS id for a drone. */
  id: string;
  kind: TrackKind;
  /** Vessel name (AIS type 5 / 24) or the id when none is known. */
  label: string;
  lat: number;
  lon: number;
  /** When this fix was reported (the track's last fix at or before the cursor). */
  time: string;
  /** Degrees true, when reported. */
  course?: number;
  /** Knots for vessels, m/s for drones, when reported. */
  speed?: number;
  /** An anomaly about this track at that moment (AIS gap, impossible jump, drone in a restricted zone…). */
  alert?: string;
  /** When that anomaly was reported: it stays on the track for TRACK_ALERT_MS. */
  alertAt?: string;
  mode?: Mode;
}

/**
 * How long a track stays on the picture after its last fix, by kind (the web's tail): a
 * vessel reports every 2 s–3 min, a drone's Remote ID every second.
 */
export const TRACK_WINDOW_MS: Record<TrackKind, number> = { vessel: 30 * 60_000, drone: 5 * 60_000 };
/** How long an anomaly (AIS gap, jump, identity conflict…) stays marked on its track. */
export const TRACK_ALERT_MS = 15 * 60_000;

export interface Situation {
  /** The cursor: the moment this picture is of. */
  at: string;
  mode: Mode;
  zones: SituationZone[];
  /** Incidents open at that moment, each with its status then. */
  incidents: Incident[];
  tracks: SituationTrack[];
}

/** One change between two cursors, in time order: what playback applies as the cursor moves. */
export type SituationChange =
  | { t: string; kind: 'track'; track: SituationTrack }
  | { t: string; kind: 'zone'; zone: SituationZone }
  | { t: string; kind: 'incident'; incident: Incident };

export interface SituationChanges {
  from: string;
  to: string;
  mode: Mode;
  changes: SituationChange[];
  /** Set when `limit` cut the range: ask again from this moment. */
  next?: string;
}

/** How many indicators fell in each slice of a range: the density drawn along the time bar. */
export interface IndicatorDensity {
  from: string;
  to: string;
  bucketMs: number;
  buckets: { t: string; physical: number; cyber: number }[];
}
