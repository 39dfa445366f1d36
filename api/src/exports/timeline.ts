// An incident's timeline as JSON: the incident, then what happened in time order — each stored
// indicator, and each audited operator action — so an analyst (or an after-action review) can
// read the story without the map. Indicators whose ids the incident lists but that are no longer
// stored (retention) are named in missingIndicatorIds rather than silently dropped.
import type { Domain, Incident, Observable } from '@portwatch/schema';
import { indicatorsInTimeOrder, type ExportInput } from './export-input.ts';

export interface TimelineIndicatorEntry {
  kind: 'indicator';
  time: string;
  type: string;
  domain: Domain;
  zoneId: string | null;
  title: string;
  indicatorId: string;
  severity: number;
  confidence: number;
  source: { feed: string; format: string; sensorId: string | null };
  location: { lat: number; lon: number } | null;
  observables: Observable[];
}

export interface TimelineActionEntry {
  kind: 'action';
  time: string;
  /** `incident.<action>`, e.g. incident.acknowledge, incident.resolve. */
  type: string;
  domain: null;
  zoneId: string;
  title: string;
  by: string;
  from?: string;
  to?: string;
  note?: string;
}

export type TimelineEntry = TimelineIndicatorEntry | TimelineActionEntry;

export interface Timeline {
  incident: Incident;
  entries: TimelineEntry[];
  missingIndicatorIds: string[];
}

export function exportTimeline(input: ExportInput): Timeline {
  const { incident } = input;
  const indicators = indicatorsInTimeOrder(input);
  const stored = new Set(indicators.map((i) => i.id));
  const entries: TimelineEntry[] = indicators.map((i) => ({
    kind: 'indicator',
    time: i.time,
    type: i.type,
    domain: i.domain,
    zoneId: i.zoneId,
    title: i.title,
    indicatorId: i.id,
    severity: i.severity,
    confidence: i.confidence,
    source: { feed: i.source.feed, format: i.source.format, sensorId: i.source.sensorId },
    location: i.location,
    observables: i.observables,
  }));
  for (const change of incident.history) {
    entries.push({
      kind: 'action',
      time: change.at,
      type: `incident.${change.action}`,
      domain: null,
      zoneId: incident.zoneId,
      title: actionTitle(change.action, change.by, change.to),
      by: change.by,
      ...(change.from !== undefined && { from: change.from }),
      ...(change.to !== undefined && { to: change.to }),
      ...(change.note !== undefined && { note: change.note }),
    });
  }
  // Stable: at the same instant, what was seen comes before what an operator did about it.
  const order = entries.map((e, i) => ({ e, i, t: Date.parse(e.time) }));
  order.sort((a, b) => a.t - b.t || kindRank(a.e) - kindRank(b.e) || a.i - b.i);
  return {
    incident,
    entries: order.map((o) => o.e),
    missingIndicatorIds: incident.indicatorIds.filter((id) => !stored.has(id)),
  };
}

function kindRank(e: TimelineEntry): number {
  return e.kind === 'indicator' ? 0 : 1;
}

function actionTitle(action: string, by: string, to: string | undefined): string {
  return to === undefined ? `${by}: ${action}` : `${by}: ${action} (now ${to})`;
}
