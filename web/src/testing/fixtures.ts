// Complete contract records (as the API sends them) for web tests; each builder takes
// overrides so that a test states only what it is about.
import type { Incident, Indicator, ZoneState } from '@portwatch/schema';
import type { SiteView } from '../services/api-types.ts';

export const NOW = Date.parse('2025-03-14T02:30:00Z');

export function minutesAgo(min: number): string {
  return new Date(NOW - min * 60_000).toISOString();
}

export function makeIncident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-gate-01',
    ruleId: 'gate-cyber-then-physical',
    title: 'Gate controller compromised, then door forced',
    severity: 4,
    status: 'new',
    siteId: 'valencia',
    zoneId: 'gate-north',
    affectedZones: ['gate-north'],
    domains: ['cyber', 'physical'],
    indicatorIds: ['eve:ids-dc-01:1', 'onvif:door-7:2'],
    firstSeen: minutesAgo(3),
    lastSeen: minutesAgo(1),
    mode: 'live',
    history: [{ at: minutesAgo(3), by: 'correlate', action: 'raised' }],
    ...over,
  };
}

export function makeIndicator(over: Partial<Indicator> = {}): Indicator {
  return {
    id: 'eve:ids-dc-01:1234',
    time: minutesAgo(0),
    ingestTime: minutesAgo(0),
    mode: 'live',
    siteId: 'valencia',
    zoneId: 'data-centre',
    domain: 'cyber',
    type: 'ids.alert',
    title: 'ET MALWARE Cobalt Strike Beacon Observed',
    severity: 5,
    confidence: 80,
    location: null,
    source: { feed: 'suricata', format: 'eve', sensorId: 'ids-dc-01', vendor: 'OISF', product: 'Suricata' },
    observables: [{ type: 'ip', value: '10.20.5.14' }],
    tags: [],
    ...over,
  };
}

export function makeZoneState(over: Partial<ZoneState> = {}): ZoneState {
  return {
    siteId: 'valencia',
    zoneId: 'gate-north',
    mode: 'live',
    risk: 10,
    physical: 5,
    cyber: 5,
    level: 'low',
    openIncidents: 0,
    updatedAt: minutesAgo(5),
    ...over,
  };
}

export function makeSite(over: Partial<SiteView> = {}): SiteView {
  const square = (lon: number, lat: number): [number, number][][] => [
    [
      [lon, lat],
      [lon + 0.004, lat],
      [lon + 0.004, lat + 0.003],
      [lon, lat + 0.003],
      [lon, lat],
    ],
  ];
  return {
    id: 'valencia',
    name: 'Port of Valencia',
    kind: 'seaport',
    center: { lat: 39.445, lon: -0.32 },
    zoom: 14,
    timezone: 'Europe/Madrid',
    tileUrl: null,
    zones: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            id: 'gate-north',
            name: 'North Gate',
            kind: 'gate',
            criticality: 4,
            networks: ['10.20.3.0/24'],
          },
          geometry: { type: 'Polygon', coordinates: square(-0.33, 39.45) },
        },
        {
          type: 'Feature',
          properties: {
            id: 'data-centre',
            name: 'Data Centre',
            kind: 'it',
            criticality: 5,
            networks: ['10.20.5.0/24'],
          },
          geometry: { type: 'Polygon', coordinates: square(-0.325, 39.44) },
        },
      ],
    },
    sensors: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'cam-1', name: 'Gate camera 1', kind: 'camera', zoneId: 'gate-north' },
          geometry: { type: 'Point', coordinates: [-0.328, 39.451] },
        },
      ],
    },
    assets: [],
    ...over,
  };
}
