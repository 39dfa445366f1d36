// Indicators on portwatch.indicators, keyed by zone: one zone's records stay in one
// partition, in order, which is what correlation's windows rely on.
import type { Indicator } from '../indicator.ts';
import type { BusRecord } from './topics.ts';

export function indicatorMessage(ind: Indicator): BusRecord {
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
