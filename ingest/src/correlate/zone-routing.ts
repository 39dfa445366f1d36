// Which zone groups a record joins, and which zones an incident reaches, through the asset
// graph: the part of correlation that knows the site's geography of dependencies.
import type { Indicator } from '@portwatch/schema';
import type { AssetGraph } from './asset-graph.ts';
import type { Rule } from './rule.ts';
import type { Entry } from './window.ts';

const ACROSS = ['*'];

export class ZoneRouting {
  private readonly graphZones = new Map<string, string[]>();
  /** Reused for the common case, a record in its own zone (no allocation per match). */
  private readonly ownZone: string[] = [''];

  constructor(private readonly graph: AssetGraph) {}

  /** The zones whose groups a record joins for a rule ('*' when grouped across zones). */
  zonesFor(rule: Rule, ind: Indicator): readonly string[] {
    const c = rule.correlation;
    if (c.acrossZones) return ACROSS;
    if (c.throughAssets && ind.domain === 'cyber') {
      // Counted in the zones that depend on the asset, not its own (the zone rules cover that).
      return ind.assetId ? this.assetZones(ind.assetId).filter((z) => z !== ind.zoneId) : [];
    }
    this.ownZone[0] = ind.zoneId!;
    return this.ownZone;
  }

  /** Zones an incident reaches: its own, those of its records, and the asset graph's from cyber assets. */
  affected(zoneId: string, set: readonly Entry[], before: string[]): string[] {
    const zones = new Set(before);
    zones.add(zoneId);
    for (const e of set) {
      zones.add(e.zoneId);
      if (e.domain === 'cyber' && e.assetId) for (const z of this.assetZones(e.assetId)) zones.add(z);
    }
    if (zones.size === before.length) return before;
    return [...zones].sort();
  }

  private assetZones(assetId: string): string[] {
    let z = this.graphZones.get(assetId);
    if (!z) this.graphZones.set(assetId, (z = this.graph.affectedZones([assetId])));
    return z;
  }
}
