// The situation over time, from the store: what the writer keeps of each zone-state change
// and of each position, and the picture at any moment (zones, open incidents, tracks).
// The changes between two moments (playback) are in situation-changes.ts.
import {
  TRACK_WINDOW_MS,
  openIncidentAt,
  type Incident,
  type IndicatorDensity,
  type Indicator,
  type Situation,
  type SituationChanges,
  type ZoneState,
} from '@portwatch/schema';
import type { Db } from './db.ts';
import { trackFixOf, type TrackFix } from '../situation/track-fix.ts';
import {
  alertsAt,
  FIX_COLUMNS,
  ZONE_COLUMNS,
  quietZone,
  trackOf,
  zoneOf,
  type FixRow,
  type SituationScope,
  type ZoneRow,
} from './situation-rows.ts';

export type { SituationScope } from './situation-rows.ts';
import { situationChanges } from './situation-changes.ts';

const OPEN = ['new', 'acknowledged', 'in_progress'];

export class SituationStore {
  constructor(readonly db: Db) {}

  /** Keeps the fixes among these indicators; a redelivered indicator changes nothing. */
  async recordIndicators(list: readonly Indicator[]): Promise<number> {
    const fixes: TrackFix[] = [];
    for (const ind of list) {
      const fix = trackFixOf(ind);
      if (fix) fixes.push(fix);
    }
    return this.insertTrackFixes(fixes);
  }

  async insertTrackFixes(fixes: readonly TrackFix[]): Promise<number> {
    if (!fixes.length) return 0;
    const rows = await this.db.query(
      `INSERT INTO track_fixes (indicator_id, site_id, mode, track_id, kind, time, lat, lon, course, speed, label, alert)
       SELECT x->>'indicatorId', x->>'siteId', x->>'mode', x->>'trackId', x->>'kind', (x->>'time')::timestamptz,
              (x->>'lat')::float8, (x->>'lon')::float8, (x->>'course')::float8, (x->>'speed')::float8, x->>'label', x->>'alert'
       FROM jsonb_array_elements($1::jsonb) AS x
       ON CONFLICT (indicator_id, time) DO NOTHING RETURNING indicator_id`,
      [JSON.stringify(fixes)],
    );
    return rows.length;
  }

  /** A history row per zone-state change (the same state again is one row). */
  async recordZoneStates(list: readonly ZoneState[]): Promise<void> {
    if (!list.length) return;
    await this.db.query(
      `INSERT INTO zone_state_history (site_id, mode, zone_id, at, risk, physical, cyber, level)
       SELECT x->>'siteId', x->>'mode', x->>'zoneId', (x->>'updatedAt')::timestamptz, (x->>'risk')::float8,
              (x->>'physical')::float8, (x->>'cyber')::float8, x->>'level'
       FROM jsonb_array_elements($1::jsonb) AS x
       ON CONFLICT (mode, site_id, zone_id, at) DO NOTHING`,
      [JSON.stringify(list)],
    );
  }

  /** The picture at `at`: every zone in `zoneIds` (its last state by then), open incidents, tracks. */
  async situationAt(scope: SituationScope, at: Date, zoneIds: readonly string[]): Promise<Situation> {
    const [zones, incidents, tracks] = await Promise.all([
      this.zonesAt(scope, at, zoneIds),
      this.incidentsAt(scope, at),
      this.tracksAt(scope, at),
    ]);
    return { at: at.toISOString(), mode: scope.mode, zones, incidents, tracks };
  }

  private async zonesAt(scope: SituationScope, at: Date, zoneIds: readonly string[]) {
    // One index probe per zone: the history grows all day, the zones do not.
    const rows = await this.db.query<ZoneRow>(
      `SELECT h.*
       FROM unnest($3::text[]) AS z(zone_id)
       CROSS JOIN LATERAL (
         SELECT ${ZONE_COLUMNS} FROM zone_state_history
         WHERE mode = $1 AND site_id = $2 AND zone_id = z.zone_id AND at <= $4::timestamptz
         ORDER BY at DESC LIMIT 1
       ) AS h`,
      [scope.mode, scope.siteId, zoneIds, at.toISOString()],
    );
    const found = new Map(rows.map((r) => [r.zone_id, zoneOf(r)]));
    return zoneIds.map((id) => found.get(id) ?? quietZone(id));
  }

  private async incidentsAt(scope: SituationScope, at: Date): Promise<Incident[]> {
    const atIso = at.toISOString();
    // Open now, or changed after the cursor (so perhaps open then); the history decides.
    const rows = await this.db.query<{ doc: Incident }>(
      `SELECT doc FROM incidents
       WHERE mode = $1 AND site_id = $2 AND first_seen <= $3::timestamptz
         AND (status = ANY($4::text[])
              OR EXISTS (SELECT 1 FROM jsonb_array_elements(doc->'history') AS h WHERE h->>'at' > $5))
       ORDER BY first_seen`,
      [scope.mode, scope.siteId, atIso, OPEN, atIso],
    );
    const out: Incident[] = [];
    for (const r of rows) {
      const then = openIncidentAt(r.doc, at.getTime());
      if (then) out.push(then);
    }
    return out;
  }

  private async tracksAt(scope: SituationScope, at: Date) {
    const t = at.getTime();
    const [fixes, marks] = await Promise.all([
      this.db.query<FixRow>(
        `SELECT DISTINCT ON (kind, track_id) ${FIX_COLUMNS} FROM track_fixes
         WHERE mode = $1 AND site_id = $2 AND alert IS NULL AND time <= $3::timestamptz AND time >= $4::timestamptz
           AND (kind <> 'drone' OR time >= $5::timestamptz)
         ORDER BY kind, track_id, time DESC`,
        [
          scope.mode,
          scope.siteId,
          at.toISOString(),
          new Date(t - TRACK_WINDOW_MS.vessel).toISOString(),
          new Date(t - TRACK_WINDOW_MS.drone).toISOString(),
        ],
      ),
      alertsAt(this.db, scope, at),
    ]);
    return fixes.map((r) => trackOf(r, r.kind === 'vessel' ? marks.get(r.track_id) : undefined));
  }

  /** Changes after `from` up to `to`, in time order, at most about `limit` (`next` when cut). */
  changes(scope: SituationScope, from: Date, to: Date, limit: number): Promise<SituationChanges> {
    return situationChanges(this.db, scope, from, to, limit);
  }

  /** Indicators per slice of [from, to) by domain: the density drawn along the time bar. */
  async density(scope: SituationScope, from: Date, to: Date, buckets: number): Promise<IndicatorDensity> {
    const bucketMs = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / buckets));
    const rows = await this.db.query<{ b: number; domain: string; n: number }>(
      `SELECT floor(extract(epoch FROM (time - $3::timestamptz)) * 1000 / $5)::int AS b, domain, count(*)::int AS n
       FROM indicators WHERE mode = $1 AND site_id = $2 AND time >= $3::timestamptz AND time < $4::timestamptz
       GROUP BY 1, 2`,
      [scope.mode, scope.siteId, from.toISOString(), to.toISOString(), bucketMs],
    );
    const out = Array.from({ length: buckets }, (_, i) => ({
      t: new Date(from.getTime() + i * bucketMs).toISOString(),
      physical: 0,
      cyber: 0,
    }));
    for (const r of rows) {
      const slot = out[Number(r.b)];
      if (slot) slot[r.domain === 'cyber' ? 'cyber' : 'physical'] += Number(r.n);
    }
    return { from: from.toISOString(), to: to.toISOString(), bucketMs, buckets: out };
  }
}
