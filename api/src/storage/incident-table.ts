// The incidents table. Correlation's updates and operators' changes go through one
// compare-and-set write, so neither overwrites the other.
import type { Incident, Mode, SopStep } from '@portwatch/schema';
import type { Db } from './db.ts';
import { mergeIncident } from './merge-incident.ts';

const OPEN = ['new', 'acknowledged', 'in_progress'];
const DONE = ['resolved', 'closed'];

export class IncidentTable {
  constructor(private readonly db: Db) {}

  async upsert(list: Incident[], checklist?: (ruleId: string) => SopStep[] | undefined): Promise<Incident[]> {
    const out: Incident[] = [];
    for (const inc of list) {
      const stored = await this.write(inc.id, (existing) => {
        const next = existing ? mergeIncident(existing, inc) : inc;
        // Also an incident stored before its rule had an SOP gets the checklist, once.
        const sop = next.sop ?? checklist?.(inc.ruleId);
        return sop ? { ...next, sop } : next;
      });
      out.push(stored.after!);
    }
    return out;
  }

  async change(
    id: string,
    change: (stored: Incident) => Incident | null,
  ): Promise<{ before: Incident; after: Incident | null } | null> {
    const result = await this.write(id, (existing) => (existing ? change(existing) : null));
    return result.before ? { before: result.before, after: result.after } : null;
  }

  /**
   * Read, change, write — and write only if nobody wrote the incident in between (the store
   * writer merging a correlation update, another operator, another API instance); else read
   * again and redo the change. No lock is held while the change is computed.
   */
  private async write(
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
      const written = before ? await this.replace(before, after) : await this.insert(after);
      if (written) return { before, after };
      if (attempt >= 20) throw new Error(`incident ${id}: changed by others 20 times in a row while being written`);
    }
  }

  private async insert(inc: Incident): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO incidents (id, site_id, zone_id, rule_id, status, severity, mode, first_seen, last_seen, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
      row(inc),
    );
    return rows.length === 1;
  }

  /** Compare-and-set on the whole document: false when it is no longer `before`. */
  private async replace(before: Incident, after: Incident): Promise<boolean> {
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

  async save(inc: Incident): Promise<void> {
    await this.db.query(
      `INSERT INTO incidents (id, site_id, zone_id, rule_id, status, severity, mode, first_seen, last_seen, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity, first_seen = EXCLUDED.first_seen,
         last_seen = EXCLUDED.last_seen, doc = EXCLUDED.doc`,
      row(inc),
    );
  }

  async get(id: string): Promise<Incident | null> {
    const [row] = await this.db.query<{ doc: Incident }>('SELECT doc FROM incidents WHERE id = $1', [id]);
    return row?.doc ?? null;
  }

  async list(opts: { status?: 'open' | 'resolved' | 'all'; mode?: Mode; limit?: number } = {}): Promise<Incident[]> {
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
}

/** An incident's columns in the order of INSERT's column list ($1…$10). */
function row(inc: Incident): unknown[] {
  return [
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
  ];
}
