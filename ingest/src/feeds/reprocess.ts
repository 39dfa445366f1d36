// Runs one stored raw record (a dead letter) through the pipeline as it is configured now,
// after a mapping or a feed was fixed. Indicators go onto the bus like any others (ids are
// stable per record, so a second re-run changes nothing); a record that is still rejected
// is not dead-lettered again — it is already stored, and the caller reports the new reason.
import { TOPICS, indicatorMessage } from '@portwatch/schema';
import type { Bus } from '../bus/bus.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';

export interface ReprocessInput {
  via: 'mqtt' | 'kafka';
  topic: string;
  payload: string;
}

export interface ReprocessResult {
  indicators: number;
  indicatorIds: string[];
  /** Why it was rejected again; empty when it went through. */
  reasons: string[];
}

export function reprocessThrough(pipeline: Pipeline, bus: Bus): (rec: ReprocessInput) => Promise<ReprocessResult> {
  return async (rec) => {
    const { indicators, rejects } = pipeline.process({
      via: rec.via,
      topic: rec.topic,
      payload: rec.payload,
      receivedAt: Date.now(),
    });
    if (indicators.length) await bus.publish(TOPICS.indicators, indicators.map(indicatorMessage));
    return {
      indicators: indicators.length,
      indicatorIds: indicators.map((i) => i.id),
      reasons: rejects.map((r) => r.reason),
    };
  };
}
