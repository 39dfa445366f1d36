// Server-side state: what the map, the queue and the charts show after a reload.
// Writes are idempotent (indicator ids, incident ids), so redelivered batches change nothing.
import type { Incident, Indicator, Mode, ZoneState } from '@portwatch/schema';
import type { Db } from './db.ts';
import { mergeIncident } from './merge-incident.ts';

export interface DeadLetter {
  id?: number;
  at: string;
  feedId: string | null;
  via: string;
  topic: string;
  stage: string;
  reason: string;
  size: number;
  truncated: boolean;
  payload: string;
}

/** One row of the audit trail: a change made, or a request refused. */
export interface AuditEvent {
  at: string;
  /** The token's name; "anonymous" when the request carried none that the server knows. */
  actor: string;
  role: string | null;
  method: string | null;
  path: string | null;
  /** The HTTP status of the answer. */
  status: number | null;
  client: string | null;
  /** What happened, e.g. "dead-letters.replay", "auth.denied". */
  action: string;
  /** What it was done to, e.g. "feed:smoke"; the path when nothing more specific. */
  target: string;
  /** Short, JSON: the outcome of a change, or why a request was refused. Never a token. */
  detail?: unknown;
}

export interface IndicatorQuery {
  zone?: string;
  since?: string;
  mode?: Mode;
  /** Only these indicator types. */
  types?: string[];
  limit?: number;
}

const OPEN = ['new', 'acknowledged', 'in_progress'];

export class Store {
  constructor(readonly db: Db) {}

