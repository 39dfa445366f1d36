// An incident as an IDMEFv2 alert (draft 2.D.V06) for an analyst's export: the sanitized
// incident alert the simulators' encoder writes, plus what was seen —
//   StartTime / EndTime — the incident's first and last seen
//   Analyzer.Type       — Cyber and/or Physical, one per domain of the incident
//   Category            — from the indicators' types (table below); none when nothing fits
//   Sensor[]            — each sensor (or feed) that reported an indicator
//   Source[]            — the cyber observables: one per IP address, with the host name and
//                         user seen with it, the zone and the indicator's position
//   Vector[]            — what moved in the physical world: a drone (uas_id), a vessel
//                         (MMSI/IMO), a person (badge), else an unknown object, where it was
//   Target[]            — the incident's zones, each at its polygon's centre
//   Confidence          — the mean confidence of the indicators, 0–1
import type { Indicator, ZoneFeature } from '@portwatch/schema';
import { idmefGeoLocation, idmefIncidentAlert, type IdmefAlert } from '@portwatch/schema';
import { indicatorsInTimeOrder, type ExportInput } from './export-input.ts';

/** IDMEFv2 2.D.V06 categoryEnum values for Portwatch indicator types. */
const CATEGORY_BY_TYPE: [RegExp, string][] = [
  [/^(perimeter\.|access\.door_forced)/, 'Intrusion.Burglary'],
  [/^net\.scan/, 'Recon.Scanning'],
  [/^auth\.failure/, 'Attempt.Login'],
  [/^ids\.alert/, 'Attempt.Exploit'],
  [/^video\.tamper/, 'Availability.Sabotage'],
];

const VECTOR_BY_OBSERVABLE: Record<string, string> = {
  uas_id: 'Drone',
  mmsi: 'Vehicle',
  imo: 'Vehicle',
  badge: 'Human',
  track_id: 'Object',
};

export function exportIdmef(input: ExportInput): IdmefAlert {
  const { incident } = input;
  const indicators = indicatorsInTimeOrder(input);
  const centres = new Map(input.zones.map((z) => [z.properties.id, zoneCentre(z)]));
  const alert = idmefIncidentAlert(incident, { zoneLocation: (id) => centres.get(id) });
  const categories = [...new Set(indicators.flatMap((i) => categoryOf(i.type) ?? []))];
  if (categories.length > 0) alert.Category = categories;
  if (indicators.length > 0)
    alert.Confidence = Math.round(indicators.reduce((s, i) => s + i.confidence, 0) / indicators.length) / 100;

  const sensors = new Map<string, Record<string, unknown>>();
  const sources: Record<string, unknown>[] = [];
  const vectors: Record<string, unknown>[] = [];
  for (const indicator of indicators) {
    const name = indicator.source.sensorId ?? indicator.source.feed;
    if (!sensors.has(name)) sensors.set(name, sensorOf(indicator, name));
    const where = {
      ...(indicator.location && { GeoLocation: idmefGeoLocation(indicator.location) }),
      ...(indicator.zoneId !== null && { Location: indicator.zoneId }),
    };
    const note = `${indicator.time} ${indicator.type}: ${indicator.title}`;
    const first = (type: string) => indicator.observables.find((o) => o.type === type)?.value;
    const ips = indicator.observables.filter((o) => o.type === 'ip').map((o) => o.value);
    const host = first('hostname');
    const user = first('user');
    for (const ip of ips)
      sources.push({ IP: ip, ...(host && { Hostname: host }), ...(user && { User: user }), ...where, Note: note });
    if (ips.length === 0 && (host || user))
      sources.push({ ...(host && { Hostname: host }), ...(user && { User: user }), ...where, Note: note });
    if (indicator.domain === 'physical') {
      const moving = indicator.observables.find((o) => VECTOR_BY_OBSERVABLE[o.type] !== undefined);
      vectors.push({
        Category: [moving ? VECTOR_BY_OBSERVABLE[moving.type] : 'Unknown'],
        Name: moving ? `${moving.type} ${moving.value}` : 'Unknown',
        ...where,
        Note: note,
      });
    }
  }
  if (sensors.size > 0) alert.Sensor = [...sensors.values()];
  if (sources.length > 0) alert.Source = sources;
  if (vectors.length > 0) alert.Vector = vectors;
  return alert;
}

function categoryOf(type: string): string | undefined {
  return CATEGORY_BY_TYPE.find(([pattern]) => pattern.test(type))?.[1];
}

function sensorOf(indicator: Indicator, name: string): Record<string, unknown> {
  const model = [indicator.source.vendor, indicator.source.product].filter(Boolean).join(' ');
  return {
    Name: name,
    ...(model !== '' && { Model: model }),
    ...(indicator.zoneId !== null && { Location: indicator.zoneId }),
  };
}

/** The mean of the outline's corners: inside the convex zones a site plan draws. */
function zoneCentre(zone: ZoneFeature): { lat: number; lon: number } {
  const ring = zone.geometry.coordinates[0];
  const corners = ring.length > 1 && ring[0].join() === ring[ring.length - 1].join() ? ring.slice(0, -1) : ring;
  const sum = corners.reduce((s, [lon, lat]) => ({ lat: s.lat + lat, lon: s.lon + lon }), { lat: 0, lon: 0 });
  return { lat: sum.lat / corners.length, lon: sum.lon / corners.length };
}
