// An incident as an OASIS CAP 1.2 alert (urn:oasis:names:tc:emergency:cap:1.2): the message a
// port authority passes to civil protection, the harbour master or a neighbouring terminal.
//
// status   — Actual only for a live incident; Exercise for an exercise (CAP: "actionable only by
//            designated exercise participants"); Test for an offline replay (recorded history
//            run again: every recipient should disregard it).
// msgType  — Alert while the incident is open. A resolved or closed incident is an Update that
//            references the Alert this same incident gave (same sender, identifier, sent), with
//            responseType AllClear: CAP has no other way to say "over".
// scope    — Restricted (security information for port security staff), unless told otherwise.
// urgency, severity, certainty — from the incident's OCSF severity, never falling as it rises:
//   severity_id  urgency    severity  certainty
//   0 unknown    Unknown    Unknown   Unknown
//   1 info       Future     Minor     Unlikely
//   2 low        Future     Minor     Possible
//   3 medium     Expected   Moderate  Possible
//   4 high       Immediate  Severe    Likely
//   5 critical   Immediate  Extreme   Observed
// area     — one per zone (the incident's own first, then those it affects), each with the
//            zone's outline as a CAP polygon: "lat,lon" pairs, space separated, closed ring.
import type { Domain, Incident, Severity, ZoneFeature } from '@portwatch/schema';
import { SEVERITY_NAMES } from '@portwatch/schema';
import { incidentZones, indicatorsInTimeOrder, type ExportInput } from './export-input.ts';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapStatus = 'Actual' | 'Exercise' | 'Test';
export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';

export const CAP_LEVELS: Record<Severity, { urgency: CapUrgency; severity: CapSeverity; certainty: CapCertainty }> = {
  0: { urgency: 'Unknown', severity: 'Unknown', certainty: 'Unknown' },
  1: { urgency: 'Future', severity: 'Minor', certainty: 'Unlikely' },
  2: { urgency: 'Future', severity: 'Minor', certainty: 'Possible' },
  3: { urgency: 'Expected', severity: 'Moderate', certainty: 'Possible' },
  4: { urgency: 'Immediate', severity: 'Severe', certainty: 'Likely' },
  5: { urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed' },
};

export interface CapOptions {
  /** CAP <sender>; default `portwatch@<siteId>`. */
  sender?: string;
  scope?: 'Public' | 'Restricted' | 'Private';
  /** <restriction> text for a Restricted alert. */
  restriction?: string;
}

const STATUS: Record<Incident['mode'], CapStatus> = { live: 'Actual', exercise: 'Exercise', replay: 'Test' };

const EVENT: Record<string, string> = {
  'cyber+physical': 'Hybrid physical and cyber security incident',
  physical: 'Physical security incident',
  cyber: 'Cyber security incident',
};

export function capStatus(incident: Incident): CapStatus {
  return STATUS[incident.mode];
}

/** CAP times: seconds, and a numeric offset (a "Z" is not allowed; "-00:00" would mean unknown). */
export function capTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`CAP export: not a time: "${iso}"`);
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** A CAP polygon: "lat,lon" pairs from the GeoJSON outline (lon,lat), first point repeated last. */
export function capPolygon(zone: ZoneFeature): string {
  const ring = zone.geometry.coordinates[0];
  const points = ring.map(([lon, lat]) => `${lat},${lon}`);
  if (points[0] !== points[points.length - 1]) points.push(points[0]);
  return points.join(' ');
}

