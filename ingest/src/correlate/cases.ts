// One situation, one case: incidents raised in the same zone (and mode) while an earlier one
// there is still recent belong to one case, so a NotPetya wave or an extortion night is one
// queue row with its parts instead of one row per rule. The id is derived from the zone and the
// first incident's start, so a replay or a second worker names the same case.
import { createHash } from 'node:crypto';
import type { Incident } from '@portwatch/schema';

/** An incident joins a zone's case if it starts within this long of the case's newest activity. */
export const CASE_GAP_MS = 30 * 60_000;

interface OpenCase {
  id: string;
  lastMs: number;
}

export function caseId(siteId: string, mode: string, zoneId: string, firstMs: number): string {
  return (
    'case-' +
    createHash('sha1').update(`${siteId}\u0000${mode}\u0000${zoneId}\u0000${firstMs}`).digest('hex').slice(0, 16)
  );
}

// One entry per site, mode and zone: memory follows the site plan, not the history.
export class CaseBook {
  private readonly open = new Map<string, OpenCase>();

  constructor(private readonly gapMs = CASE_GAP_MS) {}

  /** The case of a newly raised incident (joining the zone's recent case, or starting one). */
  assign(inc: Incident): string {
    const key = `${inc.siteId}\u0000${inc.mode}\u0000${inc.zoneId}`;
    const first = Date.parse(inc.firstSeen);
    const last = Date.parse(inc.lastSeen);
    let c = this.open.get(key);
    if (!c || first > c.lastMs + this.gapMs) {
      c = { id: caseId(inc.siteId, inc.mode, inc.zoneId, first), lastMs: last };
      this.open.set(key, c);
    }
    c.lastMs = Math.max(c.lastMs, last);
    return c.id;
  }

  /**
   * An incident raised before a rebuild, open again: its case is the zone's open case, unless
   * the zone has a newer one, so incidents raised after the rebuild join it as they would have.
   */
  adopt(inc: Incident): void {
    if (!inc.caseId) return;
    const key = `${inc.siteId}\u0000${inc.mode}\u0000${inc.zoneId}`;
    const last = Date.parse(inc.lastSeen);
    const c = this.open.get(key);
    if (!c || c.lastMs < last) this.open.set(key, { id: inc.caseId, lastMs: last });
  }

  /** An update of an incident in a case: its newest activity keeps the case open. */
  touch(inc: Incident): void {
    const c = this.open.get(`${inc.siteId}\u0000${inc.mode}\u0000${inc.zoneId}`);
    if (c && c.id === inc.caseId) c.lastMs = Math.max(c.lastMs, Date.parse(inc.lastSeen));
  }
}
