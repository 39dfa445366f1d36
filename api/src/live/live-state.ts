// The live picture the hub serves, kept in memory: per mode the latest fix of each track,
// the state of each zone, the open incidents (and those closed lately), and per-minute
// indicator counts for the charts. It also notes what changed since the last batch was cut,
// so that a thousand fixes of one vessel between two batches become one update.
import {
  isOlderIncident,
  trackAlertOf,
  trackFixOf,
  trackKey,
  type Incident,
  type Indicator,
  type LiveBatch,
  type LiveCount,
  type LivePicture,
  type LiveTrack,
  type TrackAlertFix,
  type ZoneState,
} from '@portwatch/schema';

export interface LiveStateOptions {
  /** A track not heard from for this long leaves the picture (the map forgets it too). */
  forgetMs?: number;
  /** A closed incident stays this long, so a client that missed the close learns it. */
  closedKeepMs?: number;
  /** How many minutes of counts a snapshot carries. */
  countWindowMin?: number;
  /** How many of the newest indicators a batch carries at most. */
  latestIndicators?: number;
}

const MINUTE = 60_000;
/** Statuses of one incident kept within one batch: new → acknowledged → in progress → resolved → closed. */
const MAX_STATUS_STEPS = 5;
export type LiveChanges = Omit<LiveBatch, 'seq' | 'at'>;

export class LiveState {
  private tracks = new Map<string, LiveTrack>();
  /** Anomalies about a vessel not yet seen: marked on it when its first fix comes. */
  private earlyAlerts = new Map<string, TrackAlertFix>();
  private zones = new Map<string, ZoneState>();
  private incidents = new Map<string, Incident>();
  private counts = new Map<string, LiveCount>();

  /** False while nobody listens: the picture stays current, but no change list grows. */
  recording = false;
  private changedTracks = new Set<string>();
  private changedZones = new Set<string>();
  /** Per incident its versions since the last batch: the latest, and one per status it passed through. */
  private changedIncidents = new Map<string, Incident[]>();
  private newCounts = new Map<string, LiveCount>();
  private latest: Indicator[] = [];
  private readonly opts: Required<LiveStateOptions>;

  constructor(options: LiveStateOptions = {}) {
    this.opts = {
      forgetMs: 30 * MINUTE,
      closedKeepMs: 60 * MINUTE,
      countWindowMin: 60,
      latestIndicators: 20,
      ...options,
    };
  }

  get trackCount(): number {
    return this.tracks.size;
  }

  applyIndicator(ind: Indicator): void {
    if (ind.mode === 'replay') return; // replays have a view of their own, with a time cursor
    if (ind.mode === 'live') this.count(ind);
    if (this.recording) {
      const { raw: _raw, ...light } = ind;
      this.latest.push(light);
      if (this.latest.length > 2 * this.opts.latestIndicators) this.latest.splice(0, this.opts.latestIndicators);
    }
    const fix = trackFixOf(ind);
    if (fix) return this.applyFix(fix);
    const alert = trackAlertOf(ind);
    if (alert) this.applyAlert(alert);
  }

  private applyFix(fix: LiveTrack): void {
    const key = trackKey(fix.mode, fix.kind, fix.id);
    const current = this.tracks.get(key);
    // Only the latest fix is the picture: a late report from a second receiver changes nothing.
    if (current && Date.parse(current.time) >= Date.parse(fix.time)) return;
    const early = this.earlyAlerts.get(key);
    const alert = current?.alertAt ? { title: current.alert, type: current.alertType, at: current.alertAt } : early;
    if (alert) [fix.alert, fix.alertType, fix.alertAt] = [alert.title, alert.type, alert.at];
    if (early) this.earlyAlerts.delete(key);
    this.tracks.set(key, fix);
    if (this.recording) this.changedTracks.add(key);
  }

  private applyAlert(alert: TrackAlertFix): void {
    const track = this.tracks.get(alert.key);
    const currentAt = track ? track.alertAt : this.earlyAlerts.get(alert.key)?.at;
    if (currentAt && Date.parse(currentAt) >= Date.parse(alert.at)) return;
    if (!track) {
      this.earlyAlerts.set(alert.key, alert);
      return;
    }
    this.tracks.set(alert.key, { ...track, alert: alert.title, alertType: alert.type, alertAt: alert.at });
    if (this.recording) this.changedTracks.add(alert.key);
  }

