// How a zone polygon looks for its live risk. Pure, so the look is tested without Leaflet.
import type { PathOptions } from 'leaflet';
import type { RiskLevel } from '@portwatch/schema';
import { RISK_LOOK } from '../presentation/severity.ts';

export interface ZoneLook {
  /** null until the first zone state arrives. */
  level: RiskLevel | null;
  exercise: boolean;
  /** The selected incident's own zone, or a zone it spread to through the asset graph. */
  highlight: 'primary' | 'affected' | null;
  /** Water areas are large and mostly empty: drawn fainter so the quays stand out. */
  water: boolean;
}

const NO_STATE = '#6b7785';
const HIGHLIGHT = '#ffffff';
const FILL: Record<RiskLevel, number> = { low: 0.16, guarded: 0.26, elevated: 0.34, high: 0.42, severe: 0.52 };

export function zonePathStyle(look: ZoneLook): PathOptions {
  const color = look.level ? RISK_LOOK[look.level].color : NO_STATE;
  const calm = !look.level || look.level === 'low';
  const fill = look.level ? FILL[look.level] : 0.1;
  return {
    color: look.highlight ? HIGHLIGHT : color,
    weight: look.highlight === 'primary' ? 4 : look.highlight === 'affected' ? 3 : calm ? 1.5 : 2.5,
    opacity: calm && !look.highlight ? 0.7 : 1,
    fillColor: color,
    fillOpacity: look.water && calm ? fill / 2 : fill,
    // Exercise risk is drawn dashed, the same way exercise incidents are tagged in the queue.
    dashArray: look.exercise ? '10 6' : look.highlight === 'affected' ? '4 4' : undefined,
  };
}

/** The name without its local-language part in brackets: labels must stay short on the plan. */
export function shortZoneName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '');
}

/** Low and guarded zones need no attention: their labels stay quiet (and hide when zoomed out). */
export function isCalm(level: RiskLevel | null): level is 'low' | 'guarded' | null {
  return !level || level === 'low' || level === 'guarded';
}

/** The label on the plan names the risk only when it needs attention, to keep the plan quiet. */
export function zoneLabel(name: string, level: RiskLevel | null, exercise: boolean): string {
  const short = shortZoneName(name);
  if (isCalm(level)) return short;
  return `${short} · ${RISK_LOOK[level].word.toUpperCase()}${exercise ? ' (EXERCISE)' : ''}`;
}
