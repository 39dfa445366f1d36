// The after-action review of one incident: its indicators, the rule firing and every operator
// action in time order, the times to detect / acknowledge / resolve, the SOP steps done and
// skipped, and the lessons analysts wrote down.
import type { Incident, IncidentReview, Indicator, ReviewEvent } from '@portwatch/schema';
import type { Lessons } from './exercise-store.ts';

const seconds = (ms: number) => Math.round(ms / 100) / 10;

function at(incident: Incident, action: string): number | null {
  const hit = incident.history.find((h) => h.action === action);
  return hit ? Date.parse(hit.at) : null;
}

export function incidentTimeline(incident: Incident, indicators: Indicator[]): ReviewEvent[] {
  const events: ReviewEvent[] = indicators.map((i) => ({
    time: i.time,
    kind: 'indicator',
    title: i.title,
    zoneId: i.zoneId ?? undefined,
    domain: i.domain,
    incidentId: incident.id,
  }));
  for (const h of incident.history) {
    const kind: ReviewEvent['kind'] = h.action === 'raised' ? 'rule' : h.action === 'note' ? 'note' : 'action';
    const what =
      h.action === 'raised'
        ? `rule ${incident.ruleId} fired: ${incident.title}`
        : h.action === 'note'
          ? (h.note ?? '')
          : [h.action.replace('_', ' '), h.to ? `→ ${h.to}` : '', h.note ? `(${h.note})` : '']
              .filter(Boolean)
              .join(' ');
    events.push({ time: h.at, kind, title: what, by: h.by, incidentId: incident.id, zoneId: incident.zoneId });
  }
  return events.sort((a, b) => a.time.localeCompare(b.time));
}

export function incidentReview(
  incident: Incident,
  indicators: Indicator[],
  queuedAt: string | null,
  lessons: Lessons | null,
): IncidentReview {
  const raised = at(incident, 'raised');
  const ack = at(incident, 'acknowledge');
  const resolved = [...incident.history].reverse().find((h) => h.action === 'resolve');
  // Operators can act only once it reached the queue; before the queue time was kept (older
  // incidents), the firing stands for it.
  const queued = queuedAt ? Date.parse(queuedAt) : raised;
  const sop = incident.sop ?? [];
  return {
    incidentId: incident.id,
    title: incident.title,
    ruleId: incident.ruleId,
    zoneId: incident.zoneId,
    mode: incident.mode,
    ...(incident.exerciseId ? { exerciseId: incident.exerciseId } : {}),
    status: incident.status,
    severity: incident.severity,
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    timeToDetectS: raised === null ? null : Math.max(0, seconds(raised - Date.parse(incident.firstSeen))),
    timeToAcknowledgeS: ack === null || queued === null ? null : Math.max(0, seconds(ack - queued)),
    timeToResolveS: !resolved || queued === null ? null : Math.max(0, seconds(Date.parse(resolved.at) - queued)),
    ...(resolved?.note ? { resolution: resolved.note } : {}),
    sopDone: sop.filter((s) => s.done),
    sopSkipped: sop.filter((s) => !s.done),
    timeline: incidentTimeline(incident, indicators),
    lessons: lessons?.lessons ?? '',
    ...(lessons ? { lessonsBy: lessons.by, lessonsAt: lessons.at } : {}),
  };
}
