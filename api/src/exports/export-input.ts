// What every export format is made from: the incident, the indicators behind it, and the
// site's zones (their polygons and names place the incident on a map).
import type { Incident, Indicator, ZoneFeature } from '@portwatch/schema';

export interface ExportInput {
  incident: Incident;
  /** The incident's indicators that are still stored; ids in incident.indicatorIds may be missing. */
  indicators: readonly Indicator[];
  zones: readonly ZoneFeature[];
}

/** The incident's zones, its own first, then the ones the asset graph says it affects. */
export function incidentZones(input: ExportInput): ZoneFeature[] {
  const ids = [input.incident.zoneId, ...input.incident.affectedZones.filter((z) => z !== input.incident.zoneId)];
  const byId = new Map(input.zones.map((z) => [z.properties.id, z]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The incident's indicators in time order (ties by id, so the order is stable). */
export function indicatorsInTimeOrder(input: ExportInput): Indicator[] {
  const wanted = new Set(input.incident.indicatorIds);
  return input.indicators
    .filter((i) => wanted.has(i.id))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id));
}
