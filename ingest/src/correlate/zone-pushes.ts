// Which zone states correlation pushes: a zone whose risk moved noticeably, or in which an
// incident opened, or which another asset now reaches — what the map shows of it — and not one
// frame per indicator. The sweep pushes slow decay, and after a rebuild restamps the states
// rebuilt from the recent past.
import type { ZoneState } from '@portwatch/schema';

/** Risk moves smaller than this are not pushed (the sweep catches slow decay). */
const RISK_STEP = 0.5;

export class ZonePushes {
  private last = new Map<string, { risk: number; what: string; atMs: number }>();
  /** Wall time of the last rebuild: states pushed while re-reading carry older times. */
  private rebuiltAtMs = 0;

  /**
   * Whether to push a zone's state (and, if so, remembers it as pushed). `restamp` (the sweep,
   * whose states are stamped now): a state pushed during a rebuild carries the time of its
   * records, older than what was stored before the rebuild (the store keeps the latest), so
   * it is pushed again.
   */
  changed(z: ZoneState, restamp = false): boolean {
    const k = z.mode + '|' + z.zoneId;
    const before = this.last.get(k);
    const what = `${z.openIncidents}|${z.propagatedFrom?.join(',') ?? ''}`;
    const stale = restamp && before !== undefined && before.atMs < this.rebuiltAtMs;
    if (before !== undefined && Math.abs(before.risk - z.risk) < RISK_STEP && before.what === what && !stale)
      return false;
    this.last.set(k, { risk: z.risk, what, atMs: Date.parse(z.updatedAt) });
    return true;
  }

  /** A rebuild starts: every zone is pushed afresh. */
  rebuilt(wallNowMs: number): void {
    this.last.clear();
    this.rebuiltAtMs = wallNowMs;
  }
}
