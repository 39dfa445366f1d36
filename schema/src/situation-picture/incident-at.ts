// An incident as it stood at a moment: its status then, the history written by then, the SOP
// steps done by then. Pure, so the server's picture and a browser's replay agree.
import type { Incident, IncidentChange, IncidentStatus } from '../incident.ts';

const STATUSES: readonly string[] = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'];
const DONE: readonly IncidentStatus[] = ['resolved', 'closed'];

/** The status after one audited change (see api/src/incidents/apply-action.ts for the workflow). */
function statusAfter(status: IncidentStatus, change: IncidentChange): IncidentStatus {
  // acknowledge, resolve, reopen (and a future close) name the status they lead to.
  if (change.to !== undefined && STATUSES.includes(change.to) && change.action !== 'assign')
    return change.to as IncidentStatus;
  const open = !DONE.includes(status);
  if (change.action === 'assign' && open) return 'in_progress';
  if (change.action === 'sop_step' && change.to === 'done' && open) return 'in_progress';
  return status;
}

/** Null when the incident was not raised yet at `atMs` (epoch ms). */
export function incidentAt(incident: Incident, atMs: number): Incident | null {
  if (Date.parse(incident.firstSeen) > atMs) return null;
  let status: IncidentStatus = 'new';
  let assignee: string | undefined;
  const history: IncidentChange[] = [];
  for (const change of incident.history) {
    if (Date.parse(change.at) > atMs) continue;
    history.push(change);
    status = statusAfter(status, change);
    if (change.action === 'assign') assignee = change.to;
  }
  const { assignee: _now, sop, ...rest } = incident;
  const then: Incident = { ...rest, status, history };
  if (assignee !== undefined) then.assignee = assignee;
  if (sop)
    then.sop = sop.map((step) => {
      if (!step.done || (step.doneAt !== undefined && Date.parse(step.doneAt) <= atMs)) return step;
      const { doneBy: _by, doneAt: _at, ...notYet } = step;
      return { ...notYet, done: false };
    });
  return then;
}

/** Open at `atMs`: raised by then and not resolved or closed by then. */
export function openIncidentAt(incident: Incident, atMs: number): Incident | null {
  const then = incidentAt(incident, atMs);
  return then && !DONE.includes(then.status) ? then : null;
}
