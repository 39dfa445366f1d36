// Server-side state: what the map, the queue and the charts show after a reload.
// Writes are idempotent (indicator ids, incident ids), so redelivered batches change nothing.
import {
  DEAD_LETTER_SHOWN_CHARS,
  type DeadLetter,
  type DeadLetterToReplay,
  type Incident,
  type Indicator,
  type Mode,
  type SopStep,
  type StoredDeadLetter,
  type Transport,
  type RejectStage,
  type ZoneState,
} from '@portwatch/schema';
import type { Db } from './db.ts';
import { mergeIncident } from './merge-incident.ts';
import { SituationStore } from './situation-store.ts';

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

export interface DeadLetterQuery {
  feed?: string;
  /** Only the letters no re-run has decoded yet. */
  pendingOnly?: boolean;
  limit?: number;
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
const DONE = ['resolved', 'closed'];

export class Store {
  /** The picture over time: zone-state history, track fixes, the situation at a moment. */
  readonly situation: SituationStore;

  constructor(readonly db: Db) {
    this.situation = new SituationStore(db);
  }

  /** Inserts new indicators; returns how many were new. */
  async insertIndicators(list: Indicator[]): Promise<number> {
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

  /**
   * Correlation updates merge into what operators changed: indicators and times grow,
   * status, assignee, SOP and history stay. A new incident gets its rule's SOP checklist
   * (`checklist`). Returns the stored incidents after the merge.
   */
  async upsertIncidents(list: Incident[], checklist?: (ruleId: string) => SopStep[] | undefined): Promise<Incident[]> {
    const out: Incident[] = [];
    for (const inc of list) {
      const stored = await this.writeIncident(inc.id, (existing) => {
        const next = existing ? mergeIncident(existing, inc) : inc;
        // Also an incident stored before its rule had an SOP gets the checklist, once.
        const sop = next.sop ?? checklist?.(inc.ruleId);
        return sop ? { ...next, sop } : next;
      });
      out.push(stored.after!);
    }
    return out;
  }

  /**
   * An operator's change: `change` gets the stored incident and returns the changed one, or
   * null to leave it as it is. Null when there is no such incident.
   */
  async changeIncident(
    id: string,
    change: (stored: Incident) => Incident | null,
  ): Promise<{ before: Incident; after: Incident | null } | null> {
    const result = await this.writeIncident(id, (existing) => (existing ? change(existing) : null));
    return result.before ? { before: result.before, after: result.after } : null;
  }

  /**
   * Read, change, write — and write only if nobody wrote the incident in between (the store
   * writer merging a correlation update, another operator, another API instance); else read
   * again and redo the change. No lock is held while the change is computed.
   */
  private async writeIncident(
    id: string,
    next: (existing: Incident | null) => Incident | null,
  ): Promise<{ before: Incident | null; after: Incident | null }> {
    for (let attempt = 1; ; attempt++) {
      const [row] = await this.db.query<{ doc: Incident }>('SELECT doc FROM incidents WHERE id = $1', [id]);
      const before = row?.doc ?? null;
      const changed = next(before);
      if (!changed) return { before, after: null };
      // Counted, so that pushes of it can be ordered (writers publish after writing, in any order).
      const after = { ...changed, revision: (before?.revision ?? 0) + 1 };
      const written = before ? await this.replaceIncident(before, after) : await this.insertIncident(after);
      if (written) return { before, after };
      if (attempt >= 20) throw new Error(`incident ${id}: changed by others 20 times in a row while being written`);
    }
  }

  private async insertIncident(inc: Incident): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO incidents (id, site_id, zone_id, rule_id, status, severity, mode, first_seen, last_seen, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        inc.id,
        inc.siteId,
        inc.zoneId,
        inc.ruleId,
        inc.status,
        inc.severity,
        inc.mode,
        inc.firstSeen,
        inc.lastSeen,
        JSON.stringify(inc),
      ],
    );
    return rows.length === 1;
  }

