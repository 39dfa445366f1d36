// Zone risk on many workers. Each worker holds some zones (the indicators' partitions), and a
// zone's risk must be computed in one place, as one worker computes it: so what a worker raises
// in a zone it may not hold — a compromise reaching a zone through the asset graph, an
// incident's other zones, every zone of a site-stage incident (stages.ts) — is published as an
// effect keyed by that zone (TOPICS.zoneEffects, partitioned like the indicators) and applied by
// the worker that reads the zone's partition. After a rebalance the holder re-reads the recent
// effects with the indicators, so a rebuild restores them too.
import type { Incident, Indicator, ZoneEffect, ZoneState } from '@portwatch/schema';
import type { RiskModel } from './risk.ts';
import { RecentIds } from './stages.ts';

/** A compromise of the indicator's asset, for each zone depending on it (not its own). */
export function compromiseEffects(risk: RiskModel, ind: Indicator): ZoneEffect[] {
  return risk.dependentZones(ind).map((zoneId) => ({
    kind: 'compromise',
    id: `${ind.id}>${zoneId}`,
    mode: ind.mode,
    siteId: ind.siteId,
    zoneId,
    severity: ind.severity,
    time: ind.time,
    assetId: ind.assetId!,
    confidence: ind.confidence,
  }));
}

/** An incident open in a zone; `via` names the asset it reached the zone through. */
export function incidentEffect(inc: Incident, zoneId: string, via: string | undefined): ZoneEffect {
  const e: ZoneEffect = {
    kind: 'incident',
    id: `${inc.id}>${zoneId}`,
    mode: inc.mode,
    siteId: inc.siteId,
    zoneId,
    severity: inc.severity,
    time: inc.lastSeen,
    incidentId: inc.id,
  };
  if (via !== undefined) e.via = via;
  return e;
}

/** Applies effects to the zones' risk, each once however often it was published. */
export class EffectApplier {
  private readonly seen: RecentIds;

  constructor(horizonMs: number) {
    this.seen = new RecentIds(horizonMs);
  }

  apply(risk: RiskModel, effects: readonly ZoneEffect[]): ZoneState[] {
    const out: ZoneState[] = [];
    for (const e of effects) {
      if (!this.seen.add(e.id, Date.parse(e.time))) continue;
      out.push(
        e.kind === 'compromise'
          ? risk.compromise(e.mode, e.zoneId, e.assetId, e.severity, e.confidence, Date.parse(e.time))
          : risk.incident(e.mode, e.zoneId, e.severity, true, e.via),
      );
    }
    return out;
  }

  /** A rebuild starts over: the re-read effects are applied again to the fresh risk model. */
  clear(): void {
    this.seen.clear();
  }
}
