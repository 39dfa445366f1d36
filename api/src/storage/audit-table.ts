// The audit table: who changed what, and which requests were refused. auth/audit-trail.ts
// decides what goes in; this only stores and lists it.
import type { AuditEntry } from '@portwatch/schema';
import type { Db } from './db.ts';

/** One row of the audit trail as written: GET /api/audit's entry before the table numbers it. */
export type AuditEvent = Omit<AuditEntry, 'id'>;

export class AuditTable {
  constructor(private readonly db: Db) {}

  async insert(e: AuditEvent): Promise<number> {
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

  async list(limit = 100): Promise<(AuditEvent & { id: number })[]> {
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
