// What each zone risk level means: the scale the correlation's risk model is calibrated to
// (ingest/src/correlate/risk.ts, README "Detection"), in words for the legend's tooltips.
import type { RiskLevel } from '@portwatch/schema';

export const RISK_MEANING: Record<RiskLevel, string> = {
  severe: '80–100: a critical incident is open in the zone, or alarms in both domains at once',
  high: '60–79: a high-severity incident is open in the zone (or a critical one reaches it through a shared system)',
  elevated: '40–59: repeated alarms, a critical record, or a medium incident open in the zone',
  guarded: '20–39: an alarm, or sustained suspicious activity in one domain',
  low: '0–19: routine traffic only (badges, vessel positions, benign network noise)',
};
