import { describe, it, expect } from 'vitest';
import type { Polygon, Position, Site } from '@portwatch/schema';
import { buildSiteIndex, ipInCidr, listSites, loadSite, pointInPolygon, siteDir } from './index.ts';

const sites: Record<string, Site> = {
  valencia: await loadSite(siteDir('valencia')),
  piraeus: await loadSite(siteDir('piraeus')),
  'zagreb-airport': await loadSite(siteDir('zagreb-airport')),
};

// Generous boxes around each port: a typo in a coordinate (a swapped sign, lat for lon) lands
// far outside and fails here rather than drawing a zone in another country.
const BOUNDS = {
  valencia: { minLat: 39.41, maxLat: 39.48, minLon: -0.35, maxLon: -0.22 },
  piraeus: { minLat: 37.9, maxLat: 37.97, minLon: 23.53, maxLon: 23.66 },
  'zagreb-airport': { minLat: 45.7, maxLat: 45.79, minLon: 16.0, maxLon: 16.14 },
};
const MIN = {
  valencia: { zones: 10, sensors: 40 },
  piraeus: { zones: 8, sensors: 30 },
  'zagreb-airport': { zones: 10, sensors: 30 },
};

describe('shipped sites', () => {
  it('lists the sample sites', () => {
    expect(listSites()).toEqual(expect.arrayContaining(['piraeus', 'valencia', 'zagreb-airport']));
    expect(() => siteDir('nowhere')).toThrow(/unknown site "nowhere" \(expected one of .*valencia/);
  });

  for (const [id, site] of Object.entries(sites)) {
    const bounds = BOUNDS[id as keyof typeof BOUNDS];
    const zoneOf = (zoneId: string) => site.zones.features.find((z) => z.properties.id === zoneId)!;
    const landZones = site.zones.features.filter((z) => z.properties.kind !== 'water');

    describe(id, () => {
      it('loads with its id, time zone and an offline map', () => {
        expect(site.id).toBe(id);
        expect(site.tileUrl).toBeNull();
        expect(site.zones.features.length).toBeGreaterThanOrEqual(MIN[id as keyof typeof MIN].zones);
        expect(site.sensors.features.length).toBeGreaterThanOrEqual(MIN[id as keyof typeof MIN].sensors);
      });

      it('places every zone inside the port area, and no two zones overlap', () => {
        for (const zone of site.zones.features) {
          for (const [lon, lat] of zone.geometry.coordinates[0]) {
            expect({
              zone: zone.properties.id,
              inside: lat > bounds.minLat && lat < bounds.maxLat && lon > bounds.minLon && lon < bounds.maxLon,
            }).toEqual({ zone: zone.properties.id, inside: true });
          }
        }
        const overlapping: string[] = [];
        site.zones.features.forEach((a, i) =>
          site.zones.features.slice(i + 1).forEach((b) => {
            if (polygonsOverlap(a.geometry, b.geometry)) overlapping.push(`${a.properties.id} / ${b.properties.id}`);
          }),
        );
        expect(overlapping).toEqual([]);
      });

      it('puts every sensor inside the zone it declares', () => {
        const misplaced = site.sensors.features
          .filter(
            (s) =>
              !pointInPolygon(
                s.geometry.coordinates[1],
                s.geometry.coordinates[0],
                zoneOf(s.properties.zoneId).geometry,
              ),
          )
          .map((s) => s.properties.id);
        expect(misplaced).toEqual([]);
        const index = buildSiteIndex(site);
        for (const s of site.sensors.features) {
          expect(index.locateZone(s.geometry.coordinates[1], s.geometry.coordinates[0])).toBe(s.properties.zoneId);
        }
      });

      it.runIf(site.kind === 'seaport')('has the sensor kinds the scenarios need', () => {
        const kinds = new Set(site.sensors.features.map((s) => s.properties.kind));
        expect([...kinds].sort()).toEqual([
          'access_reader',
          'ais_receiver',
          'camera',
          'door',
          'drone_detector',
          'fence',
          'ids_tap',
          'radar',
        ]);
      });

      it.runIf(site.kind === 'seaport')(
        'gives land zones their own networks and at least two assets each, water zones none',
        () => {
          for (const zone of site.zones.features) {
            const count = site.assets.filter((a) => a.zoneId === zone.properties.id).length;
            if (zone.properties.kind === 'water') expect(zone.properties.networks).toEqual([]);
            else
              expect({
                zone: zone.properties.id,
                nets: zone.properties.networks.length > 0,
                assets: count >= 2,
              }).toEqual({ zone: zone.properties.id, nets: true, assets: true });
          }
          expect(landZones.length).toBeGreaterThan(0);
        },
      );

      it('resolves every asset address back to the asset and its zone', () => {
        const index = buildSiteIndex(site);
        for (const asset of site.assets) {
          for (const ip of asset.ips) {
            expect(index.assetsByIp.get(ip)?.id).toBe(asset.id);
            expect(index.zoneForIp(ip)).toBe(asset.zoneId);
            expect(zoneOf(asset.zoneId).properties.networks.some((n) => ipInCidr(ip, n))).toBe(true);
          }
        }
      });

      it.runIf(site.kind === 'seaport')('models the cascades the scenarios rely on', () => {
        const asset = (assetId: string) => site.assets.find((a) => a.id === assetId)!;
        const gateZone = site.zones.features.find((z) => z.properties.kind === 'gate')!.properties.id;
        expect(asset('gate-control-srv').controls).toContain(gateZone);
        expect(asset('gate-control-srv').dependsOn).toContain('tos-srv');
        const cranes = site.assets.filter((a) => a.kind === 'plc' && a.id.includes('crane'));
        expect(cranes.length).toBeGreaterThanOrEqual(2);
        for (const crane of cranes) expect(crane.dependsOn).toContain('tos-srv');
        expect(asset('vms-srv').controls.length).toBeGreaterThanOrEqual(3);
        expect(asset('acs-srv').kind).toBe('server');
        expect(asset('pcs-app').kind).toBe('application');
        expect(asset('cruise-ctrl-pc')).toMatchObject({ kind: 'workstation', zoneId: 'cruise-terminal' });
        expect(asset('cruise-pis').dependsOn).toContain('cruise-ctrl-pc');
        expect(asset('fuel-scada')).toMatchObject({ kind: 'scada', zoneId: 'fuel-bunkering' });
      });

      it.runIf(site.kind === 'airport')('has the sensor kinds an airport needs, and no AIS receiver', () => {
        const kinds = new Set(site.sensors.features.map((s) => s.properties.kind));
        expect([...kinds].sort()).toEqual([
          'access_reader',
          'camera',
          'door',
          'drone_detector',
          'fence',
          'ids_tap',
          'radar',
        ]);
      });

      it.runIf(site.kind === 'airport')(
        'gives zones with a LAN at least two assets; the runway and approach areas are open ground',
        () => {
          for (const zone of site.zones.features) {
            const count = site.assets.filter((a) => a.zoneId === zone.properties.id).length;
            if (zone.properties.networks.length)
              expect({ zone: zone.properties.id, count: count >= 2 }).toEqual({
                zone: zone.properties.id,
                count: true,
              });
            else
              expect({ zone: zone.properties.id, kind: zone.properties.kind, count }).toEqual({
                zone: zone.properties.id,
                kind: 'airside',
                count: 0,
              });
          }
          for (const id of [
            'runway',
            'terminal',
            'apron',
            'baggage-hall',
            'fuel-farm',
            'tower',
            'data-centre',
            'perimeter-south',
          ])
            expect(zoneOf(id)).toBeDefined();
        },
      );

      it.runIf(site.kind === 'airport')('models the baggage-handling cascade the scenario relies on', () => {
        const asset = (assetId: string) => site.assets.find((a) => a.id === assetId)!;
        expect(asset('bhs-scada-srv')).toMatchObject({
          kind: 'scada',
          zoneId: 'data-centre',
          controls: ['baggage-hall'],
        });
        const bhsPlcs = site.assets.filter((a) => a.kind === 'plc' && a.zoneId === 'baggage-hall');
        expect(bhsPlcs.length).toBeGreaterThanOrEqual(2);
        for (const plc of bhsPlcs) expect(plc.dependsOn).toContain('bhs-scada-srv');
        expect(asset('bhs-hmi-01').dependsOn).toContain('bhs-scada-srv');
      });
    });
  }
});

function polygonsOverlap(a: Polygon, b: Polygon): boolean {
  const ra = a.coordinates[0];
  const rb = b.coordinates[0];
  const vertexInside = (ring: Position[], other: Polygon) => ring.some(([lon, lat]) => pointInPolygon(lat, lon, other));
  return vertexInside(ra, b) || vertexInside(rb, a) || edgesCross(ra, rb);
}

function edgesCross(ra: Position[], rb: Position[]): boolean {
  const side = (p: Position, q: Position, r: Position) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  for (let i = 0; i + 1 < ra.length; i++) {
    for (let j = 0; j + 1 < rb.length; j++) {
      const [p1, p2, q1, q2] = [ra[i], ra[i + 1], rb[j], rb[j + 1]];
      if (side(p1, p2, q1) * side(p1, p2, q2) < 0 && side(q1, q2, p1) * side(q1, q2, p2) < 0) return true;
    }
  }
  return false;
}
