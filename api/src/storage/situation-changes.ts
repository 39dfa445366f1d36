// What playback applies as its cursor moves from one moment to a later one: track fixes,
// zone-state changes and incident changes, in time order. A page never splits one instant,
// so `next` is always a safe `from` for the following page (ranges are (from, to]).
import {
  TRACK_ALERT_MS,
  incidentAt,
  type Incident,
  type TrackKind,
  type SituationChange,
  type SituationChanges,
} from '@portwatch/schema';
import {
  alertsAt,
  FIX_COLUMNS,
  ZONE_COLUMNS,
  iso,
  trackOf,
  zoneOf,
  type AlertMark,
  type FixRow,
  type SituationScope,
  type ZoneRow,
} from './situation-rows.ts';
import type { Db } from './db.ts';

/** One instant can hold more changes than a page: it is then sent whole, up to this many. */
const MAX_ONE_INSTANT = 1_000_000;

interface Timed {
  ms: number;
  /** Order within one instant: zones, then incidents, then tracks (stable, whatever the source). */
  rank: number;
  change?: SituationChange;
  fix?: FixRow & { time: number };
}

/**
 * The fixes of a range in time order, as one JSON text: the embedded driver reads a row at a
 * time and a page is tens of thousands of rows; one text parsed at once is several times faster.
 */
async function fixesAfter(
  db: Db,
  scope: SituationScope,
  from: Date,
  to: Date,
  limit: number,
): Promise<(FixRow & { time: number })[]> {
  const [row] = await db.query<{ rows: string }>(
    `SELECT coalesce(json_agg(json_build_array(indicator_id, track_id, kind, (extract(epoch FROM time) * 1000)::float8,
              lat, lon, course, speed, label, alert) ORDER BY time, indicator_id), '[]')::text AS rows
     FROM (SELECT * FROM track_fixes
           WHERE mode = $1 AND site_id = $2 AND time > $3::timestamptz AND time <= $4::timestamptz
           ORDER BY time, indicator_id LIMIT $5) AS page`,
    [scope.mode, scope.siteId, from.toISOString(), to.toISOString(), limit],
  );
  type Tuple = [
    string,
    string,
    TrackKind,
    number,
    number | null,
    number | null,
    number | null,
    number | null,
    string,
    string | null,
  ];
  return (JSON.parse(row.rows) as Tuple[]).map(
    ([indicator_id, track_id, kind, time, lat, lon, course, speed, label, alert]) => ({
      indicator_id,
      track_id,
      kind,
      time: Math.round(time),
      lat,
      lon,
      course,
      speed,
      label,
      alert,
    }),
  );
}

export async function situationChanges(
  db: Db,
  scope: SituationScope,
  from: Date,
  to: Date,
  limit: number,
): Promise<SituationChanges> {
  const fixes = await fixesAfter(db, scope, from, to, limit + 1);
  // Rows at or after the last one of a source that was cut may be missing: keep what is before.
  let complete = Infinity;
  if (fixes.length > limit) complete = fixes[fixes.length - 1].time;
  // The other sources need not look past where the fixes stop.
  const until = complete === Infinity ? to : new Date(complete);
  const range = [scope.mode, scope.siteId, from.toISOString(), until.toISOString(), limit + 1];
  const [zones, incidents, marks] = await Promise.all([
    db.query<ZoneRow>(
      `SELECT ${ZONE_COLUMNS} FROM zone_state_history
       WHERE mode = $1 AND site_id = $2 AND at > $3::timestamptz AND at <= $4::timestamptz
       ORDER BY at, zone_id LIMIT $5`,
      range,
    ),
    incidentChanges(db, scope, from, until),
    alertsAt(db, scope, from),
  ]);
  if (zones.length > limit) complete = Math.min(complete, Date.parse(iso(zones[zones.length - 1].at)));
  const all: Timed[] = [
    ...zones.map((z) => ({
      ms: Date.parse(iso(z.at)),
      rank: 0,
      change: { t: iso(z.at), kind: 'zone' as const, zone: zoneOf(z) },
    })),
    ...incidents,
    ...fixes.map((f) => ({ ms: f.time, rank: 2, fix: f })),
  ]
    .filter((c) => c.ms < complete)
    .sort((a, b) => a.ms - b.ms || a.rank - b.rank);

  let page = all;
  let cut = complete !== Infinity;
  if (page.length > limit) {
    page = page.slice(0, limit);
    cut = true;
  }
  if (cut) {
    // Never end a page inside an instant: the rest of it would be skipped by from=next.
    const lastMs = page.length ? page[page.length - 1].ms : NaN;
    const next = all[page.length]?.ms ?? complete;
    if (next === lastMs) page = page.filter((c) => c.ms < lastMs);
    if (!page.length) {
      const first = all.length ? all[0].ms : complete;
      return situationChanges(db, scope, from, new Date(first), MAX_ONE_INSTANT);
    }
  }

  const changes = await withTracks(db, scope, page, marks);
  const result: SituationChanges = { from: from.toISOString(), to: to.toISOString(), mode: scope.mode, changes };
  if (cut) result.next = new Date(page[page.length - 1].ms).toISOString();
  return result;
}

