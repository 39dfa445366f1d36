// Replay's tracks in the shape the live map draws (stores/tracks.ts), so one layer draws both.
import type { SituationTrack } from '@portwatch/schema';
import { FORGET_MS, MAX_TAIL_POINTS, TAIL_MS, type Track, type TrackPoint } from '../stores/tracks.ts';

function speedText(t: SituationTrack): string | null {
  if (t.speed === undefined) return null;
  return `${t.speed.toFixed(1)} ${t.kind === 'vessel' ? 'kn' : 'm/s'}`;
}

/** The track as the map shows it at `cursor` (epoch ms), or null once it has left the picture. */
export function replayTrack(t: SituationTrack, tail: readonly TrackPoint[], cursor: number): Track | null {
  const lastSeen = Date.parse(t.time);
  if (!(cursor - lastSeen <= FORGET_MS)) return null;
  const points = tail.filter((p) => p.t <= cursor && cursor - p.t <= TAIL_MS).slice(-MAX_TAIL_POINTS);
  if (!points.length || points[points.length - 1].t !== lastSeen) points.push({ lat: t.lat, lon: t.lon, t: lastSeen });
  const speed = speedText(t);
  const motion = [speed, t.course !== undefined ? `course ${t.course.toFixed(1)}°` : null].filter(Boolean);
  return {
    key: `${t.mode ?? 'live'}:${t.kind}:${t.id}`,
    kind: t.kind,
    id: t.id,
    mode: t.mode ?? 'live',
    label:
      t.kind === 'drone' ? `Drone ${t.id}` : t.label && t.label !== t.id ? `${t.label} (MMSI ${t.id})` : `MMSI ${t.id}`,
    detail: motion.length ? motion.join(', ') : 'Position report',
    speed,
    course: t.course ?? null,
    points,
    lastSeen,
    alert: t.alert ? { type: 'replay', title: t.alert, at: lastSeen } : null,
  };
}
