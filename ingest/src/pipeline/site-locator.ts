// The ZoneLocator of a site plan: sensor registry, point-in-polygon, asset IPs and zone networks.
import type { Site } from '@portwatch/schema';
import { buildSiteIndex } from '@portwatch/dashboards';
import type { ZoneLocator } from './zone-locator.ts';

export function siteLocator(site: Site): ZoneLocator {
  const index = buildSiteIndex(site);
  return {
    bySensor(id) {
      const s = index.sensorsById.get(id);
      if (!s) return null;
      const [lon, lat] = s.geometry.coordinates;
      return { zoneId: s.properties.zoneId, location: { lat, lon } };
    },
    byPosition: (lat, lon) => index.locateZone(lat, lon),
    byIp(ip) {
      const asset = index.assetsByIp.get(ip);
      if (asset) return { zoneId: asset.zoneId, assetId: asset.id };
      const zoneId = index.zoneForIp(ip);
      return zoneId ? { zoneId } : null;
    },
    hasZone: (id) => index.zonesById.has(id),
  };
}
