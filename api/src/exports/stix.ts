// An incident as a STIX 2.1 bundle, for sharing with a partner port or a CERT:
//   identity      — Portwatch, the creator of every object (created_by_ref)
//   incident      — the incident (the STIX 2.1 Incident is a stub: name, description; severity,
//                   mode, zones and domains go in labels, the Portwatch id in external_references)
//   indicator     — one per Portwatch indicator: its observables as a STIX pattern, so values
//                   with no standard SCO (MMSI, IMO, badge, UAS id…) are shared too, under
//                   custom object types named x-portwatch-*
//   SCOs          — ipv4-addr / ipv6-addr / domain-name / user-account / mac-addr for the
//                   observables STIX has objects for, ids per STIX 2.1 §2.9 (UUID v5 of their
//                   identifying properties under the STIX namespace), each once per bundle
//   relationship  — related-to from every indicator and every SCO to the incident
// Ids are `<type>--<UUID v5>` of the Portwatch ids, so an incident exported twice keeps its ids.
import type { Incident, Indicator, Observable } from '@portwatch/schema';
import { SEVERITY_NAMES } from '@portwatch/schema';
import { incidentZones, indicatorsInTimeOrder, type ExportInput } from './export-input.ts';
import { uuidV5 } from './uuid-v5.ts';

/** Our namespace for SDO/SRO ids (a random v4, fixed once: changing it changes every id). */
export const PORTWATCH_STIX_NAMESPACE = '3b0e3c3a-6f1e-4c55-9d0e-8a3f2f6b9c41';
/** STIX 2.1 §2.9: the namespace of deterministic SCO ids. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

export type StixObject = { type: string; id: string } & Record<string, unknown>;
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

const IDENTITY_CREATED = '2025-01-01T00:00:00.000Z';

/** Pattern object paths of the observables STIX has no object type for. */
const CUSTOM_PATHS: Record<string, string> = {
  badge: 'x-portwatch-badge:badge_id',
  mmsi: 'x-portwatch-vessel:mmsi',
  imo: 'x-portwatch-vessel:imo',
  uas_id: 'x-portwatch-uas:uas_id',
  track_id: 'x-portwatch-track:track_id',
  asset: 'x-portwatch-asset:asset_id',
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

export function stixId(type: string, name: string): string {
  return `${type}--${uuidV5(PORTWATCH_STIX_NAMESPACE, `${type}:${name}`)}`;
}

/** STIX timestamps: UTC, "Z", milliseconds (created/modified must be exact to the millisecond). */
export function stixTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`STIX export: not a time: "${iso}"`);
  return new Date(ms).toISOString();
}

export function exportStix(input: ExportInput): StixBundle {
  const { incident } = input;
  const identity = portwatchIdentity();
  const created = stixTime(incident.firstSeen);
  const modified = stixTime(laterOf(incident.lastSeen, incident.history.at(-1)?.at));
  const incidentObject: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: stixId('incident', incident.id),
    created,
    modified,
    created_by_ref: identity.id,
    name: incident.title,
    description: describeIncident(input),
    labels: incidentLabels(incident),
    external_references: [
      { source_name: 'portwatch', external_id: incident.id, description: `Portwatch rule ${incident.ruleId}` },
    ],
    lang: 'en',
  };
  const objects: StixObject[] = [identity, incidentObject];
  const scos = new Map<string, StixObject>();
  const related = (source: StixObject, description: string, at: string) =>
    objects.push({
      type: 'relationship',
      spec_version: '2.1',
      id: stixId('relationship', `${source.id}|related-to|${incidentObject.id}`),
      created: stixTime(at),
      modified: stixTime(at),
      created_by_ref: identity.id,
      relationship_type: 'related-to',
      description,
      source_ref: source.id,
      target_ref: incidentObject.id,
    });

  for (const indicator of indicatorsInTimeOrder(input)) {
    const sdo = indicatorObject(indicator, identity.id);
    objects.push(sdo);
    related(sdo, `Portwatch indicator ${indicator.id} behind the incident`, indicator.time);
    for (const observable of indicator.observables) {
      const sco = cyberObservable(observable);
      if (sco === null || scos.has(sco.id)) continue;
      scos.set(sco.id, sco);
      objects.push(sco);
      related(sco, `Seen by ${indicator.source.feed} in indicator ${indicator.id}`, indicator.time);
    }
  }
  return { type: 'bundle', id: stixId('bundle', `${incident.id}@${modified}`), objects };
}

