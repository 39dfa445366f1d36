// What ingest puts on the bus: an indicator keyed by its zone (one zone's records stay in one
// partition, in order), and a rejected record keyed by its feed.
import type { Indicator } from '@portwatch/schema';
import type { Rejected } from '../pipeline/pipeline.ts';
import type { BusMessage } from './bus.ts';

export function indicatorMessage(ind: Indicator): BusMessage {
  return { key: indicatorKey(ind), value: JSON.stringify(ind), timestamp: Date.parse(ind.time) };
}

/** The partition key of an indicator's message: its zone. */
export function indicatorKey(ind: Indicator): string {
  return ind.zoneId ?? 'unzoned';
}

/**
 * When an indicator's `raw` is a record exactly as it arrived, the decode thread writes
 * jsonWithoutRaw(ind) + RAW_MEMBER + the record's own text + "}": the same JSON value as
 * JSON.stringify(ind), without serializing the record a second time (a third of the cost of
 * an EVE alert's indicator).
 */
export const RAW_MEMBER = ',"raw":';

/** The indicator's JSON without `raw` and without the closing brace, for a raw text to follow. */
export function jsonWithoutRaw(ind: Indicator): string {
  const raw = ind.raw;
  ind.raw = undefined; // JSON.stringify leaves out undefined members
  try {
    return JSON.stringify(ind).slice(0, -1);
  } finally {
    ind.raw = raw;
  }
}

export function deadLetterMessage(r: Rejected): BusMessage {
  return { key: r.feedId ?? 'unknown', value: JSON.stringify(r), timestamp: Date.parse(r.at) };
}
