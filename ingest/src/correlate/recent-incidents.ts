// Incidents raised before correlation last started over. A rebuild (a Kafka rebalance, an
// embedded restart) re-reads only REBUILD_WINDOW_S of records: an incident kept open by
// activity for longer began before that, so the rebuilt window would fire with a later first
// record — a new id, a duplicate of the open incident, deaf to an operator's resolve of the old
// one. The rebuilt engine looks here when a group would raise a new incident (engine.ts) and,
// when the group's incident of that moment is still within its suppression, goes on with it.
import type { Incident } from '@portwatch/schema';

/** An incident a rebuilt engine may go on with, and when an operator resolved it (if they did). */
export interface Adoptable {
  incident: Incident;
  resolvedAtMs?: number;
}

/**
 * The group's incident at `atMs` — the newest raised by then — by rule id and group key; asked
 * only when a group would raise one, `atMs` being the firing's last record.
 */
export type AdoptableLookup = (ruleId: string, groupKey: string, atMs: number) => Adoptable | undefined;

/** Offers between prunes: a prune visits every group, so its cost is spread over as many offers. */
const PRUNE_EVERY = 4096;
/** Incidents kept per group: a window and a suppression hold one or two in practice. */
const PER_GROUP = 4;

interface Known {
  incident: Incident;
  firstMs: number;
  lastMs: number;
}

/**
 * The incidents of each rule group lately active, newest version of each, from what correlation
 * published (the incidents topic on Kafka, the store after an embedded restart). A group keeps
 * more than its newest: a rebuilt window may hold the end of one incident and the whole of the
 * next, and that end belongs to the first. Memory follows the groups active within `horizonMs`
 * (the rebuild window plus the longest suppression) of the newest incident seen.
 */
export class RecentIncidents {
  /** Per group, by first seen. */
  private readonly byGroup = new Map<string, Known[]>();
  private newestMs = -Infinity;
  private sincePrune = 0;

  constructor(private readonly horizonMs: number) {}

  /** An incident as published (or stored); an older version of one already known is ignored. */
  offer(incident: Incident): void {
    // Raised before incidents carried their group: nothing to find it by.
    if (!incident.groupKey) return;
    const key = incident.ruleId + '\u0000' + incident.groupKey;
    const known: Known = { incident, firstMs: Date.parse(incident.firstSeen), lastMs: Date.parse(incident.lastSeen) };
    let list = this.byGroup.get(key);
    if (!list) this.byGroup.set(key, (list = []));
    const at = list.findIndex((k) => k.incident.id === incident.id);
    if (at >= 0) {
      if (list[at].lastMs > known.lastMs) return;
      list.splice(at, 1);
    }
    let i = list.length;
    while (i > 0 && list[i - 1].firstMs > known.firstMs) i--;
    list.splice(i, 0, known);
    if (list.length > PER_GROUP) list.shift();
    if (known.lastMs > this.newestMs) this.newestMs = known.lastMs;
    if (++this.sincePrune >= PRUNE_EVERY + this.byGroup.size) this.prune();
  }

  /** The group's newest incident raised by `atMs` (its first record not after it). */
  find(ruleId: string, groupKey: string, atMs = Infinity): Incident | undefined {
    const list = this.byGroup.get(ruleId + '\u0000' + groupKey);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].firstMs <= atMs) return list[i].incident;
    return undefined;
  }

  /** Groups known. */
  get size(): number {
    return this.byGroup.size;
  }

  private prune(): void {
    this.sincePrune = 0;
    const cut = this.newestMs - this.horizonMs;
    for (const [key, list] of this.byGroup) {
      const kept = list.filter((k) => k.lastMs >= cut);
      if (!kept.length) this.byGroup.delete(key);
      else if (kept.length < list.length) this.byGroup.set(key, kept);
    }
  }
}
