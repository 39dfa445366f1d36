// Cross-file checks a JSON Schema cannot express: ids that must exist or be unique, rings that
// must close, addresses that must fall inside their zone's networks. Each part is undefined
// when its file already failed to parse or validate, and checks needing it are skipped, so one
// broken file does not bury its real problem under follow-on errors in the others.
import type { Asset, SensorFeature, SiteConfig, ZoneFeature } from '@portwatch/schema';
import { cidrContains, cidrsOverlap, formatIpv4, hasHostBits, parseCidr, parseIpv4, type Cidr } from './ipv4.ts';
import type { SiteIssue } from './site-config-error.ts';

/** A file's list; items at the `broken` indexes failed the schema and are not checked again. */
export interface ListPart<T> {
  items: T[];
  broken: ReadonlySet<number>;
}

export interface SiteParts {
  config?: SiteConfig;
  zones?: ListPart<ZoneFeature>;
  sensors?: ListPart<SensorFeature>;
  assets?: ListPart<Asset>;
}

function valid<T>(part: ListPart<T>): [item: T, index: number][] {
  return part.items.flatMap((item, i) => (part.broken.has(i) ? [] : [[item, i] as [T, number]]));
}

export function checkSite({ config, zones, sensors, assets }: SiteParts): SiteIssue[] {
  const issues: SiteIssue[] = [];
  if (config) checkConfig(config, issues);
  if (zones) checkZones(zones, issues);
  // Ids of broken items still count as existing: the broken item is already reported, and a
  // second "unknown zone" for everything that points at it would only hide that report.
  const zoneIds = zones && declaredIds(zones.items, (z) => z?.properties?.id);
  if (sensors) checkSensors(sensors, zoneIds, issues);
  if (assets) checkAssets(assets, zones && valid(zones).map(([z]) => z), zoneIds, issues);
  return issues;
}

function declaredIds<T>(items: T[], id: (item: T) => unknown): Set<string> {
  return new Set(items.map(id).filter((x): x is string => typeof x === 'string'));
}

function checkConfig(config: SiteConfig, issues: SiteIssue[]): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.timezone });
  } catch {
    issues.push({
      file: 'site.yaml',
      path: 'timezone',
      message: `unknown time zone "${config.timezone}" (expected an IANA name like "Europe/Madrid")`,
    });
  }
}

function checkZones(zones: ListPart<ZoneFeature>, issues: SiteIssue[]): void {
  const file = 'zones.geojson';
  uniqueIds(
    file,
    valid(zones).map(([z, i]) => [z.properties.id, `features[${i}].properties.id`]),
    issues,
  );
  const seen: { cidr: Cidr; text: string; zone: string }[] = [];
  for (const [zone, i] of valid(zones)) {
    zone.geometry.coordinates.forEach((ring, r) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        issues.push({
          file,
          path: `features[${i}].geometry.coordinates[${r}]`,
          message: `ring not closed (expected the last position to repeat the first, ${JSON.stringify(first)})`,
        });
      }
    });
    zone.properties.networks.forEach((text, k) => {
      const path = `features[${i}].properties.networks[${k}]`;
      const cidr = parseCidr(text);
      if (!cidr) return; // the schema pattern already reported it
      if (hasHostBits(text)) {
        issues.push({
          file,
          path,
          message: `"${text}" has host bits set (expected ${formatIpv4(cidr.network)}/${cidr.prefix})`,
        });
      }
      const clash = seen.find((s) => cidrsOverlap(s.cidr, cidr));
      if (clash)
        issues.push({
          file,
          path,
          message: `"${text}" overlaps ${clash.text} of zone "${clash.zone}" (expected each zone's networks to be its own)`,
        });
      seen.push({ cidr, text, zone: zone.properties.id });
    });
  }
}

function checkSensors(sensors: ListPart<SensorFeature>, zoneIds: Set<string> | undefined, issues: SiteIssue[]): void {
  const file = 'sensors.geojson';
  uniqueIds(
    file,
    valid(sensors).map(([s, i]) => [s.properties.id, `features[${i}].properties.id`]),
    issues,
  );
  if (!zoneIds) return;
  for (const [sensor, i] of valid(sensors))
    knownZone(file, `features[${i}].properties.zoneId`, sensor.properties.zoneId, zoneIds, issues);
}

