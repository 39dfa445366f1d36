// The zone_state table: each zone's newest state per mode, what the map shows after a reload.
// (Every change, for the picture at a moment, is the situation store's zone history.)
import type { Mode, ZoneState } from '@portwatch/schema';
import type { Db } from './db.ts';

export class ZoneStateTable {
  constructor(private readonly db: Db) {}

  async upsert(input: ZoneState[]): Promise<void> {
    // One statement cannot update a row twice: keep the newest state of each zone.
    const newest = new Map<string, ZoneState>();
    for (const z of input) {
      const k = `${z.siteId}|${z.zoneId}|${z.mode}`;
      const prev = newest.get(k);
      if (!prev || prev.updatedAt <= z.updatedAt) newest.set(k, z);
    }
    const list = [...newest.values()];
    if (!list.length) return;
    await this.db.query(
      `INSERT INTO zone_state (site_id, zone_id, mode, updated_at, doc)
       SELECT x->>'siteId', x->>'zoneId', x->>'mode', (x->>'updatedAt')::timestamptz, x FROM jsonb_array_elements($1::jsonb) AS x
       ON CONFLICT (site_id, zone_id, mode) DO UPDATE SET updated_at = EXCLUDED.updated_at, doc = EXCLUDED.doc
       WHERE zone_state.updated_at <= EXCLUDED.updated_at`,
      [JSON.stringify(list)],
    );
  }

  async list(siteId: string, mode: Mode): Promise<ZoneState[]> {
    const rows = await this.db.query<{ doc: ZoneState }>(
      'SELECT doc FROM zone_state WHERE site_id = $1 AND mode = $2',
      [siteId, mode],
    );
    return rows.map((r) => r.doc);
  }
}
