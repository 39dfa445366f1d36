// How severities and risk levels look. Keyed by the contract's own types, so a new
// severity or level in @portwatch/schema fails the type check here until it has a colour.
// (Types only: importing the schema's values would pull its validators into the bundle.)
import type { IncidentStatus, RiskLevel, Severity } from '@portwatch/schema';

export interface Look {
  word: string;
  color: string;
}

// Chosen for a dark background at 3 a.m.: saturated, distinct even for red–green deficiency
// (red vs amber differ in lightness as well as hue), and the word is always shown beside it.
export const SEVERITY_LOOK: Record<Severity, Look> = {
  5: { word: 'CRITICAL', color: '#ff3b3b' },
  4: { word: 'HIGH', color: '#ff8a1f' },
  3: { word: 'MEDIUM', color: '#ffc83d' },
  2: { word: 'LOW', color: '#4da3ff' },
  1: { word: 'INFO', color: '#9aa5b1' },
  0: { word: 'UNKNOWN', color: '#9aa5b1' },
};

export function severityLook(severity: number): Look {
  return SEVERITY_LOOK[severity as Severity] ?? SEVERITY_LOOK[0];
}

export const RISK_LOOK: Record<RiskLevel, Look> = {
  severe: { word: 'Severe', color: '#ff3b3b' },
  high: { word: 'High', color: '#ff8a1f' },
  elevated: { word: 'Elevated', color: '#ffc83d' },
  guarded: { word: 'Guarded', color: '#4da3ff' },
  low: { word: 'Low', color: '#5f7f73' },
};

/** Legend order: the level that needs attention first. */
export const RISK_LEVELS_DESC = Object.keys(RISK_LOOK) as RiskLevel[];

export const STATUS_WORD: Record<IncidentStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  in_progress: 'In progress',
  resolved: 'Resolved',
  closed: 'Closed',
};