function checkAssets(
  part: ListPart<Asset>,
  zones: ZoneFeature[] | undefined,
  zoneIds: Set<string> | undefined,
  issues: SiteIssue[],
): void {
  const file = 'assets.yaml';
  const assets = valid(part);
  uniqueIds(
    file,
    assets.map(([a, i]) => [a.id, `assets[${i}].id`]),
    issues,
  );
  const assetIds = declaredIds(part.items, (a) => a?.id);
  const ipOwner = new Map<string, string>();
  for (const [asset, i] of assets) {
    asset.dependsOn.forEach((dep, k) => {
      const path = `assets[${i}].dependsOn[${k}]`;
      if (dep === asset.id)
        issues.push({ file, path, message: `"${dep}" is the asset itself (expected another asset's id)` });
      else if (!assetIds.has(dep))
        issues.push({ file, path, message: `unknown asset "${dep}" (expected one of ${[...assetIds].join(', ')})` });
    });
    asset.ips.forEach((ip, k) => {
      const owner = ipOwner.get(ip);
      if (owner)
        issues.push({
          file,
          path: `assets[${i}].ips[${k}]`,
          message: `${ip} is already the address of "${owner}" (expected one asset per address)`,
        });
      else ipOwner.set(ip, asset.id);
    });
    if (!zoneIds) continue;
    asset.controls.forEach((zoneId, k) => knownZone(file, `assets[${i}].controls[${k}]`, zoneId, zoneIds, issues));
    if (!knownZone(file, `assets[${i}].zoneId`, asset.zoneId, zoneIds, issues)) continue;
    const zone = zones?.find((z) => z.properties.id === asset.zoneId);
    if (!zone) continue; // the zone itself is broken and already reported
    const networks = zone.properties.networks;
    asset.ips.forEach((ip, k) => {
      const address = parseIpv4(ip);
      if (address === null || networks.some((n) => inNetwork(n, address))) return;
      const expected = networks.length
        ? `an address in ${networks.join(', ')}`
        : 'a zone with networks; this zone has none';
      issues.push({
        file,
        path: `assets[${i}].ips[${k}]`,
        message: `${ip} is outside zone "${asset.zoneId}" (expected ${expected})`,
      });
    });
  }
  const cycle = findCycle(assets.map(([a]) => a));
  if (cycle) {
    const i = part.items.findIndex((a) => a?.id === cycle[0]);
    issues.push({
      file,
      path: `assets[${i}].dependsOn`,
      message: `dependency cycle ${cycle.join(' -> ')} (expected dependsOn to form no loop)`,
    });
  }
}

function inNetwork(text: string, address: number): boolean {
  const cidr = parseCidr(text);
  return cidr !== null && cidrContains(cidr, address);
}

function knownZone(file: string, path: string, zoneId: string, zoneIds: Set<string>, issues: SiteIssue[]): boolean {
  if (zoneIds.has(zoneId)) return true;
  issues.push({ file, path, message: `unknown zone "${zoneId}" (expected one of ${[...zoneIds].join(', ')})` });
  return false;
}

function uniqueIds(file: string, entries: [id: string, path: string][], issues: SiteIssue[]): void {
  const firstAt = new Map<string, string>();
  for (const [id, path] of entries) {
    const first = firstAt.get(id);
    if (first) issues.push({ file, path, message: `duplicate id "${id}" (already used at ${first})` });
    else firstAt.set(id, path);
  }
}

/** Propagation walks dependsOn edges; a loop would make it spin, so the first one found is reported. */
function findCycle(assets: Asset[]): string[] | null {
  const deps = new Map(assets.map((a) => [a.id, a.dependsOn] as const));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done' || !deps.has(id)) return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const asset of assets) {
    const found = visit(asset.id);
    if (found) return found;
  }
  return null;
}
