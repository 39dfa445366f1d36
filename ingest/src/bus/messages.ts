// What ingest puts on the bus: an indicator keyed by its zone (one zone's records stay in one
// partition, in order), and a rejected record keyed by its feed.
import type { Indicator } from '@portwatch/schema';
import type { Rejected } from '../pipeline/pipeline.ts';
import type { BusMessage } from './bus.ts';

export function indicatorMessage(ind: Indicator): BusMessage {
  return { key: ind.zoneId ?? 'unzoned', value: JSON.stringify(ind), timestamp: Date.parse(ind.time) };
}

export function deadLetterMessage(r: Rejected): BusMessage {
  return { key: r.feedId ?? 'unknown', value: JSON.stringify(r), timestamp: Date.parse(r.at) };
}
