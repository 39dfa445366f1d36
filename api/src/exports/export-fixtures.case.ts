// Incidents as correlation raises them on the Valencia sample site, with indicators in the
// values their wire formats carry (Suricata EVE, ONVIF access control, NMEA AIS, Remote ID,
// Zeek). Shared by the export tests; the zones are the site's own zones.geojson.
import type { Incident, Indicator, ZoneFeature } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import type { ExportInput } from './export-input.ts';

export async function valenciaZones(): Promise<ZoneFeature[]> {
  return (await loadSite(siteDir('valencia'))).zones.features;
}

function indicator(
  partial: Partial<Indicator> & Pick<Indicator, 'id' | 'time' | 'domain' | 'type' | 'title'>,
): Indicator {
  return {
    ingestTime: partial.time,
    mode: 'live',
    siteId: 'valencia',
    zoneId: null,
    severity: 3,
    confidence: 80,
    location: null,
    source: { feed: 'test', format: 'json', sensorId: null },
    observables: [],
    tags: [],
    ...partial,
  };
}

/** A door forced at the north gate while the gate-control server talks to a Tor exit: live, critical. */
export function hybridLive(zones: ZoneFeature[]): ExportInput {
  const indicators: Indicator[] = [
    indicator({
      id: 'eve-1711329067532417-1201',
      time: '2026-12-04T03:11:07.532Z',
      domain: 'cyber',
      type: 'ids.alert',
      title: 'ET TOR Known Tor Exit Node Traffic group 47',
      severity: 4,
      zoneId: 'data-centre',
      source: { feed: 'suricata-dc', format: 'eve', sensorId: 'ids-dc-01', vendor: 'OISF', product: 'Suricata' },
      observables: [
        { type: 'ip', value: '10.20.4.15' },
        { type: 'ip', value: '185.220.101.47' },
        { type: 'hostname', value: 'gate-ctrl-01.valenciaport.local' },
      ],
      assetId: 'gate-control-server',
      correlationKey: '1:Vq3mW4zj2Kx6v7kH3u6bQ2JvJ7A=',
    }),
    indicator({
      id: 'cef-fw-dc-0193',
      time: '2026-12-04T03:11:40.000Z',
      domain: 'cyber',
      type: 'auth.failure',
      title: 'VPN login failed for svc-gate',
      severity: 3,
      zoneId: 'data-centre',
      source: { feed: 'fw-dc', format: 'cef', sensorId: 'fw-dc-01', vendor: 'Fortinet', product: 'FortiGate' },
      observables: [
        { type: 'user', value: 'svc-gate' },
        { type: 'ip', value: '10.20.4.15' },
        { type: 'mac', value: '00:1B:54:AA:10:2F' },
      ],
    }),
    indicator({
      id: 'onvif-door-gn-02-20261204T031200',
      time: '2026-12-04T03:12:00.000Z',
      domain: 'physical',
      type: 'access.door_forced',
      title: 'Door forced open: Gate North pedestrian door <GN-02> & turnstile',
      severity: 5,
      zoneId: 'gate-north',
      location: { lat: 39.4496, lon: -0.3288 },
      source: { feed: 'acs-gates', format: 'onvif', sensorId: 'acs-gn-02', vendor: 'Axis', product: 'A1601' },
      observables: [{ type: 'badge', value: '0004417823' }],
    }),
  ];
  const incident: Incident = {
    id: 'hybrid-zone-activity:gate-north:2026-12-04T03:10:00.000Z',
    ruleId: 'hybrid-zone-activity',
    title: 'Hybrid physical–cyber activity in North Gate Complex (Acceso Norte)',
    severity: 5,
    status: 'acknowledged',
    siteId: 'valencia',
    zoneId: 'gate-north',
    affectedZones: ['gate-north', 'data-centre'],
    domains: ['cyber', 'physical'],
    // The last id's indicator has passed its retention: exports must cope with the gap.
    indicatorIds: [...indicators.map((i) => i.id), 'eve-expired-0001'],
    firstSeen: '2026-12-04T03:11:07.532Z',
    lastSeen: '2026-12-04T03:12:00.000Z',
    mode: 'live',
    history: [
      { at: '2026-12-04T03:12:30.000Z', by: 'operator-ana', action: 'acknowledge', from: 'new', to: 'acknowledged' },
    ],
  };
  return { incident, indicators, zones };
}

