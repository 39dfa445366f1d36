// Live risk of one zone, pushed to the map whenever it changes.
import type { Mode } from './indicator.ts';

export const RISK_LEVELS = ['low', 'guarded', 'elevated', 'high', 'severe'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface ZoneState {
  siteId: string;
  zoneId: string;
  mode: Mode;
  /** 0–100, the combined score the map colours by. */
  risk: number;
  physical: number;
  cyber: number;
  level: RiskLevel;
  openIncidents: number;
  /** Zones raised through the asset graph name the asset that put them at risk. */
  propagatedFrom?: string[];
  updatedAt: string;
}

export function riskLevel(risk: number): RiskLevel {
  if (risk >= 80) return 'severe';
  if (risk >= 60) return 'high';
  if (risk >= 40) return 'elevated';
  if (risk >= 20) return 'guarded';
  return 'low';
}

export const zoneStateSchema = {
  $id: 'https://portwatch.dev/schema/zone-state.json',
  type: 'object',
  required: ['siteId', 'zoneId', 'mode', 'risk', 'physical', 'cyber', 'level', 'openIncidents', 'updatedAt'],
  properties: {
    siteId: { type: 'string' },
    zoneId: { type: 'string' },
    mode: { enum: ['live', 'exercise', 'replay'] },
    risk: { type: 'number', minimum: 0, maximum: 100 },
    physical: { type: 'number', minimum: 0, maximum: 100 },
    cyber: { type: 'number', minimum: 0, maximum: 100 },
    level: { enum: RISK_LEVELS },
    openIncidents: { type: 'integer', minimum: 0 },
    propagatedFrom: { type: 'array', items: { type: 'string' } },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;
