// Rows of the situation tables as the drivers return them, and what the picture makes of them.
// Timestamps come back as Date from both PGlite and pg; counts are cast to int in the SQL.
import {
  TRACK_ALERT_MS,
  type Mode,
  type RiskLevel,
  type SituationTrack,
  type SituationZone,
  type TrackKind,
} from '@portwatch/schema';
import type { Db } from './db.ts';

/** Whose picture: one site, one mode. (An exercise's own picture would narrow this further.) */
export interface SituationScope {
  siteId: string;
  mode: Mode;
}

export interface FixRow {
  indicator_id: string;
  track_id: string;
  kind: TrackKind;
  /** Epoch ms where the query returned it so (the changes' JSON page). */
  time: Date | string | number;
  lat: number | null;
  lon: number | null;
  course: number | null;
  speed: number | null;
  label: string;
  alert: string | null;
}

export interface ZoneRow {
  zone_id: string;
  at: Date | string;
  risk: number;
  physical: number;
  cyber: number;
  level: RiskLevel;
}

export interface AlertMark {
  alert: string;
  alertAt: string;
}

export const FIX_COLUMNS = 'indicator_id, track_id, kind, time, lat, lon, course, speed, label, alert';
export const ZONE_COLUMNS = 'zone_id, at, risk, physical, cyber, level';

export function iso(t: Date | string | number): string {
  return new Date(t).toISOString();
}

export function trackOf(row: FixRow, mark: AlertMark | undefined): SituationTrack {
  const track: SituationTrack = {
    id: row.track_id,
    kind: row.kind,
    label: row.label,
    lat: Number(row.lat),
    lon: Number(row.lon),
    time: iso(row.time),
  };
  if (row.course !== null) track.course = Number(row.course);
  if (row.speed !== null) track.speed = Number(row.speed);
  if (mark) {
    track.alert = mark.alert;
    track.alertAt = mark.alertAt;
  }
  return track;
}

export function zoneOf(row: ZoneRow): SituationZone {
  return {
    zoneId: row.zone_id,
    risk: Number(row.risk),
    physical: Number(row.physical),
    cyber: Number(row.cyber),
    level: row.level,
  };
}

/** A zone that never changed state: nothing at risk. */
export function quietZone(zoneId: string): SituationZone {
  return { zoneId, risk: 0, physical: 0, cyber: 0, level: 'low' };
}

/** Each vessel's latest anomaly at `at`, while it is recent enough to be shown. */
export async function alertsAt(db: Db, scope: SituationScope, at: Date): Promise<Map<string, AlertMark>> {
  const rows = await db.query<{ track_id: string; time: Date | string; alert: string }>(
    `SELECT DISTINCT ON (track_id) track_id, time, alert FROM track_fixes
     WHERE mode = $1 AND site_id = $2 AND alert IS NOT NULL AND time <= $3::timestamptz AND time >= $4::timestamptz
     ORDER BY track_id, time DESC`,
    [scope.mode, scope.siteId, at.toISOString(), new Date(at.getTime() - TRACK_ALERT_MS).toISOString()],
  );
  return new Map(rows.map((r) => [r.track_id, { alert: r.alert, alertAt: iso(r.time) }]));
}
