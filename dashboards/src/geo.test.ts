import { describe, it, expect } from 'vitest';
import type { Polygon, Site } from '@portwatch/schema';
import { buildSiteIndex, ipInCidr, locateZone, pointInPolygon } from './geo.ts';

// A 1°×1° square with a 0.2° hole in the middle; lon 10–11, lat 50–51.
const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [10, 50],
      [11, 50],
      [11, 51],
      [10, 51],
      [10, 50],
    ],
    [
      [10.4, 50.4],
      [10.4, 50.6],
      [10.6, 50.6],
      [10.6, 50.4],
      [10.4, 50.4],
    ],
  ],
};
// An L shape, whose bounding box contains points that are outside the polygon.
const ell: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ],
  ],
};

describe('pointInPolygon', () => {
  it('takes latitude first while GeoJSON stores longitude first', () => {
    expect(pointInPolygon(50.1, 10.1, square)).toBe(true);
    expect(pointInPolygon(10.1, 50.1, square)).toBe(false);
  });
  it('excludes holes and the concave notch of an L', () => {
    expect(pointInPolygon(50.5, 10.5, square)).toBe(false);
    expect(pointInPolygon(50.3, 10.5, square)).toBe(true);
    expect(pointInPolygon(1.5, 1.5, ell)).toBe(false);
    expect(pointInPolygon(1.5, 0.5, ell)).toBe(true);
    expect(pointInPolygon(0.5, 1.5, ell)).toBe(true);
  });
  it('decides points just either side of an edge and rejects far ones', () => {
    expect(pointInPolygon(50.5, 10 + 1e-9, square)).toBe(true);
    expect(pointInPolygon(50.5, 10 - 1e-9, square)).toBe(false);
    expect(pointInPolygon(51 + 1e-9, 10.5, square)).toBe(false);
    expect(pointInPolygon(-50.5, -10.5, square)).toBe(false);
    expect(pointInPolygon(Number.NaN, 10.5, square)).toBe(false);
  });
  it('treats an empty polygon as containing nothing', () => {
    expect(pointInPolygon(0, 0, { type: 'Polygon', coordinates: [] })).toBe(false);
  });
});

describe('ipInCidr', () => {
  it('matches by prefix, including /0 and /32', () => {
    expect(ipInCidr('10.20.3.14', '10.20.3.0/24')).toBe(true);
    expect(ipInCidr('10.20.4.0', '10.20.3.0/24')).toBe(false);
    expect(ipInCidr('10.20.3.255', '10.20.3.0/24')).toBe(true);
    expect(ipInCidr('203.0.113.9', '0.0.0.0/0')).toBe(true);
    expect(ipInCidr('255.255.255.255', '0.0.0.0/0')).toBe(true);
    expect(ipInCidr('10.0.0.1', '10.0.0.1/32')).toBe(true);
    expect(ipInCidr('10.0.0.2', '10.0.0.1/32')).toBe(false);
    expect(ipInCidr('172.31.255.255', '172.16.0.0/12')).toBe(true);
    expect(ipInCidr('172.32.0.0', '172.16.0.0/12')).toBe(false);
  });
  it('answers false for anything that is not IPv4, never throws', () => {
    for (const ip of ['', '10.0.0', '10.0.0.256', '10.0.0.01', ' 10.0.0.1', '::1', '10.0.0.1/24', 'gate-north']) {
      expect(ipInCidr(ip, '0.0.0.0/0')).toBe(false);
    }
    for (const cidr of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/08', 'fe80::/10']) {
      expect(ipInCidr('10.0.0.1', cidr)).toBe(false);
    }
  });
});

function feature(id: string, polygon: Polygon, networks: string[]) {
  return {
    type: 'Feature' as const,
    geometry: polygon,
    properties: { id, name: id, kind: 'cargo' as const, criticality: 3, networks },
  };
}

const site: Site = {
  id: 'test',
  name: 'Test',
  kind: 'seaport',
  center: { lat: 50.5, lon: 10.5 },
  zoom: 14,
  timezone: 'UTC',
  tileUrl: null,
  dir: '/nowhere',
  zones: {
    type: 'FeatureCollection',
    features: [
      feature('yard', square, ['10.1.0.0/16']),
      feature('ell', ell, ['10.1.7.0/24']),
      feature(
        'hole-filler',
        {
          type: 'Polygon',
          coordinates: [
            [
              [10.45, 50.45],
              [10.55, 50.45],
              [10.55, 50.55],
              [10.45, 50.55],
              [10.45, 50.45],
            ],
          ],
        },
        [],
      ),
    ],
  },
  sensors: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [10.1, 50.1] },
        properties: { id: 'CAM-1', name: 'cam', kind: 'camera', zoneId: 'yard' },
      },
    ],
  },
  assets: [
    { id: 'srv', name: 'Server', kind: 'server', zoneId: 'ell', ips: ['10.1.200.5'], controls: [], dependsOn: [] },
  ],
};

describe('locateZone', () => {
  it('finds the zone, including one inside another zone’s hole, and null outside all', () => {
    expect(locateZone(site, 50.1, 10.1)).toBe('yard');
    expect(locateZone(site, 50.5, 10.5)).toBe('hole-filler');
    expect(locateZone(site, 50.42, 10.42)).toBeNull();
    expect(locateZone(site, 1.5, 1.5)).toBeNull();
    expect(locateZone(site, 0.5, 1.5)).toBe('ell');
    expect(locateZone(site, Number.NaN, Number.NaN)).toBeNull();
  });
});

describe('buildSiteIndex', () => {
  const index = buildSiteIndex(site);
  it('maps ids to sensors, zones and assets', () => {
    expect(index.sensorsById.get('CAM-1')?.properties.zoneId).toBe('yard');
    expect(index.zonesById.get('ell')?.properties.id).toBe('ell');
    expect(index.assetsById.get('srv')?.zoneId).toBe('ell');
  });
  it('places an IP by its asset first, then by the most specific zone network', () => {
    // 10.1.200.5 lies in the yard's /16, but the asset says it sits in the ell zone.
    expect(index.assetsByIp.get('10.1.200.5')?.id).toBe('srv');
    expect(index.zoneForIp('10.1.200.5')).toBe('ell');
    expect(index.zoneForIp('10.1.7.9')).toBe('ell');
    expect(index.zoneForIp('10.1.8.9')).toBe('yard');
    expect(index.zoneForIp('192.168.1.1')).toBeNull();
    expect(index.zoneForIp('not-an-ip')).toBeNull();
  });
});
