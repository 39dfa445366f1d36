// Every change and every refused request: a row in the `audit` table (when this instance
// has the store) and a JSON log line, so a log shipper sees the same events.
import type { Logger } from '@portwatch/ingest';
import type { AuditEvent } from '../storage/audit-table.ts';
import type { Store } from '../storage/store.ts';

/**
 * Characters of a path (or target) an audit row keeps: a refused request may carry an 8 KB
 * path, and a stranger's requests must not grow the trail by their size. The cut says so.
 */
export const AUDIT_PATH_KEEP = 256;

const cut = (s: string | null): string | null =>
  s !== null && s.length > AUDIT_PATH_KEEP ? `${s.slice(0, AUDIT_PATH_KEEP)}… (${s.length} characters)` : s;

export class AuditTrail {
  written = 0;
  failed = 0;

  constructor(
    private store: Store | null,
    private log: Logger,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    const e: AuditEvent = { ...event, path: cut(event.path), target: cut(event.target) ?? '' };
    const fields = {
      audit: true,
      actor: e.actor,
      role: e.role,
      method: e.method,
      path: e.path,
      status: e.status,
      client: e.client,
      action: e.action,
      target: e.target,
      detail: e.detail ?? null,
    };
    if (e.status !== null && e.status >= 400) this.log.warn(e.action, fields);
    else this.log.info(e.action, fields);
    if (!this.store) return;
    try {
      await this.store.insertAudit(e);
      this.written += 1;
    } catch (err) {
      // The request has been answered or the change made; losing the row must be loud.
      this.failed += 1;
      this.log.error('audit row not written', { action: e.action, path: e.path, error: (err as Error).message });
    }
  }
}