/** Each incident as it was at each of its changes within the range (raised, acknowledged…). */
async function incidentChanges(db: Db, scope: SituationScope, from: Date, to: Date): Promise<Timed[]> {
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const rows = await db.query<{ doc: Incident }>(
    `SELECT doc FROM incidents
     WHERE mode = $1 AND site_id = $2 AND first_seen <= $4::timestamptz
       AND (first_seen > $3::timestamptz
            OR EXISTS (SELECT 1 FROM jsonb_array_elements(doc->'history') AS h WHERE h->>'at' > $5 AND h->>'at' <= $6))`,
    [scope.mode, scope.siteId, fromIso, toIso, fromIso, toIso],
  );
  const out: Timed[] = [];
  const lo = from.getTime();
  const hi = to.getTime();
  for (const { doc } of rows) {
    const moments = new Set([Date.parse(doc.firstSeen), ...doc.history.map((h) => Date.parse(h.at))]);
    for (const ms of moments) {
      if (!(ms > lo && ms <= hi)) continue;
      const then = incidentAt(doc, ms);
      if (then) out.push({ ms, rank: 1, change: { t: new Date(ms).toISOString(), kind: 'incident', incident: then } });
    }
  }
  return out;
}

/**
 * Positions become track changes carrying the vessel's recent anomaly; an anomaly becomes a
 * change of its vessel where it was last seen, now marked.
 */
async function withTracks(
  db: Db,
  scope: SituationScope,
  page: Timed[],
  marks: Map<string, AlertMark>,
): Promise<SituationChange[]> {
  // Where each anomaly's vessel was last seen by then: one query for the whole page.
  const anomalies = page.filter((c) => c.fix?.alert).map((c) => c.fix!);
  const lastFix = new Map<string, FixRow>();
  if (anomalies.length) {
    const rows = await db.query<FixRow & { anomaly: string }>(
      `SELECT a.anomaly, f.* FROM jsonb_to_recordset($3::jsonb) AS a(anomaly text, track text, t timestamptz)
       CROSS JOIN LATERAL (
         SELECT ${FIX_COLUMNS} FROM track_fixes
         WHERE mode = $1 AND site_id = $2 AND track_id = a.track AND kind = 'vessel' AND alert IS NULL AND time <= a.t
         ORDER BY time DESC LIMIT 1
       ) AS f`,
      [
        scope.mode,
        scope.siteId,
        JSON.stringify(anomalies.map((f) => ({ anomaly: f.indicator_id, track: f.track_id, t: iso(f.time) }))),
      ],
    );
    for (const r of rows) lastFix.set(r.anomaly, r);
  }
  const out: SituationChange[] = [];
  for (const c of page) {
    if (c.change) {
      out.push(c.change);
      continue;
    }
    const fix = c.fix!;
    const t = iso(fix.time);
    if (fix.alert) {
      const mark = { alert: fix.alert, alertAt: t };
      marks.set(fix.track_id, mark);
      const where = lastFix.get(fix.indicator_id);
      if (where) out.push({ t, kind: 'track', track: trackOf(where, mark) });
      continue;
    }
    const mark = fix.kind === 'vessel' ? marks.get(fix.track_id) : undefined;
    const recent = mark && c.ms - Date.parse(mark.alertAt) <= TRACK_ALERT_MS ? mark : undefined;
    out.push({ t, kind: 'track', track: trackOf(fix, recent) });
  }
  return out;
}
