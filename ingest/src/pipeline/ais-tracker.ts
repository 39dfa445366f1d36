// AIS track anomalies from position reports: going dark while under way, impossible
// jumps, and one MMSI in two places at once. Pure and event-time driven (the caller
// passes fix times and the sweep clock), so a replay gives the same anomalies as live.
import type { GeoPoint, Severity } from '@portwatch/schema';
import { expectedReportIntervalMs } from './ais-report-interval.ts';
import { distanceNm } from './distance-nm.ts';

export interface AisFix {
  mmsi: string | number;
  /** Unix ms of the report. */
  time: number;
  lat: number | null;
  lon: number | null;
  /** Knots; null when not available. */
  sog: number | null;
  receiverId?: string | null;
  /** Class B sets report less often; class A is assumed when absent. */
  aisClass?: 'A' | 'B';
  navStatus?: number | null;
  name?: string;
}

export type AisAnomalyType = 'ais.gap' | 'ais.speed_jump' | 'ais.identity_conflict';

export interface AisAnomaly {
  type: AisAnomalyType;
  severity: Severity;
  confidence: number;
  mmsi: string;
  /** ISO-8601 UTC. */
  time: string;
  location: GeoPoint | null;
  title: string;
  details: Record<string, unknown>;
}

export interface AisTrackerOptions {
  /** A gap is this many expected report intervals… (default 10) */
  gapFactor?: number;
  /** …and at least this long (default 2 min). */
  minGapMs?: number;
  /** Only vessels faster than this (knots) can go dark: a moored ship may report rarely (default 0.5). */
  underwaySogKn?: number;
  /** Fastest plausible vessel (default 60 kn). */
  maxSpeedKn?: number;
  /** Position noise tolerated on top of the speed limit (default 0.25 nm). */
  jitterNm?: number;
  /** Two irreconcilable fixes closer in time than this are two transmitters, not a jump (default 60 s). */
  conflictWindowMs?: number;
  /** The second position of a conflicting MMSI is forgotten after this long unheard (default 10 min). */
  ghostTtlMs?: number;
  /** One jump or conflict anomaly per MMSI per this much time (default 10 min). */
  repeatMs?: number;
  /** Tracks unheard this long are forgotten (default 1 h). */
  evictAfterMs?: number;
  /** Hard cap on tracks held, least recently heard evicted first (default 100 000). */
  maxTracks?: number;
}

interface Head {
  time: number;
  point: GeoPoint;
  receiverId: string | null;
}