function portwatchIdentity(): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: stixId('identity', 'portwatch'),
    created: IDENTITY_CREATED,
    modified: IDENTITY_CREATED,
    name: 'Portwatch',
    description: 'Combined physical–cyber threat monitoring for seaports and airports',
    identity_class: 'system',
    sectors: ['transportation'],
  };
}

function incidentLabels(incident: Incident): string[] {
  return [
    `severity:${SEVERITY_NAMES[incident.severity]}`,
    `status:${incident.status}`,
    `mode:${incident.mode}`,
    `site:${incident.siteId}`,
    ...incident.domains.map((d) => `domain:${d}`),
    ...[incident.zoneId, ...incident.affectedZones].filter((z, i, all) => all.indexOf(z) === i).map((z) => `zone:${z}`),
  ];
}

function describeIncident(input: ExportInput): string {
  const { incident } = input;
  const zones = incidentZones(input).map((z) => z.properties.name);
  return [
    `${incident.title}.`,
    `Zones: ${zones.join('; ') || incident.zoneId}. Domains: ${incident.domains.join(', ')}.`,
    `Severity ${incident.severity} (${SEVERITY_NAMES[incident.severity]}), status ${incident.status}, mode ${incident.mode}.`,
    `First seen ${incident.firstSeen}, last seen ${incident.lastSeen}.`,
  ].join(' ');
}

function indicatorObject(indicator: Indicator, createdBy: string): StixObject {
  const time = stixTime(indicator.time);
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: stixId('indicator', indicator.id),
    created: time,
    modified: time,
    created_by_ref: createdBy,
    name: indicator.title,
    description: `${indicator.type} (${indicator.domain}) from ${indicator.source.feed} (${indicator.source.format}), zone ${indicator.zoneId ?? 'unknown'}, severity ${indicator.severity}, confidence ${indicator.confidence}.`,
    indicator_types: [indicator.severity >= 4 ? 'malicious-activity' : 'anomalous-activity'],
    pattern: stixPattern(indicator),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: time,
    confidence: Math.round(indicator.confidence),
    labels: [indicator.type, `domain:${indicator.domain}`],
    external_references: [{ source_name: 'portwatch', external_id: indicator.id }],
  };
}

/** One observation expression per observable, ANDed; an indicator without any names its sensor. */
export function stixPattern(indicator: Indicator): string {
  const terms = indicator.observables.map((o) => `[${patternPath(o)} = '${patternString(patternValue(o))}']`);
  if (terms.length === 0)
    terms.push(
      `[x-portwatch-sensor:sensor_id = '${patternString(indicator.source.sensorId ?? indicator.source.feed)}']`,
    );
  return terms.join(' AND ');
}

function patternPath(o: Observable): string {
  switch (o.type) {
    case 'ip':
      return IPV4.test(o.value) ? 'ipv4-addr:value' : 'ipv6-addr:value';
    case 'hostname':
      return 'domain-name:value';
    case 'user':
      return 'user-account:user_id';
    case 'mac':
      return 'mac-addr:value';
    default:
      return CUSTOM_PATHS[o.type];
  }
}

function patternValue(o: Observable): string {
  return o.type === 'mac' ? macValue(o.value) : o.value;
}

/** STIX pattern string literals: quotes and backslashes escaped. */
function patternString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/** STIX mac-addr values are lower-case and colon-separated. */
function macValue(value: string): string {
  return value.toLowerCase().replace(/-/g, ':');
}

/** The SCO for an observable, or null when STIX has no object for it (or the value is not one). */
function cyberObservable(o: Observable): StixObject | null {
  const sco = (type: string, props: Record<string, string>): StixObject => ({
    type,
    spec_version: '2.1',
    // STIX 2.1 §2.9: the canonical JSON of the id-contributing properties (one string here).
    id: `${type}--${uuidV5(STIX_SCO_NAMESPACE, JSON.stringify(props))}`,
    ...props,
  });
  switch (o.type) {
    case 'ip':
      if (IPV4.test(o.value)) return sco('ipv4-addr', { value: o.value });
      return o.value.includes(':') ? sco('ipv6-addr', { value: o.value.toLowerCase() }) : null;
    case 'hostname':
      return sco('domain-name', { value: o.value.toLowerCase() });
    case 'user':
      return sco('user-account', { user_id: o.value });
    case 'mac':
      return MAC.test(o.value) ? sco('mac-addr', { value: macValue(o.value) }) : null;
    default:
      return null;
  }
}

function laterOf(a: string, b: string | undefined): string {
  return b !== undefined && Date.parse(b) > Date.parse(a) ? b : a;
}