export function exportCap(input: ExportInput, options: CapOptions = {}): string {
  const { incident } = input;
  const resolved = incident.status === 'resolved' || incident.status === 'closed';
  const sender = options.sender ?? `portwatch@${incident.siteId}`;
  const alertId = capIdentifier(incident);
  const firstSent = capTime(incident.firstSeen);
  const levels = CAP_LEVELS[incident.severity];
  const zones = incidentZones(input);
  const indicators = indicatorsInTimeOrder(input);
  const scope = options.scope ?? 'Restricted';

  const x: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<alert xmlns="${CAP_NAMESPACE}">`];
  const el = (indent: number, name: string, value: string) =>
    x.push(`${'  '.repeat(indent)}<${name}>${escapeXml(value)}</${name}>`);
  el(1, 'identifier', resolved ? `${alertId}.resolved` : alertId);
  el(1, 'sender', sender);
  el(1, 'sent', capTime(resolved ? resolvedAt(incident) : incident.firstSeen));
  el(1, 'status', capStatus(incident));
  el(1, 'msgType', resolved ? 'Update' : 'Alert');
  el(1, 'source', `Portwatch correlation rule ${incident.ruleId}`);
  el(1, 'scope', scope);
  if (scope === 'Restricted') el(1, 'restriction', options.restriction ?? 'Port security personnel only');
  if (incident.mode !== 'live') el(1, 'note', modeNote(incident));
  if (resolved) el(1, 'references', `${sender},${alertId},${firstSent}`);
  el(1, 'incidents', alertId);
  x.push('  <info>');
  el(2, 'language', 'en-US');
  el(2, 'category', 'Security');
  el(2, 'event', EVENT[eventKey(incident.domains)] ?? 'Security incident');
  if (resolved) el(2, 'responseType', 'AllClear');
  el(2, 'urgency', levels.urgency);
  el(2, 'severity', levels.severity);
  el(2, 'certainty', levels.certainty);
  el(2, 'onset', firstSent);
  el(2, 'senderName', `Portwatch, site ${incident.siteId}`);
  el(2, 'headline', incident.title.slice(0, 160));
  el(2, 'description', description(incident, zones, indicators));
  for (const [name, value] of [
    ['portwatch:incidentId', incident.id],
    ['portwatch:ruleId', incident.ruleId],
    ['portwatch:severity', `${incident.severity} (${SEVERITY_NAMES[incident.severity]})`],
    ['portwatch:status', incident.status],
    ['portwatch:lastSeen', capTime(incident.lastSeen)],
  ]) {
    x.push('    <parameter>');
    el(3, 'valueName', name);
    el(3, 'value', value);
    x.push('    </parameter>');
  }
  for (const zone of zones) {
    x.push('    <area>');
    el(3, 'areaDesc', `${zone.properties.name} (${zone.properties.id})`);
    el(3, 'polygon', capPolygon(zone));
    x.push('    </area>');
  }
  if (zones.length === 0) {
    // No polygon is known (a zone missing from the site plan): the area still says where.
    x.push('    <area>');
    el(3, 'areaDesc', `Zone ${incident.zoneId}, site ${incident.siteId}`);
    x.push('    </area>');
  }
  x.push('  </info>', '</alert>', '');
  return x.join('\n');
}

/** CAP identifiers may not hold spaces, commas or "<" / "&": everything else odd becomes "-". */
function capIdentifier(incident: Incident): string {
  return `portwatch.${incident.siteId}.${incident.id}`.replace(/[^A-Za-z0-9._:-]/g, '-');
}

function resolvedAt(incident: Incident): string {
  const change = [...incident.history].reverse().find((h) => h.to === 'resolved' || h.to === 'closed');
  return change?.at ?? incident.lastSeen;
}

function modeNote(incident: Incident): string {
  return incident.mode === 'exercise'
    ? `EXERCISE: Portwatch exercise incident ${incident.id}`
    : `TEST: offline replay of recorded traffic, incident ${incident.id}`;
}

function eventKey(domains: readonly Domain[]): string {
  return [...new Set(domains)].sort().join('+');
}

function description(incident: Incident, zones: ZoneFeature[], indicators: ExportInput['indicators']): string {
  const lines = [
    `${incident.title}.`,
    `Zones: ${zones.map((z) => z.properties.name).join('; ') || incident.zoneId}.`,
    `Domains: ${incident.domains.join(', ')}. Status: ${incident.status}.`,
    `First seen ${incident.firstSeen}, last seen ${incident.lastSeen}.`,
    `${indicators.length} of ${incident.indicatorIds.length} indicators:`,
    ...indicators.map((i) => `- ${i.time} [${i.domain}] ${i.title}`),
  ];
  return lines.join('\n');
}

export function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot carry at all: dropped rather than producing a broken document.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
