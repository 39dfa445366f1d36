// The situation picture as playback moves its cursor forward: a picture at one moment plus the
// changes after it, in time order, give the picture at any later moment — the same one the
// server answers for that moment (GET /api/situation?at=). Pure and dependency-free: the
// server's replay benchmark and the browser's replay bar run this same code.
import {
  TRACK_ALERT_MS,
  TRACK_WINDOW_MS,
  type Situation,
  type SituationChange,
  type SituationTrack,
  type SituationZone,
} from '../situation.ts';
import type { Incident } from '../incident.ts';
import type { Mode } from '../indicator.ts';

export interface SituationPicture {
  /** Epoch ms of the last change applied (or of the snapshot it started from). */
  at: number;
  mode: Mode;
  zones: ReadonlyMap<string, SituationZone>;
  /** Open incidents only: a change to resolved or closed takes one off. */
  incidents: ReadonlyMap<string, Incident>;
  /** By `<kind>:<id>`; may hold tracks whose window has passed until the next prune. */
  tracks: ReadonlyMap<string, SituationTrack>;
}

const DONE = new Set(['resolved', 'closed']);

export function situationTrackKey(track: Pick<SituationTrack, 'kind' | 'id'>): string {
  return `${track.kind}:${track.id}`;
}

/** A picture to play forward from, made from a snapshot. */
export function pictureOf(situation: Situation): SituationPicture {
  return {
    at: Date.parse(situation.at),
    mode: situation.mode,
    zones: new Map(situation.zones.map((z) => [z.zoneId, z])),
    incidents: new Map(situation.incidents.map((i) => [i.id, i])),
    tracks: new Map(situation.tracks.map((t) => [situationTrackKey(t), t])),
  };
}

/**
 * The picture after `changes` (in time order). The given picture is left as it was: the maps
 * are copied once per call, not once per change, so a day of changes applied in batches costs
 * what the changes cost.
 */
export function applyChanges(picture: SituationPicture, changes: readonly SituationChange[]): SituationPicture {
  const zones = new Map(picture.zones);
  const incidents = new Map(picture.incidents);
  const tracks = new Map(picture.tracks);
  let at = picture.at;
  for (const change of changes) {
    const t = Date.parse(change.t);
    if (t > at) at = t;
    switch (change.kind) {
      case 'track': {
        const key = situationTrackKey(change.track);
        const held = tracks.get(key);
        // A fix reported late never moves a track back to where it was before.
        if (!held || held.time <= change.track.time) tracks.set(key, change.track);
        break;
      }
      case 'zone':
        zones.set(change.zone.zoneId, change.zone);
        break;
      case 'incident':
        if (DONE.has(change.incident.status)) incidents.delete(change.incident.id);
        else incidents.set(change.incident.id, change.incident);
        break;
    }
  }
  // Tracks past the longest window can never show again without a new fix.
  const longest = Math.max(TRACK_WINDOW_MS.vessel, TRACK_WINDOW_MS.drone);
  for (const [key, track] of tracks) if (at - Date.parse(track.time) > longest) tracks.delete(key);
  return { at, mode: picture.mode, zones, incidents, tracks };
}

/** One change: `applyChanges` with a single change (copies the picture; batch when playing fast). */
export function applyChange(picture: SituationPicture, change: SituationChange): SituationPicture {
  return applyChanges(picture, [change]);
}

/** What the picture shows at `atMs` (default: its last change): tracks within their window, alerts while recent. */
export function situationOf(picture: SituationPicture, atMs = picture.at): Situation {
  const tracks: SituationTrack[] = [];
  for (const track of picture.tracks.values()) {
    const age = atMs - Date.parse(track.time);
    if (age < 0 || age > TRACK_WINDOW_MS[track.kind]) continue;
    if (track.alertAt !== undefined && atMs - Date.parse(track.alertAt) > TRACK_ALERT_MS) {
      const { alert: _alert, alertAt: _alertAt, ...quiet } = track;
      tracks.push(quiet);
    } else tracks.push(track);
  }
  return {
    at: new Date(atMs).toISOString(),
    mode: picture.mode,
    zones: [...picture.zones.values()],
    incidents: [...picture.incidents.values()],
    tracks,
  };
}
