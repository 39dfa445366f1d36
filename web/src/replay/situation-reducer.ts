// The picture at a cursor from a snapshot and the changes after it: pure, so the same
// snapshot and changes always give the same picture, whichever way the cursor got there.
import type { Incident, Situation, SituationChange, SituationTrack } from '@portwatch/schema';

const CLOSED = new Set<Incident['status']>(['resolved', 'closed']);

export function trackKey(t: Pick<SituationTrack, 'kind' | 'id'>): string {
  return `${t.kind}:${t.id}`;
}

/**
 * The situation moved to `to`: every change with `t` in (situation.at, to] applied in order.
 * Changes must be in time order (the server sends them so); ones at or before the snapshot are
 * already in it and are skipped. A resolved or closed incident leaves the open list.
 */
export function applyChanges(situation: Situation, changes: readonly SituationChange[], to: string): Situation {
  const from = Date.parse(situation.at);
  const until = Date.parse(to);
  let tracks: Map<string, SituationTrack> | null = null;
  let zones: Map<string, Situation['zones'][number]> | null = null;
  let incidents: Map<string, Incident> | null = null;
  for (const c of changes) {
    const t = Date.parse(c.t);
    if (!(t > from)) continue;
    if (t > until) break;
    if (c.kind === 'track') {
      tracks ??= new Map(situation.tracks.map((x) => [trackKey(x), x]));
      tracks.set(trackKey(c.track), c.track);
    } else if (c.kind === 'zone') {
      zones ??= new Map(situation.zones.map((z) => [z.zoneId, z]));
      zones.set(c.zone.zoneId, c.zone);
    } else {
      incidents ??= new Map(situation.incidents.map((i) => [i.id, i]));
      if (CLOSED.has(c.incident.status)) incidents.delete(c.incident.id);
      else incidents.set(c.incident.id, c.incident);
    }
  }
  return {
    ...situation,
    at: new Date(until).toISOString(),
    tracks: tracks ? [...tracks.values()] : situation.tracks,
    zones: zones ? [...zones.values()] : situation.zones,
    incidents: incidents ? [...incidents.values()] : situation.incidents,
  };
}
