// Incidents raised before correlation last started over. A rebuild (a Kafka rebalance, an
// embedded restart) re-reads only REBUILD_WINDOW_S of records: an incident kept open by
// activity for longer began before that, so the rebuilt window would fire with a later first
// record — a new id, a duplicate of the open incident, deaf to an operator's resolve of the old
// one. The rebuilt engine looks here when a group would raise a new incident (engine.ts) and,
// when the group's newest incident is still within its suppression, goes on with that one.
import type { Incident } from '@portwatch/schema';

/** An incident a rebuilt engine may go on with, and when an operator resolved it (if they did). */
export interface Adoptable {
  incident: Incident;
  resolvedAtMs?: number;
}

/** The group's newest incident, by rule id and group key; asked only when a group would raise one. */
export type AdoptableLookup = (ruleId: string, groupKey: string) => Adoptable | undefined;

/** Offers between prunes: a prune visits every group, so its cost is spread over as many offers. */
const PRUNE_EVERY = 4096;

/**
 * The newest incident of each rule group lately active, from what correlation published (the
 * incidents topic on Kafka, the store after an embedded restart). Memory follows the groups
 * active within `horizonMs` (the rebuild window plus the longest suppression) of the newest
 * incident seen: one entry per group, not per update.
 */
export class RecentIncidents {
  private readonly byGroup = new Map<string, { incident: Incident; lastMs: number }>();
  private newestMs = -Infinity;
  private sincePrune = 0;

  constructor(private readonly horizonMs: number) {}

  /** An incident as published (or stored); an older version or an older incident of its group is ignored. */
  offer(incident: Incident): void {
    // Raised before incidents carried their group: nothing to find it by.
    if (!incident.groupKey) return;
    const key = incident.ruleId + '\u0000' + incident.groupKey;
    const lastMs = Date.parse(incident.lastSeen);
    const was = this.byGroup.get(key);
    if (was && was.lastMs > lastMs) return;
    this.byGroup.set(key, { incident, lastMs });
    if (lastMs > this.newestMs) this.newestMs = lastMs;
    if (++this.sincePrune >= PRUNE_EVERY + this.byGroup.size) this.prune();
  }

  find(ruleId: string, groupKey: string): Incident | undefined {
    return this.byGroup.get(ruleId + '\u0000' + groupKey)?.incident;
  }

  get size(): number {
    return this.byGroup.size;
  }

  private prune(): void {
    this.sincePrune = 0;
    const cut = this.newestMs - this.horizonMs;
    for (const [key, e] of this.byGroup) if (e.lastMs < cut) this.byGroup.delete(key);
  }
}
