// The ZoneLocator of a site plan: sensor registry, point-in-polygon, asset IPs and zone networks.
import type { Site } from '@portwatch/schema';
import { buildSiteIndex } from '@portwatch/dashboards';
import type { SensorPlacement, ZoneLocator } from './zone-locator.ts';

export function siteLocator(site: Site): ZoneLocator {
  const index = buildSiteIndex(site);
  // Answers built once per sensor and asset: they are asked for on every record. The
  // location objects are shared by the indicators they place, hence frozen.
  const placements = new Map<string, SensorPlacement>();
  for (const [id, s] of index.sensorsById) {
    const [lon, lat] = s.geometry.coordinates;
    placements.set(id, Object.freeze({ zoneId: s.properties.zoneId, location: Object.freeze({ lat, lon }) }));
  }
  // Door events name the door (ONVIF DoorToken), and most doors are registered only as the
  // door of their access reader: such a door is where its reader is. A door registered as a
  // sensor of its own keeps its own placement.
  for (const [, s] of index.sensorsById) {
    const door = s.properties.doorId;
    if (door && !placements.has(door)) placements.set(door, placements.get(s.properties.id)!);
  }
  const assetHits = new Map<string, { zoneId: string; assetId: string }>();
  for (const [ip, asset] of index.assetsByIp)
    assetHits.set(ip, Object.freeze({ zoneId: asset.zoneId, assetId: asset.id }));
  return {
    bySensor: (id) => placements.get(id) ?? null,
    byPosition: (lat, lon) => index.locateZone(lat, lon),
    byIp(ip) {
      const asset = assetHits.get(ip);
      if (asset) return asset;
      const zoneId = index.zoneForIp(ip);
      return zoneId ? { zoneId } : null;
    },
    hasZone: (id) => index.zonesById.has(id),
  };
}