  private count(ind: Indicator): void {
    const t = Date.parse(ind.time);
    if (!Number.isFinite(t)) return;
    const minute = new Date(Math.floor(t / MINUTE) * MINUTE).toISOString();
    const k = `${minute}|${ind.domain}|${ind.type}`;
    const c = this.counts.get(k);
    if (c) c.n++;
    else this.counts.set(k, { minute, domain: ind.domain, type: ind.type, n: 1 });
    if (!this.recording) return;
    const d = this.newCounts.get(k);
    if (d) d.n++;
    else this.newCounts.set(k, { minute, domain: ind.domain, type: ind.type, n: 1 });
  }

  applyZone(z: ZoneState): void {
    if (z.mode === 'replay') return;
    const key = `${z.mode}:${z.zoneId}`;
    const current = this.zones.get(key);
    if (current && Date.parse(current.updatedAt) > Date.parse(z.updatedAt)) return;
    this.zones.set(key, z);
    if (this.recording) this.changedZones.add(key);
  }

  applyIncident(inc: Incident): void {
    if (inc.mode === 'replay') return;
    // Two writers publish after their writes in either order: keep the later write, not the later push.
    if (isOlderIncident(inc, this.incidents.get(inc.id))) return;
    this.incidents.set(inc.id, inc);
    if (!this.recording) return;
    // Each status an operator set is shown, even three within one batch (acknowledge, a step,
    // resolve); other changes of one status (lastSeen, a note) are one update.
    const versions = this.changedIncidents.get(inc.id);
    if (!versions) this.changedIncidents.set(inc.id, [inc]);
    else if (versions.at(-1)!.status === inc.status || versions.length >= MAX_STATUS_STEPS)
      versions[versions.length - 1] = inc;
    else versions.push(inc);
  }

  /** What changed since the last call (null when nothing did), each thing once, at its latest. */
  takeChanges(): LiveChanges | null {
    if (!this.changedTracks.size && !this.changedZones.size && !this.changedIncidents.size && !this.newCounts.size)
      return null;
    const pick = <T>(keys: Set<string>, from: Map<string, T>) =>
      [...keys].map((k) => from.get(k)).filter((v): v is T => v !== undefined);
    const changes: LiveChanges = {
      tracks: pick(this.changedTracks, this.tracks),
      zones: pick(this.changedZones, this.zones),
      incidents: [...this.changedIncidents.values()].flat(),
      counts: [...this.newCounts.values()],
      indicators: this.latest.slice(-this.opts.latestIndicators).reverse(),
    };
    this.discardChanges();
    return changes;
  }

  discardChanges(): void {
    this.changedTracks.clear();
    this.changedZones.clear();
    this.changedIncidents.clear();
    this.newCounts = new Map();
    this.latest = [];
  }

  snapshot(): LivePicture {
    return {
      tracks: [...this.tracks.values()],
      zones: [...this.zones.values()],
      incidents: [...this.incidents.values()],
      counts: [...this.counts.values()],
    };
  }

  /** Forgets what the live view no longer shows; `now` is epoch ms. */
  prune(now: number): void {
    for (const [k, t] of this.tracks) if (now - Date.parse(t.time) > this.opts.forgetMs) this.tracks.delete(k);
    for (const [k, a] of this.earlyAlerts) if (now - Date.parse(a.at) > this.opts.forgetMs) this.earlyAlerts.delete(k);
    for (const [k, i] of this.incidents)
      if (
        (i.status === 'resolved' || i.status === 'closed') &&
        now - Date.parse(i.history.at(-1)?.at ?? i.lastSeen) > this.opts.closedKeepMs
      )
        this.incidents.delete(k);
    const oldest = now - this.opts.countWindowMin * MINUTE;
    for (const [k, c] of this.counts) if (Date.parse(c.minute) < oldest) this.counts.delete(k);
  }
}
