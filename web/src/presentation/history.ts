// An incident's history in plain words: who did what, and why. "rule:<id>" is correlation.
import type { IncidentChange } from '@portwatch/schema';
import { STATUS_WORD } from './severity.ts';

export interface HistoryLine {
  who: string;
  what: string;
  /** The note, reason or SOP step that goes with it. */
  why?: string;
}

function statusWord(value: string | undefined): string {
  return (value && STATUS_WORD[value as keyof typeof STATUS_WORD]) ?? value ?? '';
}

export function describeChange(change: IncidentChange): HistoryLine {
  const who = change.by.startsWith('rule:') ? `Rule ${change.by.slice(5)}` : change.by;
  const why = change.note || undefined;
  switch (change.action) {
    case 'raised':
      return { who, what: 'raised the incident', why };
    case 'acknowledge':
      return { who, what: 'acknowledged', why };
    case 'assign':
      return { who, what: change.to === change.by ? 'took it on' : `assigned it to ${change.to}`, why };
    case 'note':
      return { who, what: 'added a note', why };
    case 'sop_step':
      return { who, what: change.to === 'done' ? 'ticked an SOP step' : 'unticked an SOP step', why };
    case 'resolve':
      return { who, what: 'resolved it', why };
    case 'reopen':
      return { who, what: `reopened it (${statusWord(change.to).toLowerCase()})`, why };
    default:
      return {
        who,
        what:
          change.from || change.to
            ? `${change.action}: ${statusWord(change.from)} → ${statusWord(change.to)}`
            : change.action,
        why,
      };
  }
}

/** The short choices of the resolve form; the operator adds what was done in their own words. */
export const RESOLVE_REASONS = ['False alarm', 'Handled', 'Duplicate', 'Test or maintenance', 'Other'] as const;

/** "Handled — patrol found the gate closed"; "Other" needs the details to say anything. */
export function resolveReason(choice: string, details: string): string | null {
  const text = details.trim();
  if (!choice) return null;
  if (choice === 'Other') return text || null;
  return text ? `${choice} — ${text}` : choice;
}
