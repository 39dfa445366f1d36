// What an operator asks to do to an incident (POST /api/incidents/:id/actions), checked key by
// key: a misspelt key or a missing reason is a 400 that says what was expected, never ignored.
import { INCIDENT_ACTIONS, type IncidentAction, type IncidentActionName } from '@portwatch/schema';
import { BadRequest } from '../routes/query.ts';

export const MAX_NOTE_CHARS = 2000;
const MAX_NAME_CHARS = 64;
// Control characters would let a name or note forge lines in logs and exports; a note may
// still have line breaks and tabs, a name none.
const CONTROL_IN_NOTE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROL_IN_NAME = /[\u0000-\u001f\u007f]/;

const KEYS: Record<IncidentActionName, string[]> = {
  acknowledge: [],
  assign: ['assignee'],
  note: ['note'],
  sop_step: ['step', 'done'],
  resolve: ['reason'],
  reopen: ['reason'],
};

const EXAMPLE = '{"action": "acknowledge"}';

function text(value: unknown, key: string, max: number, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new BadRequest(`${key}: required (text, at most ${max} characters)`);
    return undefined;
  }
  if (typeof value !== 'string')
    throw new BadRequest(`${key}: expected text, got ${JSON.stringify(value).slice(0, 40)}`);
  const trimmed = value.trim();
  if (!trimmed) {
    if (required) throw new BadRequest(`${key}: required, and may not be blank`);
    return undefined;
  }
  if (trimmed.length > max) throw new BadRequest(`${key}: at most ${max} characters, got ${trimmed.length}`);
  if ((key === 'assignee' ? CONTROL_IN_NAME : CONTROL_IN_NOTE).test(trimmed))
    throw new BadRequest(`${key}: control characters are not allowed`);
  return trimmed;
}

export function parseIncidentAction(body: unknown): IncidentAction {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new BadRequest(`body: expected a JSON object like ${EXAMPLE}`);
  const b = body as Record<string, unknown>;
  const action = b.action;
  if (typeof action !== 'string' || !(INCIDENT_ACTIONS as readonly string[]).includes(action)) {
    throw new BadRequest(
      `action: expected one of ${INCIDENT_ACTIONS.join(', ')}, got ${action === undefined ? 'nothing' : JSON.stringify(action).slice(0, 40)}`,
    );
  }
  const name = action as IncidentActionName;
  for (const key of Object.keys(b)) {
    if (key !== 'action' && !KEYS[name].includes(key)) {
      throw new BadRequest(
        `${key}: not a key of "${name}" (${KEYS[name].length ? `expected ${KEYS[name].join(', ')}` : 'it takes none'})`,
      );
    }
  }
  switch (name) {
    case 'acknowledge':
      return { action: name };
    case 'assign': {
      const assignee = text(b.assignee, 'assignee', MAX_NAME_CHARS, false);
      return assignee ? { action: name, assignee } : { action: name };
    }
    case 'note':
      return { action: name, note: text(b.note, 'note', MAX_NOTE_CHARS, true)! };
    case 'sop_step': {
      const step = typeof b.step === 'number' && Number.isInteger(b.step) ? String(b.step) : b.step;
      if (typeof step !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(step))
        throw new BadRequest(`step: expected the id of a checklist step, like "2"`);
      if (typeof b.done !== 'boolean')
        throw new BadRequest('done: expected true (step done) or false (not done after all)');
      return { action: name, step, done: b.done };
    }
    case 'resolve':
    case 'reopen':
      return { action: name, reason: text(b.reason, 'reason', MAX_NOTE_CHARS, true)! };
  }
}
