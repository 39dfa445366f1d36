// Zone risk over a capture on the offline pipeline: the live worker's RiskModel fed the same
// indicators and incidents, keeping each zone's peak level over the run.
import { RiskModel } from '@portwatch/ingest';
import { replayCapture, type SiteBundle } from '@portwatch/system';
import { RISK_LEVELS, type Incident, type RiskLevel } from '@portwatch/schema';

export interface ZoneRiskRun {
  incidents: Incident[];
  /** Zone → the highest level it reached. */
  peak: Record<string, RiskLevel>;
}

export async function zoneRiskOver(lines: string[], bundle: SiteBundle): Promise<ZoneRiskRun> {
  const zoneIds = bundle.site.zones.features.map((f) => f.properties.id);
  const risk = new RiskModel(bundle.site.id, zoneIds, { assets: bundle.site.assets });
  const peak: Record<string, RiskLevel> = Object.fromEntries(zoneIds.map((z) => [z, 'low' as RiskLevel]));
  const note = (zoneId: string, level: RiskLevel) => {
    if (RISK_LEVELS.indexOf(level) > RISK_LEVELS.indexOf(peak[zoneId] ?? 'low')) peak[zoneId] = level;
  };
  const counted = new Map<string, Set<string>>();
  const byId = new Map<string, Incident>();
  await replayCapture(lines, bundle, {
    speed: Infinity,
    updates: true,
    onIndicator: (ind) => {
      for (const z of risk.observeAll(ind)) note(z.zoneId, z.level);
    },
    onIncident: (inc) => {
      byId.set(inc.id, inc);
      // As the worker does: each zone an incident reaches is held at its floor once.
      const seen = counted.get(inc.id) ?? new Set<string>();
      counted.set(inc.id, seen);
      for (const zone of inc.affectedZones) {
        if (seen.has(zone)) continue;
        seen.add(zone);
        const s = risk.incident(inc.mode, zone, inc.severity, true, zone === inc.zoneId ? undefined : inc.zoneId);
        note(s.zoneId, s.level);
      }
    },
  });
  return { incidents: [...byId.values()], peak };
}
