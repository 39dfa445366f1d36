// What a scenario may use of a site: its sensors, its assets' addresses and its zones'
// networks, looked up by id so that a scenario written for two sites takes each one's own
// IP plan — and fails with the site and the id when it names something the site lacks.
import type { Asset, Site } from '@portwatch/schema';

export class SitePlan {
  constructor(private readonly site: Site) {}

  asset(id: string): Asset {
    const a = this.site.assets.find((x) => x.id === id);
    if (!a) throw new Error(`site "${this.site.id}" declares no asset "${id}" (assets.yaml)`);
    return a;
  }

  /** The asset's address (its first, or the n-th of a cluster). */
  ip(assetId: string, n = 0): string {
    const ips = this.asset(assetId).ips;
    if (!ips[n]) throw new Error(`asset "${assetId}" of site "${this.site.id}" has no address #${n}`);
    return ips[n];
  }

  /** Host `.last` on the zone's LAN (its first /24). */
  host(zoneId: string, last: number): string {
    const zone = this.site.zones.features.find((z) => z.properties.id === zoneId);
    const net = zone?.properties.networks[0];
    if (!net) throw new Error(`zone "${zoneId}" of site "${this.site.id}" has no network (zones.geojson)`);
    return `${net.split('/')[0].split('.').slice(0, 3).join('.')}.${last}`;
  }

  has(sensorId: string): boolean {
    return this.site.sensors.features.some((s) => s.properties.id === sensorId);
  }
}