/** A feeder vessel going dark on approach, raised during an exercise and resolved by the drill's operator. */
export function aisExercise(zones: ZoneFeature[]): ExportInput {
  const common = {
    domain: 'physical' as const,
    mode: 'exercise' as const,
    zoneId: 'approach-channel',
    source: { feed: 'ais-port', format: 'nmea', sensorId: 'r003669945' },
  };
  const indicators: Indicator[] = [
    indicator({
      ...common,
      id: 'ais-636021804-20261204T021500',
      time: '2026-12-04T02:15:00.000Z',
      type: 'ais.position',
      title: 'MARE EXEMPLUM under way, 11.2 kn',
      severity: 1,
      location: { lat: 39.4459, lon: -0.2875 },
      observables: [
        { type: 'mmsi', value: '636021804' },
        { type: 'imo', value: '9321483' },
      ],
    }),
    indicator({
      ...common,
      id: 'ais-gap-636021804-20261204T022500',
      time: '2026-12-04T02:25:00.000Z',
      type: 'ais.gap',
      title: 'MMSI 636021804 silent for 10 min while under way',
      severity: 3,
      location: { lat: 39.4462, lon: -0.293 },
      observables: [{ type: 'mmsi', value: '636021804' }],
      correlationKey: '636021804',
    }),
  ];
  const incident: Incident = {
    id: 'ais-gap-near-port:approach-channel:2026-12-04T02:20:00.000Z',
    ruleId: 'ais-gap-near-port',
    title: 'Vessel went dark in Approach Channel',
    severity: 3,
    status: 'resolved',
    siteId: 'valencia',
    zoneId: 'approach-channel',
    affectedZones: ['approach-channel'],
    domains: ['physical'],
    indicatorIds: indicators.map((i) => i.id),
    firstSeen: '2026-12-04T02:15:00.000Z',
    lastSeen: '2026-12-04T02:25:00.000Z',
    mode: 'exercise',
    history: [
      { at: '2026-12-04T02:27:00.000Z', by: 'operator-ana', action: 'acknowledge', from: 'new', to: 'acknowledged' },
      {
        at: '2026-12-04T02:41:00.000Z',
        by: 'operator-ana',
        action: 'resolve',
        from: 'acknowledged',
        to: 'resolved',
        note: 'handled: VTS raised the vessel on VHF 16, transponder back on',
      },
    ],
  };
  return { incident, indicators, zones };
}

/** A drone over the cruise terminal in a replayed capture, and a port scan on the data-centre LAN. */
export function droneReplay(zones: ZoneFeature[]): ExportInput {
  const indicators: Indicator[] = [
    indicator({
      id: 'rid-1596A1234567890A-20260115T091200',
      time: '2026-01-15T09:12:00.250Z',
      mode: 'replay',
      domain: 'physical',
      type: 'drone.detected',
      title: 'Drone 1596A1234567890A at 85 m over the cruise terminal',
      severity: 4,
      zoneId: 'cruise-terminal',
      location: { lat: 39.4497, lon: -0.3151 },
      source: { feed: 'remote-id', format: 'remoteid', sensorId: 'rid-ct-01' },
      observables: [{ type: 'uas_id', value: '1596A1234567890A' }],
    }),
  ];
  const incident: Incident = {
    id: 'drone-over-restricted-area:cruise-terminal:2026-01-15T09:10:00.000Z',
    ruleId: 'drone-over-restricted-area',
    title: 'Drone over Cruise Terminal (Muelle de Levante)',
    severity: 4,
    status: 'new',
    siteId: 'valencia',
    zoneId: 'cruise-terminal',
    affectedZones: [],
    domains: ['physical'],
    indicatorIds: indicators.map((i) => i.id),
    firstSeen: '2026-01-15T09:12:00.250Z',
    lastSeen: '2026-01-15T09:12:00.250Z',
    mode: 'replay',
    history: [],
  };
  return { incident, indicators, zones };
}

export function portScanLive(zones: ZoneFeature[]): ExportInput {
  const indicators: Indicator[] = [
    indicator({
      id: 'zeek-notice-CHhAvVGS1DHFjwGM9',
      time: '2026-12-04T04:00:01.123Z',
      domain: 'cyber',
      type: 'net.scan',
      title: 'Scan::Port_Scan 10.20.9.77 scanned at least 15 unique ports of host 10.20.4.15 in 0m2s',
      severity: 2,
      zoneId: 'data-centre',
      source: { feed: 'zeek-dc', format: 'zeek', sensorId: 'zeek-dc-01' },
      observables: [
        { type: 'ip', value: '10.20.9.77' },
        { type: 'ip', value: 'fe80::1ff:fe23:4567:890a' },
      ],
    }),
  ];
  const incident: Incident = {
    id: 'port-scan:data-centre:2026-12-04T04:00:00.000Z',
    ruleId: 'port-scan',
    title: 'Port scan in Port Authority Data Centre',
    severity: 2,
    status: 'new',
    siteId: 'valencia',
    zoneId: 'data-centre',
    affectedZones: ['data-centre'],
    domains: ['cyber'],
    indicatorIds: indicators.map((i) => i.id),
    firstSeen: '2026-12-04T04:00:01.123Z',
    lastSeen: '2026-12-04T04:00:01.123Z',
    mode: 'live',
    history: [],
  };
  return { incident, indicators, zones };
}

export async function allFixtures(): Promise<ExportInput[]> {
  const zones = await valenciaZones();
  return [hybridLive(zones), aisExercise(zones), droneReplay(zones), portScanLive(zones)];
}
