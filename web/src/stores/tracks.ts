// Moving things on the plan: vessels from AIS position reports and drones from Remote ID,
// each with a short tail of where it has been. Fed by the live picture's fixes (the server
// sends each track's latest position per batch) and by the last half hour's indicators on
// reload, applied once a second: the map need not move faster than an operator reads it.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Indicator, Mode } from '@portwatch/schema';
// The protocol's own entry point: the schema's index would bring the JSON-schema validators into the bundle.
import {
  TRACK_TYPES,
  trackAlertOf,
  trackFixOf,
  trackKey,
  trackLabel,
  type LiveTrack,
  type TrackAlertFix,
} from '@portwatch/schema/live';
import { api } from '../services/api.ts';

export type TrackKind = 'vessel' | 'drone';

export interface TrackPoint {
  lat: number;
  lon: number;
  /** Epoch ms of the report. */
  t: number;
}

export interface TrackAlert {
  type: string;
  title: string;
  /** Epoch ms. */
  at: number;
}

export interface Track {
  /** `<mode>:<kind>:<MMSI or UAS id>` */
  key: string;
  kind: TrackKind;
  /** MMSI or UAS id. */
  id: string;
  mode: Mode;
  /** What the operator reads: the vessel's name and MMSI, or the drone's id. */
  label: string;
  /** The latest report's title after the label (status, speed, course). */
  detail: string;
  /** The latest reported speed as the sensor gives it ("13.9 kn", "4.2 m/s"), if it gave one. */
  speed: string | null;
  /** The latest reported course over ground, degrees, if given. */
  course: number | null;
  /** Oldest first; the last point is where it is now. */
  points: TrackPoint[];
  /** Epoch ms of the latest position. */
  lastSeen: number;
  /** The latest AIS anomaly about this vessel, while it is recent. */
  alert: TrackAlert | null;
}

export const TRACK_FLUSH_MS = 1000;
/** How far back a tail reaches. */
export const TAIL_MS = 30 * 60_000;
export const MAX_TAIL_POINTS = 40;
/** A track not heard from for this long leaves the map. */
export const FORGET_MS = 30 * 60_000;
/** A track not heard from for this long is drawn as stale. */
export const STALE_MS = 5 * 60_000;
/** An anomaly stays marked on its vessel this long. */
export const ALERT_MS = 15 * 60_000;

/** What the map asks the server for when it opens: positions, and anomalies about vessels. */
export { TRACK_TYPES };

export const useTracksStore = defineStore('tracks', () => {
  const tracks = shallowRef<Track[]>([]);
  const error = ref<string | null>(null);

  // Working state between flushes; `tracks` is a new array each flush, so watchers redraw once.
  const byKey = new Map<string, Track>();
  /** Anomalies that arrived before any position of their vessel. */
  const earlyAlerts = new Map<string, TrackAlert>();
  /** Tracks changed since the last flush; the others keep their published object. */
  const changed = new Set<string>();
  let published = new Map<string, Track>();
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** A fix as the live picture sends it: the track's latest position, label and motion. */
  function applyFix(fix: LiveTrack): void {
    if (fix.mode === 'replay') return; // replays have a view of their own, with a time cursor
    const t = Date.parse(fix.time);
    if (!Number.isFinite(t)) return;
    const key = trackKey(fix.mode, fix.kind, fix.id);
    let track = byKey.get(key);
    if (!track) {
      track = {
        key,
        kind: fix.kind,
        id: fix.id,
        mode: fix.mode,
        label: '',
        detail: '',
        speed: null,
        course: null,
        points: [],
        lastSeen: -Infinity,
        alert: earlyAlerts.get(key) ?? null,
      };
      earlyAlerts.delete(key);
      byKey.set(key, track);
    }
    if (fix.alert && fix.alertType && fix.alertAt)
      applyAlert({ key, type: fix.alertType, title: fix.alert, at: fix.alertAt });
    const point = { lat: fix.lat, lon: fix.lon, t };
    // Reports can arrive out of order (two receivers, a redelivery): the tail stays in time order.
    const points = track.points;
    let at = points.length;
    while (at > 0 && points[at - 1].t > t) at--;
    if (at > 0 && points[at - 1].t === t) return; // the same report again
    points.splice(at, 0, point);
    if (t >= track.lastSeen) {
      track.lastSeen = t;
      track.label = trackLabel(fix);
      track.detail = fix.detail ?? '';
      track.speed = fix.speedText ?? null;
      track.course = fix.course ?? null;
    }
    changed.add(key);
    schedule();
  }

  function applyAlert(fix: TrackAlertFix): void {
    const t = Date.parse(fix.at);
    const alert = { type: fix.type, title: fix.title, at: t };
    const track = byKey.get(fix.key);
    const current = track ? track.alert : earlyAlerts.get(fix.key);
    // The same anomaly comes again with every reload of the indicator list: not a change.
    if (current && (current.at > t || (current.at === t && current.type === alert.type))) return;
    if (track) {
      track.alert = alert;
      changed.add(fix.key);
    } else earlyAlerts.set(fix.key, alert);
    schedule();
  }

  /** An indicator from the REST reload: a position report or an anomaly about a vessel. */
  function receive(ind: Indicator): void {
    const fix = trackFixOf(ind);
    if (fix) return applyFix(fix);
    const alert = trackAlertOf(ind);
    if (alert) applyAlert(alert);
  }

  function schedule(): void {
    dirty = true;
    timer ??= setTimeout(() => flush(), TRACK_FLUSH_MS);
  }

  /** Applies what arrived, drops what is too old; `now` is epoch ms. */
  function flush(now = Date.now()): void {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const [key, track] of byKey) {
      if (now - track.lastSeen > FORGET_MS) {
        byKey.delete(key);
        dirty = true;
        continue;
      }
      const points = track.points;
      let drop = 0;
      while (drop < points.length - 1 && (now - points[drop].t > TAIL_MS || points.length - drop > MAX_TAIL_POINTS))
        drop++;
      if (drop) {
        points.splice(0, drop);
        changed.add(key);
      }
      if (track.alert && now - track.alert.at > ALERT_MS) {
        track.alert = null;
        changed.add(key);
      }
    }
    for (const [key, alert] of earlyAlerts) if (now - alert.at > ALERT_MS) earlyAlerts.delete(key);
    if (!dirty && !changed.size) return;
    dirty = false;
    // A fresh object for each changed track, so one drawn from the previous array never changes
    // under its layer; an unchanged one is the same object (tens of thousands a second otherwise).
    const next = new Map<string, Track>();
    for (const [key, tr] of byKey) {
      const before = published.get(key);
      next.set(key, before && !changed.has(key) ? before : { ...tr, points: tr.points.slice() });
    }
    changed.clear();
    published = next;
    tracks.value = [...next.values()];
  }

  /** The last half hour from the server: a page opened now shows where things have been. */
  async function hydrate(now = Date.now()): Promise<void> {
    try {
      const list = await api.indicators({
        since: new Date(now - TAIL_MS).toISOString(),
        type: TRACK_TYPES.join(','),
        limit: 5000,
      });
      for (const ind of list) receive(ind);
      flush(now);
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  function clear(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    byKey.clear();
    earlyAlerts.clear();
    changed.clear();
    published = new Map();
    tracks.value = [];
    error.value = null;
  }

  return { tracks, error, receive, applyFix, flush, hydrate, clear };
});
