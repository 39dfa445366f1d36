// What depends on what: a compromise of one asset reaches the zones its dependants run in
// and the zones they control (the gate-control server in the data centre drives the gates).

export interface AssetNode {
  id: string;
  zoneId: string;
  controls?: string[];
  dependsOn?: string[];
}

export class AssetGraph {
  private byId = new Map<string, AssetNode>();
  private dependants = new Map<string, string[]>();

  constructor(assets: AssetNode[]) {
    for (const a of assets) this.byId.set(a.id, a);
    for (const a of assets)
      for (const d of a.dependsOn ?? []) this.dependants.set(d, [...(this.dependants.get(d) ?? []), a.id]);
  }

  /** Zones affected when these assets are compromised (their own zones included), sorted. */
  affectedZones(assetIds: Iterable<string>): string[] {
    const zones = new Set<string>();
    const seen = new Set<string>();
    const queue = [...assetIds];
    while (queue.length) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const a = this.byId.get(id);
      if (!a) continue;
      zones.add(a.zoneId);
      for (const z of a.controls ?? []) zones.add(z);
      queue.push(...(this.dependants.get(id) ?? []));
    }
    return [...zones].sort();
  }
}
