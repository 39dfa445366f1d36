// Rows of the situation tables as the drivers return them, and what the picture makes of them.
// Timestamps come back as Date from both PGlite and pg; counts are cast to int in the SQL.
import type { SituationTrack, SituationZone, TrackKind, RiskLevel } from '@portwatch/schema';

export interface FixRow {
  indicator_id: string;
  track_id: string;
  kind: TrackKind;
  time: Date | string;
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

export function iso(t: Date | string): string {
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
