// Where things are: point-in-zone for sensors, vessels and drones, IP-in-zone for cyber
// indicators. Called per indicator on the ingest path, so lookups are precomputed per site.
import type { Asset, Polygon, Position, SensorFeature, Site, ZoneFeature } from '@portwatch/schema';
import { cidrContains, parseCidr, parseIpv4, type Cidr } from './ipv4.ts';

/**
 * Even-odd ray casting on the outline, minus any holes. A point exactly on an edge may land on
 * either side, which is why neighbouring zones in a site plan keep a small gap between them.
 */
export function pointInPolygon(lat: number, lon: number, polygon: Polygon): boolean {
  const [outline, ...holes] = polygon.coordinates;
  if (!outline || !inRing(lon, lat, outline)) return false;
  return !holes.some((hole) => inRing(lon, lat, hole));
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

interface ZoneBox {
  id: string;
  polygon: Polygon;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

const boxesBySite = new WeakMap<Site, ZoneBox[]>();

function zoneBoxes(site: Site): ZoneBox[] {
  let boxes = boxesBySite.get(site);
  if (!boxes) {
    boxes = site.zones.features.map(toBox);
    boxesBySite.set(site, boxes);
  }
  return boxes;
}

function toBox(zone: ZoneFeature): ZoneBox {
  const box = {
    id: zone.properties.id,
    polygon: zone.geometry,
    minLon: Infinity,
    minLat: Infinity,
    maxLon: -Infinity,
    maxLat: -Infinity,
  };
  for (const [lon, lat] of zone.geometry.coordinates[0] ?? []) {
    box.minLon = Math.min(box.minLon, lon);
    box.maxLon = Math.max(box.maxLon, lon);
    box.minLat = Math.min(box.minLat, lat);
    box.maxLat = Math.max(box.maxLat, lat);
  }
  return box;
}

/** The id of the first zone (in file order) containing the point, or null outside every zone. */
export function locateZone(site: Site, lat: number, lon: number): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  for (const box of zoneBoxes(site)) {
    if (lon < box.minLon || lon > box.maxLon || lat < box.minLat || lat > box.maxLat) continue;
    if (pointInPolygon(lat, lon, box.polygon)) return box.id;
  }
  return null;
}

/** False for anything that is not a dotted-quad IPv4 address or an IPv4 CIDR. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = parseIpv4(ip);
  const network = parseCidr(cidr);
  return address !== null && network !== null && cidrContains(network, address);
}

/** Addresses whose zone network is remembered per site index; beyond it the memory starts over. */
const MAX_REMEMBERED_IPS = 10_000;

export interface SiteIndex {
  sensorsById: Map<string, SensorFeature>;
  zonesById: Map<string, ZoneFeature>;
  assetsById: Map<string, Asset>;
  assetsByIp: Map<string, Asset>;
  /** A known asset's zone first; otherwise the zone whose network is the most specific match. */
  zoneForIp(ip: string): string | null;
  locateZone(lat: number, lon: number): string | null;
}

export function buildSiteIndex(site: Site): SiteIndex {
  const sensorsById = new Map(site.sensors.features.map((s) => [s.properties.id, s] as const));
  const zonesById = new Map(site.zones.features.map((z) => [z.properties.id, z] as const));
  const assetsById = new Map(site.assets.map((a) => [a.id, a] as const));
  const assetsByIp = new Map<string, Asset>();
  for (const asset of site.assets) for (const ip of asset.ips) assetsByIp.set(ip, asset);

  const networks: { zoneId: string; cidr: Cidr }[] = [];
  for (const zone of site.zones.features) {
    for (const text of zone.properties.networks) {
      const cidr = parseCidr(text);
      if (cidr) networks.push({ zoneId: zone.properties.id, cidr });
    }
  }
  // Longest prefix first, so a /28 carved out of a /16 wins over the /16.
  networks.sort((a, b) => b.cidr.prefix - a.cidr.prefix);
  const networkZones = new Map<string, string | null>();

  return {
    sensorsById,
    zonesById,
    assetsById,
    assetsByIp,
    zoneForIp(ip) {
      const asset = assetsByIp.get(ip);
      if (asset) return asset.zoneId;
      // Cyber feeds name the same few hundred addresses over and over: remember the answers.
      const known = networkZones.get(ip);
      if (known !== undefined) return known;
      const address = parseIpv4(ip);
      let zoneId: string | null = null;
      if (address !== null) {
        for (const n of networks) {
          if (cidrContains(n.cidr, address)) {
            zoneId = n.zoneId;
            break;
          }
        }
      }
      if (networkZones.size >= MAX_REMEMBERED_IPS) networkZones.clear();
      networkZones.set(ip, zoneId);
      return zoneId;
    },
    locateZone: (lat, lon) => locateZone(site, lat, lon),
  };
}
