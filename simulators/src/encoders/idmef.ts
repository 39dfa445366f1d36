// A Portwatch incident as an IDMEFv2 alert (IETF draft-lehmann-idmefv2), for sharing with a
// partner port authority or a national CERT. Only the incident itself goes out — title,
// severity, times, zones — never the indicators behind it: sharing is sanitized by design.
import { createHash } from 'node:crypto';
import type { Incident, Severity } from '@portwatch/schema';

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

export const IDMEF_VERSION = '2.D.V04';

const PRIORITY: Record<Severity, string> = { 0: 'Unknown', 1: 'Info', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'High' };

/** IDMEFv2 IDs are UUIDs; ours is derived from the incident id so re-sending is recognisable. */
function uuidFor(id: string): string {
  const hex = createHash('sha1').update(`portwatch:incident:${id}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function analyzerType(incident: Incident): string {
  const cyber = incident.domains.includes('cyber');
  const physical = incident.domains.includes('physical');
  return cyber && physical ? 'Cyberphysical' : physical ? 'Physical' : 'Cyber';
}

export function encodeIdmefIncident(incident: Incident, options: IdmefOptions = {}): string {
  const zones = [incident.zoneId, ...incident.affectedZones.filter((z) => z !== incident.zoneId)];
  const targets = zones.map((zone) => {
    const at = options.zoneLocation?.(zone);
    return at === undefined ? { Location: zone } : { Location: zone, GeoLocation: `${at.lat},${at.lon}` };
  });
  const physical = incident.domains.includes('physical');
  const alert: Record<string, unknown> = {
    Version: IDMEF_VERSION,
    ID: uuidFor(incident.id),
    CreateTime: options.createTime ?? incident.lastSeen,
    StartTime: incident.firstSeen,
    ...(options.category && options.category.length > 0 && { Category: options.category }),
    Priority: PRIORITY[incident.severity],
    Description: incident.title,
    Status: 'Incident',
    Note: `Portwatch incident ${incident.id} (rule ${incident.ruleId}, site ${incident.siteId}, ${incident.status}${incident.mode === 'live' ? '' : `, ${incident.mode}`})`,
    Analyzer: {
      IP: options.analyzerIp ?? '127.0.0.1',
      Name: 'Portwatch',
      ...(options.analyzerHostname !== undefined && { Hostname: options.analyzerHostname }),
      Model: 'Portwatch correlation',
      Type: analyzerType(incident),
      Category: physical && incident.domains.includes('cyber') ? ['SIEM', 'PSIM'] : physical ? ['PSIM'] : ['SIEM'],
      Data: ['Alert'],
      Method: ['Correlation'],
    },
    Target: targets,
  };
  return JSON.stringify(alert);
}