  /** Compare-and-set on the whole document: false when it is no longer `before`. */
  private async replaceIncident(before: Incident, after: Incident): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE incidents SET status = $2, severity = $3, first_seen = $4, last_seen = $5, doc = $6::jsonb
       WHERE id = $1 AND doc = $7::jsonb RETURNING id`,
      [
        after.id,
        after.status,
        after.severity,
        after.firstSeen,
        after.lastSeen,
        JSON.stringify(after),
        JSON.stringify(before),
      ],
    );
    return rows.length === 1;
  }

  /** Writes an incident as it is, over whatever is stored (tests and tools; the API uses changeIncident). */
  async saveIncident(inc: Incident): Promise<void> {
    await this.db.query(
      `INSERT INTO incidents (id, site_id, zone_id, rule_id, status, severity, mode, first_seen, last_seen, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity, first_seen = EXCLUDED.first_seen,
         last_seen = EXCLUDED.last_seen, doc = EXCLUDED.doc`,
      [
        inc.id,
        inc.siteId,
        inc.zoneId,
        inc.ruleId,
        inc.status,
        inc.severity,
        inc.mode,
        inc.firstSeen,
        inc.lastSeen,
        JSON.stringify(inc),
      ],
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

  async listIncidents(
    opts: { status?: 'open' | 'resolved' | 'all'; mode?: Mode; limit?: number } = {},
  ): Promise<Incident[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (opts.status !== 'all') {
      params.push(opts.status === 'resolved' ? DONE : OPEN);
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

  /** One stored indicator with its raw record; null when there is none with that id. */
  async getIndicator(id: string): Promise<Indicator | null> {
    const [row] = await this.db.query<{ doc: Indicator }>('SELECT doc FROM indicators WHERE id = $1', [id]);
    return row?.doc ?? null;
  }

  async countIndicators(): Promise<number> {
    const [row] = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM indicators');
    return Number(row.n);
  }

  async zoneStates(siteId: string, mode: Mode): Promise<ZoneState[]> {
    const rows = await this.db.query<{ doc: ZoneState }>(
      'SELECT doc FROM zone_state WHERE site_id = $1 AND mode = $2',
      [siteId, mode],
    );
    return rows.map((r) => r.doc);
  }

  /** Indicators per minute by domain, for the chart. */
  async indicatorRate(
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

  /** Newest first; each payload cut to DEAD_LETTER_SHOWN_CHARS (`payloadCut` says when). */
  async listDeadLetters(q: DeadLetterQuery = {}): Promise<StoredDeadLetter[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.feed) {
      params.push(q.feed);
      where.push(`feed_id = $${params.length}`);
    }
    if (q.pendingOnly) where.push('replayed_at IS NULL');
    params.push(Math.min(q.limit ?? 100, 1000));
    const rows = await this.db.query<DeadLetterRow>(
      `SELECT id, at, feed_id, via, topic, stage, reason, size, truncated, left(payload, ${DEAD_LETTER_SHOWN_CHARS}) AS payload,
              length(payload) AS payload_chars, replayed_at, replay_indicator_ids
       FROM dead_letters ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      feedId: r.feed_id,
      via: r.via,
      topic: r.topic,
      stage: r.stage,
      reason: r.reason,
      size: Number(r.size),
      truncated: Boolean(r.truncated),
      payload: r.payload,
      payloadCut: Number(r.payload_chars) > DEAD_LETTER_SHOWN_CHARS,
      replayedAt: r.replayed_at ? new Date(r.replayed_at).toISOString() : null,
      replayIndicatorIds: r.replay_indicator_ids ?? [],
    }));
  }

  /**
   * A feed's letters to re-run, whole payloads, oldest first: the ones named (`ids`), or up
   * to `limit` of those still pending.
   */
  async deadLettersToReplay(feed: string, ids: number[] | undefined, limit: number): Promise<DeadLetterToReplay[]> {
    const rows = ids
      ? await this.db.query<DeadLetterRow>(
          'SELECT id, via, topic, truncated, payload FROM dead_letters WHERE feed_id = $1 AND id = ANY($2::bigint[]) ORDER BY id',
          [feed, ids],
        )
      : await this.db.query<DeadLetterRow>(
          'SELECT id, via, topic, truncated, payload FROM dead_letters WHERE feed_id = $1 AND replayed_at IS NULL ORDER BY id LIMIT $2',
          [feed, limit],
        );
    return rows.map((r) => ({
      id: Number(r.id),
      via: r.via,
      topic: r.topic,
      truncated: Boolean(r.truncated),
      payload: r.payload,
    }));
  }

  /** A re-run decoded the letter: it is no longer pending, and these are its indicators. */
  async markDeadLetterReplayed(id: number, indicatorIds: string[]): Promise<void> {
    await this.db.query('UPDATE dead_letters SET replayed_at = now(), replay_indicator_ids = $2::jsonb WHERE id = $1', [
      id,
      JSON.stringify(indicatorIds),
    ]);
  }

  async countDeadLetters(): Promise<number> {
    const [row] = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM dead_letters');
    return Number(row.n);
  }

  async insertAudit(e: AuditEvent): Promise<number> {
    const [row] = await this.db.query<{ id: string | number }>(
      `INSERT INTO audit (at, actor, role, method, path, status, client, action, target, detail)
       VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) RETURNING id`,
      [
        e.at,
        e.actor,
        e.role,
        e.method,
        e.path,
        e.status,
        e.client,
        e.action,
        e.target,
        JSON.stringify(e.detail ?? null),
      ],
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

/** A dead_letters row as the driver returns it (bigint ids and timestamps vary by driver). */
interface DeadLetterRow {
  id: string | number;
  at: string | Date;
  feed_id: string | null;
  via: Transport;
  topic: string;
  stage: RejectStage;
  reason: string;
  size: number;
  truncated: boolean;
  payload: string;
  payload_chars: number;
  replayed_at: string | Date | null;
  replay_indicator_ids: string[] | null;
}
