// How a vessel or drone looks on the map, decided once per track so that the canvas layer
// only paints. Pure, so the visual meanings are tested without a browser: red for an AIS
// anomaly, faded when not heard from for a while, grey for exercise traffic, an arrowhead
// pointing the way a vessel last moved (a dot while its course is unknown), a diamond for a
// drone. The legend (components/map/RiskLegend.vue) shows the same colours with CSS.
import { STALE_MS, type Track } from '../stores/tracks.ts';

export type TrackShape = 'arrow' | 'dot' | 'diamond';

export interface TrackLook {
  shape: TrackShape;
  /** Degrees clockwise from north, for an arrow; 0 otherwise. */
  heading: number;
  color: string;
  /** 1, or less for a track not heard from for STALE_MS. */
  alpha: number;
  /** Exercise tails are dashed, as exercise zones are. */
  dashed: boolean;
}

export const TRACK_COLORS = {
  vessel: '#66d9e8',
  drone: '#b197fc',
  alert: '#ff6b6b',
  exercise: '#9aa5b1',
} as const;
export const STALE_ALPHA = 0.4;

/** Degrees clockwise from north, from the last two points; null when it has not moved. */
export function headingOf(track: Pick<Track, 'points'>): number | null {
  const p = track.points;
  if (p.length < 2) return null;
  const a = p[p.length - 2];
  const b = p[p.length - 1];
  const dy = b.lat - a.lat;
  const dx = (b.lon - a.lon) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  if (Math.abs(dx) < 1e-7 && Math.abs(dy) < 1e-7) return null;
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

export function trackLook(track: Track, now: number): TrackLook {
  const heading = headingOf(track);
  const shape: TrackShape = track.kind === 'drone' ? 'diamond' : heading === null ? 'dot' : 'arrow';
  // An anomaly outranks exercise grey: an exercise anomaly is still what the drill is about.
  const color = track.alert
    ? TRACK_COLORS.alert
    : track.mode !== 'live'
      ? TRACK_COLORS.exercise
      : TRACK_COLORS[track.kind];
  return {
    shape,
    heading: shape === 'arrow' ? heading! : 0,
    color,
    alpha: now - track.lastSeen > STALE_MS ? STALE_ALPHA : 1,
    dashed: track.mode !== 'live',
  };
}
