// The incident workflow: new → acknowledged → in progress (assigned, or a first SOP step
// done) → resolved, and reopened from resolved to acknowledged. A pure function: the stored
// incident and the request in, the changed incident and its history line out — or why not.
import type { Incident, IncidentAction, IncidentChange, IncidentStatus } from '@portwatch/schema';

export type ActionOutcome =
  | { ok: true; changed: true; incident: Incident; change: IncidentChange }
  /** Asked for what already holds (acknowledging an acknowledged incident): nothing is written. */
  | { ok: true; changed: false; incident: Incident; message: string }
  | { ok: false; status: 400 | 409; error: string };

const OPEN: readonly IncidentStatus[] = ['new', 'acknowledged', 'in_progress'];
const WORD: Record<IncidentStatus, string> = {
  new: 'new',
  acknowledged: 'acknowledged',
  in_progress: 'in progress',
  resolved: 'resolved',
  closed: 'closed',
};

function refuse(error: string, status: 400 | 409 = 409): ActionOutcome {
  return { ok: false, status, error };
}

function same(incident: Incident, message: string): ActionOutcome {
  return { ok: true, changed: false, incident, message };
}

/** Who did the last change, for a refusal that says what happened meanwhile. */
function lastBy(incident: Incident, actions: string[]): string {
  const last = [...incident.history].reverse().find((h) => actions.includes(h.action));
  return last ? ` by ${last.by} at ${last.at}` : '';
}

function notOpen(incident: Incident, what: string): ActionOutcome {
  const how =
    incident.status === 'resolved'
      ? ` (resolved${lastBy(incident, ['resolve'])}): reopen it first to ${what}`
      : `: a closed incident cannot be changed`;
  return refuse(`incident ${incident.id} is ${WORD[incident.status]}${how}`);
}

export function applyAction(incident: Incident, req: IncidentAction, by: string, now: Date): ActionOutcome {
  const at = now.toISOString();
  const open = OPEN.includes(incident.status);
  const changed = (next: Partial<Incident>, change: Omit<IncidentChange, 'at' | 'by'>): ActionOutcome => {
    const line: IncidentChange = { at, by, ...change };
    return {
      ok: true,
      changed: true,
      incident: { ...incident, ...next, history: [...incident.history, line] },
      change: line,
    };
  };

  switch (req.action) {
    case 'acknowledge': {
      if (!open) return notOpen(incident, 'acknowledge it');
      if (incident.status !== 'new')
        return same(
          incident,
          `already ${WORD[incident.status]}${lastBy(incident, ['acknowledge', 'assign', 'sop_step'])}`,
        );
      return changed({ status: 'acknowledged' }, { action: 'acknowledge', from: 'new', to: 'acknowledged' });
    }
    case 'assign': {
      if (!open) return notOpen(incident, 'assign it');
      const assignee = req.assignee ?? by;
      if (incident.assignee === assignee) return same(incident, `already assigned to ${assignee}`);
      // Taking an incident on is acknowledging it and starting work.
      return changed(
        { status: 'in_progress', assignee },
        { action: 'assign', ...(incident.assignee ? { from: incident.assignee } : {}), to: assignee },
      );
    }
    case 'note':
      // Notes are welcome after the resolve too: what was learned, what to change.
      return changed({}, { action: 'note', note: req.note });
    case 'sop_step': {
      const steps = incident.sop ?? [];
      if (!steps.length)
        return refuse(`incident ${incident.id} has no SOP checklist (its rule ${incident.ruleId} names no SOP)`);
      const step = steps.find((s) => s.id === req.step);
      if (!step)
        return refuse(
          `step: no step "${req.step}" in this incident's checklist (expected one of ${steps.map((s) => s.id).join(', ')})`,
          400,
        );
      if (!open) return notOpen(incident, 'change its checklist');
      if (step.done === req.done)
        return same(
          incident,
          `step ${step.id} is already ${req.done ? 'done' : 'not done'}${req.done && step.doneBy ? ` (${step.doneBy} at ${step.doneAt})` : ''}`,
        );
      const sop = steps.map((s) => {
        if (s !== step) return s;
        const { doneBy: _by, doneAt: _at, ...rest } = s;
        return req.done ? { ...rest, done: true, doneBy: by, doneAt: at } : { ...rest, done: false };
      });
      return changed(
        { sop, ...(req.done && incident.status !== 'in_progress' ? { status: 'in_progress' as const } : {}) },
        {
          action: 'sop_step',
          from: step.done ? 'done' : 'not done',
          to: req.done ? 'done' : 'not done',
          note: `${step.id}. ${step.text}`,
        },
      );
    }
    case 'resolve': {
      if (incident.status === 'resolved') return same(incident, `already resolved${lastBy(incident, ['resolve'])}`);
      if (!open) return notOpen(incident, 'resolve it');
      return changed(
        { status: 'resolved' },
        { action: 'resolve', from: incident.status, to: 'resolved', note: req.reason },
      );
    }
    case 'reopen': {
      if (incident.status !== 'resolved') {
        const reopened = lastBy(incident, ['reopen']);
        return refuse(
          `incident ${incident.id} is ${WORD[incident.status]}, not resolved${reopened ? ` (reopened${reopened})` : ''}: only a resolved incident can be reopened`,
        );
      }
      return changed(
        { status: 'acknowledged' },
        { action: 'reopen', from: 'resolved', to: 'acknowledged', note: req.reason },
      );
    }
  }
}
