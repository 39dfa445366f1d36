// A Portwatch incident as an IDMEFv2 alert (IETF draft-lehmann-idmefv2, revision 2.D.V06, the
// JSON schema in schema/standards/idmefv2-2.D.V06/), for sharing with a partner port authority
// or a national CERT. Only the incident itself goes out — title, severity, times, zones — never
// the indicators behind it: sharing is sanitized by design (the analyst's export in
// api/src/exports/idmef.ts adds them). It lives in schema because two workspaces emit it: the
// simulators (a partner's feed) and the API's exports.
//   Analyzer.Type      — a list in 2.D.V06: Cyber and/or Physical, one per domain of the incident
//   Analyzer.Category  — SIEM: Portwatch correlates other analyzers' events (2.D.V06 has no PSIM)
//   Priority           — OCSF severity 0–5 → Unknown, Info, Low, Medium, High, High
import { createHash } from 'node:crypto';
import type { Domain, Severity } from './indicator.ts';
import type { Incident } from './incident.ts';

export interface IdmefOptions {
  /** Our analyzer's address as the partner should see it. */
  analyzerIp?: string;
  analyzerHostname?: string;
  /** IDMEFv2 categories for the incident (e.g. "Intrusion.Burglary"); none by default. */
  category?: string[];
  /** Zone centre points, so the partner can place the incident on a map. */
  zoneLocation?: (zoneId: string) => { lat: number; lon: number } | undefined;
  /** When the message is created; default the incident's lastSeen (keeps output deterministic). */
  createTime?: string;
}

export const IDMEF_VERSION = '2.D.V06';

/** The 2.D.V06 analyzerTypeEnum values Portwatch uses. */
export type IdmefAnalyzerType = 'Cyber' | 'Physical';

export type IdmefAlert = Record<string, unknown> & {
  Version: string;
  ID: string;
  CreateTime: string;
  Analyzer: Record<string, unknown> & { Name: string; Type: IdmefAnalyzerType[] };
};

const PRIORITY: Record<Severity, string> = { 0: 'Unknown', 1: 'Info', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'High' };

const ANALYZER_TYPE: Record<Domain, IdmefAnalyzerType> = { cyber: 'Cyber', physical: 'Physical' };

/** IDMEFv2 IDs are UUIDs; ours is derived from the incident id so re-sending is recognisable. */
function uuidFor(id: string): string {
  const hex = createHash('sha1').update(`portwatch:incident:${id}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** 2.D.V06 GeoLocation: ISO 6709-like "lat, lon" decimal degrees, no exponent notation. */
export function idmefGeoLocation(at: { lat: number; lon: number }): string {
  const fixed = (n: number) => String(Number(n.toFixed(6)));
  return `${fixed(at.lat)},${fixed(at.lon)}`;
}

export function idmefAnalyzerTypes(domains: readonly Domain[]): IdmefAnalyzerType[] {
  const types = (['cyber', 'physical'] as const).filter((d) => domains.includes(d)).map((d) => ANALYZER_TYPE[d]);
  return types.length > 0 ? types : ['Cyber'];
}

/** The incident as an IDMEFv2 alert object (what encodeIdmefIncident serializes). */
export function idmefIncidentAlert(incident: Incident, options: IdmefOptions = {}): IdmefAlert {
  const zones = [incident.zoneId, ...incident.affectedZones.filter((z) => z !== incident.zoneId)];
  const targets = zones.map((zone) => {
    const at = options.zoneLocation?.(zone);
    return at === undefined ? { Location: zone } : { Location: zone, GeoLocation: idmefGeoLocation(at) };
  });
  return {
    Version: IDMEF_VERSION,
    ID: uuidFor(incident.id),
    CreateTime: options.createTime ?? incident.lastSeen,
    StartTime: incident.firstSeen,
    EndTime: incident.lastSeen,
    ...(options.category && options.category.length > 0 && { Category: options.category }),
    Priority: PRIORITY[incident.severity],
    Description: incident.title,
    Status: 'Incident',
    Note: `Portwatch incident ${incident.id} (rule ${incident.ruleId}, site ${incident.siteId}, ${incident.status}${incident.mode === 'live' ? '' : `, ${incident.mode}`})`,
    AltNames: [incident.id],
    Analyzer: {
      IP: options.analyzerIp ?? '127.0.0.1',
      Name: 'Portwatch',
      ...(options.analyzerHostname !== undefined && { Hostname: options.analyzerHostname }),
      Model: 'Portwatch correlation',
      Type: idmefAnalyzerTypes(incident.domains),
      Category: ['SIEM'],
      Data: ['Alert'],
      Method: ['Correlation'],
    },
    Target: targets,
  };
}

export function encodeIdmefIncident(incident: Incident, options: IdmefOptions = {}): string {
  return JSON.stringify(idmefIncidentAlert(incident, options));
}
