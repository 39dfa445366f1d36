// Correlation may send an incident again (more indicators, a later lastSeen, redelivery);
// what operators did to it — status, assignee, SOP progress, history — must survive.
import type { Incident } from '@portwatch/schema';

export function mergeIncident(stored: Incident, update: Incident): Incident {
  const ids = new Set(stored.indicatorIds);
  for (const id of update.indicatorIds) ids.add(id);
  const zones = new Set([...stored.affectedZones, ...update.affectedZones]);
  const domains = new Set([...stored.domains, ...update.domains]);
  return {
    ...stored,
    severity: Math.max(stored.severity, update.severity) as Incident['severity'],
    indicatorIds: [...ids],
    affectedZones: [...zones].sort(),
    domains: (['physical', 'cyber'] as const).filter((d) => domains.has(d)),
    firstSeen: stored.firstSeen < update.firstSeen ? stored.firstSeen : update.firstSeen,
    lastSeen: stored.lastSeen > update.lastSeen ? stored.lastSeen : update.lastSeen,
    // Stored before cases existed: the correlation's case is taken once, then kept.
    ...(stored.caseId || update.caseId ? { caseId: stored.caseId ?? update.caseId } : {}),
    // Likewise the rule group, which incidents stored before it was published lack.
    ...(stored.groupKey || update.groupKey ? { groupKey: stored.groupKey ?? update.groupKey } : {}),
  };
}
