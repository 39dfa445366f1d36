// AIS anomalies as a pipeline enricher: position indicators feed the tracker; its anomalies
// (gap, speed jump, identity conflict) come back as drafts and become indicators themselves.
import type { Indicator } from '@portwatch/schema';
import { anomalyDraft, fixFromPosition } from './ais-drafts.ts';
import { AisTracker } from './ais-tracker.ts';
import type { Enricher } from './enrichers.ts';

export function aisEnricher(): Enricher {
  const tracker = new AisTracker();
  return {
    observe(ind: Indicator) {
      const fix = fixFromPosition(ind);
      return fix ? tracker.observe(fix).map(anomalyDraft) : [];
    },
    sweep: (nowMs) => tracker.sweep(nowMs).map(anomalyDraft),
  };
}

export const DEFAULT_ENRICHERS = { nmea: aisEnricher };
