// The indicators table (partitioned by day, see retention/). An indicator's id and time are
// its key: a redelivered one is stored once.
import type { Indicator, Mode } from '@portwatch/schema';
import type { Db } from './db.ts';

export interface IndicatorQuery {
  zone?: string;
  since?: string;
  mode?: Mode;
  /** Only these indicator types. */
  types?: string[];
  limit?: number;
}

export class IndicatorTable {
  constructor(private readonly db: Db) {}

  async insert(list: Indicator[]): Promise<number> {
    if (!list.length) return 0;
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO indicators (id, time, ingest_time, mode, site_id, zone_id, domain, type, severity, doc)
       SELECT x->>'id', (x->>'time')::timestamptz, (x->>'ingestTime')::timestamptz, x->>'mode', x->>'siteId', x->>'zoneId',
              x->>'domain', x->>'type', (x->>'severity')::smallint, x
       FROM jsonb_array_elements($1::jsonb) AS x
       ON CONFLICT (id, time) DO NOTHING RETURNING id`,
      [JSON.stringify(list)],
    );
    return rows.length;
  }

  async list(q: IndicatorQuery = {}): Promise<Indicator[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.zone) {
      params.push(q.zone);
      where.push(`zone_id = $${params.length}`);
    }
    if (q.since) {
      params.push(q.since);
      where.push(`time >= $${params.length}::timestamptz`);
    }
    if (q.mode) {
      params.push(q.mode);
      where.push(`mode = $${params.length}`);
    }
    if (q.types?.length) {
      params.push(q.types);
      where.push(`type = ANY($${params.length}::text[])`);
    }
    params.push(Math.min(q.limit ?? 200, 5000));
    const rows = await this.db.query<{ doc: Indicator }>(
      `SELECT doc FROM indicators ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY time DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => r.doc);
  }

  async get(id: string): Promise<Indicator | null> {
    const [row] = await this.db.query<{ doc: Indicator }>('SELECT doc FROM indicators WHERE id = $1', [id]);
    return row?.doc ?? null;
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM indicators');
    return Number(row.n);
  }

  /** Every minute of the span has its entry, a quiet one with zeros. */
  async ratePerMinute(
    minutes: number,
    mode: Mode,
    now = new Date(),
  ): Promise<{ minute: string; physical: number; cyber: number }[]> {
    const since = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - (minutes - 1) * 60_000);
    const rows = await this.db.query<{ minute: Date | string; domain: string; n: string }>(
      `SELECT date_trunc('minute', time) AS minute, domain, count(*)::text AS n FROM indicators
       WHERE mode = $1 AND time >= $2::timestamptz GROUP BY 1, 2`,
      [mode, since.toISOString()],
    );
    const out = Array.from({ length: minutes }, (_, i) => ({
      minute: new Date(since.getTime() + i * 60_000).toISOString(),
      physical: 0,
      cyber: 0,
    }));
    for (const r of rows) {
      const i = Math.round((new Date(r.minute).getTime() - since.getTime()) / 60_000);
      if (i >= 0 && i < minutes) out[i][r.domain === 'cyber' ? 'cyber' : 'physical'] += Number(r.n);
    }
    return out;
  }
}
