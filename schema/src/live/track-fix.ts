// Tracks from indicators: an AIS position report or a Remote ID detection is a fix of a vessel
// or a drone; an AIS anomaly marks the vessel it is about. The server's live picture and the
// web app's reload of the last half hour read indicators the same way, with these functions.
import type { Indicator, Mode } from '../indicator.ts';
import type { TrackKind } from '../situation.ts';
import type { LiveTrack } from './message.ts';

/** AIS anomalies worth marking on the vessel they are about. */
export const VESSEL_ALERTS: ReadonlySet<string> = new Set([
  'ais.gap',
  'ais.speed_jump',
  'ais.identity_conflict',
  'ais.invalid_mmsi',
]);
/** The indicator types tracks are made of. */
export const TRACK_TYPES = ['ais.position', 'drone.detected', ...VESSEL_ALERTS];

/** One key per thing per mode: exercise tracks never merge with live ones. */
export function trackKey(mode: Mode, kind: TrackKind, id: string): string {
  return `${mode}:${kind}:${id}`;
}

/** What the operator reads: "CIUDAD DE VALENCIA (MMSI 224123450)", "MMSI 224123450", "Drone 1581F4…". */
export function trackLabel(t: { kind: TrackKind; id: string; label: string }): string {
  if (t.kind === 'drone') return `Drone ${t.id}`;
  return t.label && t.label !== t.id ? `${t.label} (MMSI ${t.id})` : `MMSI ${t.id}`;
}

function observed(ind: Indicator, type: string): string | undefined {
  return ind.observables.find((o) => o.type === type)?.value;
}

/** "CIUDAD DE VALENCIA (MMSI 224123450): under way…" → "CIUDAD DE VALENCIA"; no name → the id. */
function nameOf(id: string, title: string): string {
  const colon = title.indexOf(': ');
  if (colon <= 0) return id;
  const head = title.slice(0, colon);
  const name = head.replace(/\s*\(MMSI \d+\)$/, '');
  return name === head || !name || name.startsWith('MMSI ') ? id : name;
}

/** The title without the label it starts with: "Under way using engine, 13.9 kn, course 40.4°". */
function detailOf(label: string, title: string): string {
  if (!title.startsWith(label)) return title;
  const rest = title.slice(label.length).replace(/^[:,]?\s*/, '');
  return rest ? rest[0].toUpperCase() + rest.slice(1) : 'Position report';
}

/**
 * A fix from a position report, or null for any other indicator (and for replays: they have a
 * view of their own). Speed and course come from the title as the decoders write it
 * ("13.9 kn, course 40.4°"; ", 4.2 m/s"): live pushes carry no raw record to read them from.
 */
export function trackFixOf(ind: Indicator): LiveTrack | null {
  if (ind.mode === 'replay' || !ind.location || !Number.isFinite(Date.parse(ind.time))) return null;
  let kind: TrackKind;
  let id: string | undefined;
  if (ind.type === 'ais.position') [kind, id] = ['vessel', observed(ind, 'mmsi')];
  else if (ind.type === 'drone.detected') [kind, id] = ['drone', observed(ind, 'uas_id')];
  else return null;
  if (!id) return null;
  const label = kind === 'vessel' ? nameOf(id, ind.title) : id;
  const fix: LiveTrack = {
    id,
    kind,
    label,
    lat: ind.location.lat,
    lon: ind.location.lon,
    time: ind.time,
    mode: ind.mode,
    detail: detailOf(trackLabel({ kind, id, label }), ind.title),
  };
  const speed = /(\d+(?:\.\d+)?) (kn|m\/s)\b/.exec(ind.title);
  const course = /course (\d+(?:\.\d+)?)°/.exec(ind.title);
  if (speed) [fix.speed, fix.speedText] = [Number(speed[1]), `${speed[1]} ${speed[2]}`];
  if (course) fix.course = Number(course[1]);
  return fix;
}

export interface TrackAlertFix {
  key: string;
  type: string;
  title: string;
  at: string;
}

/** The vessel an AIS anomaly is about, or null for any other indicator. */
export function trackAlertOf(ind: Indicator): TrackAlertFix | null {
  if (ind.mode === 'replay' || !VESSEL_ALERTS.has(ind.type) || !Number.isFinite(Date.parse(ind.time))) return null;
  const mmsi = observed(ind, 'mmsi');
  return mmsi ? { key: trackKey(ind.mode, 'vessel', mmsi), type: ind.type, title: ind.title, at: ind.time } : null;
}