interface Track {
  mmsi: string;
  name?: string;
  lastTime: number;
  sog: number | null;
  aisClass: 'A' | 'B';
  navStatus: number | null;
  lastPoint: GeoPoint | null;
  /** Live positions: one normally, two while two transmitters share the MMSI. */
  heads: Head[];
  darkReported: boolean;
  lastAlert: Partial<Record<AisAnomalyType, number>>;
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  // Seconds still matter to a reader for short spans ("1.5 nm in 1 min 30 s").
  if (seconds < 600) return seconds % 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds / 60} min`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export class AisTracker {
  private readonly tracks = new Map<string, Track>();
  private readonly o: Required<AisTrackerOptions>;

  constructor(options: AisTrackerOptions = {}) {
    this.o = {
      gapFactor: 10,
      minGapMs: 120_000,
      underwaySogKn: 0.5,
      maxSpeedKn: 60,
      jitterNm: 0.25,
      conflictWindowMs: 60_000,
      ghostTtlMs: 600_000,
      repeatMs: 600_000,
      evictAfterMs: 3_600_000,
      maxTracks: 100_000,
      ...options,
    };
  }

  /** Tracks currently held. */
  get size(): number {
    return this.tracks.size;
  }

  /** Silence longer than this means the vessel went dark. */
  gapThresholdMs(sog: number | null, aisClass: 'A' | 'B' = 'A', navStatus: number | null = null): number {
    return Math.max(this.o.gapFactor * expectedReportIntervalMs(sog, aisClass, navStatus), this.o.minGapMs);
  }

  observe(fix: AisFix): AisAnomaly[] {
    const mmsi = String(fix.mmsi).padStart(9, '0');
    const point = fix.lat === null || fix.lon === null ? null : { lat: fix.lat, lon: fix.lon };
    const track = this.tracks.get(mmsi);
    if (!track) {
      if (this.tracks.size >= this.o.maxTracks) this.tracks.delete(this.tracks.keys().next().value as string);
      this.tracks.set(mmsi, {
        mmsi,
        name: fix.name,
        lastTime: fix.time,
        sog: fix.sog,
        aisClass: fix.aisClass ?? 'A',
        navStatus: fix.navStatus ?? null,
        lastPoint: point,
        heads: point ? [{ time: fix.time, point, receiverId: fix.receiverId ?? null }] : [],
        darkReported: false,
        lastAlert: {},
      });
      return [];
    }
    const anomalies: AisAnomaly[] = [];
    if (fix.time > track.lastTime) {
      const silence = fix.time - track.lastTime;
      if (!track.darkReported && this.underway(track) && silence > this.threshold(track)) {
        anomalies.push(
          this.gap(track, `went dark for ${formatDuration(silence)}`, '', { silenceMs: silence, reappearedAt: point }),
        );
      }
      Object.assign(track, { lastTime: fix.time, sog: fix.sog, darkReported: false, name: fix.name ?? track.name });
      if (fix.aisClass) track.aisClass = fix.aisClass;
      if (fix.navStatus !== undefined) track.navStatus = fix.navStatus;
      if (point) track.lastPoint = point;
    }
    if (point) this.checkPosition(track, { time: fix.time, point, receiverId: fix.receiverId ?? null }, anomalies);
    // Re-insert so Map order is least recently heard first, for the maxTracks eviction.
    this.tracks.delete(mmsi);
    this.tracks.set(mmsi, track);
    return anomalies;
  }

  /** Reports vessels that went dark by `nowMs` (event time) and forgets long-silent tracks. */
  sweep(nowMs: number): AisAnomaly[] {
    const anomalies: AisAnomaly[] = [];
    for (const [mmsi, track] of this.tracks) {
      const silence = nowMs - track.lastTime;
      if (!track.darkReported && this.underway(track) && silence > this.threshold(track)) {
        const interval = expectedReportIntervalMs(track.sog, track.aisClass, track.navStatus);
        const why = `: no report for over ${formatDuration(this.threshold(track))} (expected every ${formatDuration(interval)})`;
        anomalies.push(this.gap(track, 'went dark', why, { silenceMs: silence }));
        track.darkReported = true;
      }
      if (silence > this.o.evictAfterMs) this.tracks.delete(mmsi);
    }
    return anomalies;
  }

  private underway(track: Track): boolean {
    return track.sog !== null && track.sog > this.o.underwaySogKn;
  }

  private threshold(track: Track): number {
    return this.gapThresholdMs(track.sog, track.aisClass, track.navStatus);
  }

  private label(track: Track): string {
    return track.name ? `${track.name} (MMSI ${track.mmsi})` : `MMSI ${track.mmsi}`;
  }

  private gap(track: Track, what: string, why: string, details: Record<string, unknown>): AisAnomaly {
    const threshold = this.threshold(track);
    return {
      type: 'ais.gap',
      severity: 3,
      confidence: 70, // reception gaps happen without intent (range, shadowing, receiver outage)
      mmsi: track.mmsi,
      // When the silence crossed the threshold: the same whichever call noticed it.
      time: new Date(track.lastTime + threshold).toISOString(),
      location: track.lastPoint,
      title: `${this.label(track)} ${what} while under way at ${(track.sog ?? 0).toFixed(1)} kn${why}`,
      details: { lastSeen: new Date(track.lastTime).toISOString(), sog: track.sog, thresholdMs: threshold, ...details },
    };
  }

  private allowedNm(dtMs: number): number {
    return this.o.jitterNm + (this.o.maxSpeedKn * Math.abs(dtMs)) / 3_600_000;
  }

  private checkPosition(track: Track, fix: Head, anomalies: AisAnomaly[]): void {
    const latest = track.heads.reduce<Head | null>((a, h) => (a && a.time >= h.time ? a : h), null);
    // A second position nobody confirms any more was a one-off; drop it.
    const heads = track.heads.filter((h) => h === latest || Math.abs(fix.time - h.time) <= this.o.ghostTtlMs);
    const plausible = heads
      .filter((h) => distanceNm(h.point, fix.point) <= this.allowedNm(fix.time - h.time) + 1e-9)
      .sort((a, b) => b.time - a.time)[0];
    if (plausible || !latest) {
      track.heads = plausible ? heads.map((h) => (h === plausible ? fix : h)) : [fix];
      return;
    }
    const dtMs = Math.abs(fix.time - latest.time);
    const nm = distanceNm(latest.point, fix.point);
    const conflict = dtMs <= this.o.conflictWindowMs;
    const type: AisAnomalyType = conflict ? 'ais.identity_conflict' : 'ais.speed_jump';
    // Conflict: keep both positions so the alternating reports of two transmitters
    // match their own position and do not raise an anomaly each. Jump: the vessel moved.
    track.heads = conflict ? [latest, fix] : [fix];
    const last = track.lastAlert[type];
    if (last !== undefined && Math.abs(fix.time - last) < this.o.repeatMs) return;
    track.lastAlert[type] = fix.time;
    const impliedKn = dtMs > 0 ? (nm * 3_600_000) / dtMs : Infinity;
    const speed = Number.isFinite(impliedKn) ? `${Math.round(impliedKn)} kn` : 'an infinite speed';
    anomalies.push({
      type,
      severity: conflict ? 4 : 3,
      confidence: conflict ? 85 : 75,
      mmsi: track.mmsi,
      time: new Date(fix.time).toISOString(),
      location: fix.point,
      title: conflict
        ? `${this.label(track)} reported ${nm.toFixed(1)} nm apart within ${formatDuration(dtMs)}: two transmitters share the MMSI or one is spoofed`
        : `${this.label(track)} jumped ${nm.toFixed(1)} nm in ${formatDuration(dtMs)} (implied ${speed}, limit ${this.o.maxSpeedKn} kn)`,
      details: {
        from: latest.point,
        fromTime: new Date(latest.time).toISOString(),
        fromReceiver: latest.receiverId,
        to: fix.point,
        toReceiver: fix.receiverId,
        distanceNm: nm,
        dtMs,
        impliedKn: Number.isFinite(impliedKn) ? impliedKn : null,
      },
    });
  }
}