  /** Inserts new indicators; returns how many were new. */
  async insertIndicators(list: Indicator[]): Promise<number> {
    if (!list.length) return 0;
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO indicators (id, time, ingest_time, mode, site_id, zone_id, domain, type, severity, doc)
       SELECT x->>'id', (x->>'time')::timestamptz, (x->>'ingestTime')::timestamptz, x->>'mode', x->>'siteId', x->>'zoneId',
              x->>'domain', x->>'type', (x->>'severity')::smallint, x
       FROM jsonb_array_elements($1::jsonb) AS x
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [JSON.stringify(list)],
    );
    return rows.length;
  }

  /**
   * Correlation updates merge into what operators changed: indicators and times grow,
   * status, assignee, SOP and history stay. Returns the stored incidents after the merge.
   */
  async upsertIncidents(list: Incident[]): Promise<Incident[]> {
    const out: Incident[] = [];
    for (const inc of list) {
      const [existing] = await this.db.query<{ doc: Incident }>('SELECT doc FROM incidents WHERE id = $1', [inc.id]);
      const merged = existing ? mergeIncident(existing.doc, inc) : inc;
      await this.saveIncident(merged);
      out.push(merged);
    }
    return out;
  }

  async saveIncident(inc: Incident): Promise<void> {
    await this.db.query(
      `INSERT INTO incidents (id, site_id, zone_id, rule_id, status, severity, mode, first_seen, last_seen, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity, first_seen = EXCLUDED.first_seen,
         last_seen = EXCLUDED.last_seen, doc = EXCLUDED.doc`,
      [inc.id, inc.siteId, inc.zoneId, inc.ruleId, inc.status, inc.severity, inc.mode, inc.firstSeen, inc.lastSeen, JSON.stringify(inc)],
    );
  }

  async upsertZoneStates(input: ZoneState[]): Promise<void> {
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

  async insertDeadLetters(list: DeadLetter[]): Promise<void> {
    if (!list.length) return;
    await this.db.query(
      `INSERT INTO dead_letters (at, feed_id, via, topic, stage, reason, size, truncated, payload)
       SELECT (x->>'at')::timestamptz, x->>'feedId', x->>'via', x->>'topic', x->>'stage', x->>'reason', (x->>'size')::int, (x->>'truncated')::boolean, x->>'payload'
       FROM jsonb_array_elements($1::jsonb) AS x`,
      [JSON.stringify(list)],
    );
  }

  async getIncident(id: string): Promise<Incident | null> {
    const [row] = await this.db.query<{ doc: Incident }>('SELECT doc FROM incidents WHERE id = $1', [id]);
    return row?.doc ?? null;
  }

  async listIncidents(opts: { status?: 'open' | 'all'; mode?: Mode; limit?: number } = {}): Promise<Incident[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (opts.status !== 'all') {
      params.push(OPEN);
      where.push(`status = ANY($${params.length})`);
    }
    if (opts.mode) {
      params.push(opts.mode);
      where.push(`mode = $${params.length}`);
    }
    params.push(Math.min(opts.limit ?? 200, 1000));
    const rows = await this.db.query<{ doc: Incident }>(
      `SELECT doc FROM incidents ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY last_seen DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => r.doc);
  }

  async listIndicators(q: IndicatorQuery = {}): Promise<Indicator[]> {
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

  async countIndicators(): Promise<number> {
    const [row] = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM indicators');
    return Number(row.n);
  }

  async zoneStates(siteId: string, mode: Mode): Promise<ZoneState[]> {
    const rows = await this.db.query<{ doc: ZoneState }>('SELECT doc FROM zone_state WHERE site_id = $1 AND mode = $2', [siteId, mode]);
    return rows.map((r) => r.doc);
  }

  /** Indicators per minute by domain, for the chart. */
  async indicatorRate(minutes: number, mode: Mode, now = new Date()): Promise<{ minute: string; physical: number; cyber: number }[]> {
    const since = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - (minutes - 1) * 60_000);
    const rows = await this.db.query<{ minute: Date | string; domain: string; n: string }>(
      `SELECT date_trunc('minute', time) AS minute, domain, count(*)::text AS n FROM indicators
       WHERE mode = $1 AND time >= $2::timestamptz GROUP BY 1, 2`,
      [mode, since.toISOString()],
    );
    const out = Array.from({ length: minutes }, (_, i) => ({ minute: new Date(since.getTime() + i * 60_000).toISOString(), physical: 0, cyber: 0 }));
    for (const r of rows) {
      const i = Math.round((new Date(r.minute).getTime() - since.getTime()) / 60_000);
      if (i >= 0 && i < minutes) out[i][r.domain === 'cyber' ? 'cyber' : 'physical'] += Number(r.n);
    }
    return out;
  }

  async listDeadLetters(opts: { feed?: string; limit?: number } = {}): Promise<DeadLetter[]> {
    const params: unknown[] = [];
    let where = '';
    if (opts.feed) {
      params.push(opts.feed);
      where = `WHERE feed_id = $1`;
    }
    params.push(Math.min(opts.limit ?? 100, 1000));
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT id, at, feed_id, via, topic, stage, reason, size, truncated, left(payload, 4096) AS payload FROM dead_letters ${where} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at as string).toISOString(),
      feedId: r.feed_id as string | null,
      via: r.via as string,
      topic: r.topic as string,
      stage: r.stage as string,
      reason: r.reason as string,
      size: Number(r.size),
      truncated: Boolean(r.truncated),
      payload: r.payload as string,
    }));
  }

  async countDeadLetters(): Promise<number> {
    const [row] = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM dead_letters');
    return Number(row.n);
  }

  async insertAudit(e: AuditEvent): Promise<number> {
    const [row] = await this.db.query<{ id: string | number }>(
      `INSERT INTO audit (at, actor, role, method, path, status, client, action, target, detail)
       VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) RETURNING id`,
      [e.at, e.actor, e.role, e.method, e.path, e.status, e.client, e.action, e.target, JSON.stringify(e.detail ?? null)],
    );
    return Number(row.id);
  }

  /** Newest first. */
  async listAudit(limit = 100): Promise<(AuditEvent & { id: number })[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      'SELECT id, at, actor, role, method, path, status, client, action, target, detail FROM audit ORDER BY id DESC LIMIT $1',
      [Math.min(limit, 1000)],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at as string).toISOString(),
      actor: r.actor as string,
      role: (r.role as string | null) ?? null,
      method: (r.method as string | null) ?? null,
      path: (r.path as string | null) ?? null,
      status: r.status === null || r.status === undefined ? null : Number(r.status),
      client: (r.client as string | null) ?? null,
      action: r.action as string,
      target: r.target as string,
      detail: r.detail ?? null,
    }));
  }
}
