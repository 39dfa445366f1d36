// What correlation needs from the store to rebuild its windows after an embedded restart (the
// in-process bus keeps nothing across one): the recent indicators in event-time order, which
// incidents operators resolved and when (so a re-raised incident stays resolved and its rule
// group re-arms as before), and the incidents lately active (so one kept open for longer than
// the window is gone on with, not raised again under a new id).
import type { Incident, Indicator } from '@portwatch/schema';
import type { Db } from './db.ts';

const PAGE = 5000;

/** Indicators with time ≥ since, oldest first, a page at a time (keyset paging: no OFFSET scans). */
export async function* storedIndicatorsSince(db: Db, sinceMs: number): AsyncGenerator<Indicator[]> {
  let after: { time: string; id: string } | null = null;
  for (;;) {
    const rows: { doc: Indicator; t: string; id: string }[] = await db.query(
      after
        ? `SELECT doc, time::text AS t, id FROM indicators WHERE time >= $1::timestamptz AND (time, id) > ($2::timestamptz, $3)
           ORDER BY time, id LIMIT ${PAGE}`
        : `SELECT doc, time::text AS t, id FROM indicators WHERE time >= $1::timestamptz ORDER BY time, id LIMIT ${PAGE}`,
      after ? [new Date(sinceMs).toISOString(), after.time, after.id] : [new Date(sinceMs).toISOString()],
    );
    if (!rows.length) return;
    yield rows.map((r) => r.doc);
    const last = rows[rows.length - 1];
    after = { time: last.t, id: last.id };
    if (rows.length < PAGE) return;
  }
}

/** Incidents resolved by an operator and last seen since then: id and when it was resolved. */
export async function storedResolvesSince(db: Db, sinceMs: number): Promise<{ incidentId: string; atMs: number }[]> {
  const rows = await db.query<{ id: string; at: string | null; last: string }>(
    `SELECT id, (SELECT max(h->>'at') FROM jsonb_array_elements(doc->'history') h WHERE h->>'action' = 'resolve') AS at,
            last_seen::text AS last
     FROM incidents WHERE status IN ('resolved', 'closed') AND last_seen >= $1::timestamptz`,
    [new Date(sinceMs).toISOString()],
  );
  return rows.map((r) => ({ incidentId: r.id, atMs: Date.parse(r.at ?? r.last) }));
}

/** Incidents last seen since then that name their rule group (any status: a resolved one re-arms it). */
export async function storedIncidentsSince(db: Db, sinceMs: number): Promise<Incident[]> {
  const rows = await db.query<{ doc: Incident }>(
    `SELECT doc FROM incidents WHERE last_seen >= $1::timestamptz AND doc->>'groupKey' IS NOT NULL ORDER BY last_seen`,
    [new Date(sinceMs).toISOString()],
  );
  return rows.map((r) => r.doc);
}
