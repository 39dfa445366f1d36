// What ingest puts on the bus: an indicator keyed by its zone (one zone's records stay in one
// partition, in order), and a rejected record keyed by its feed.
import type { Indicator } from '@portwatch/schema';
import type { Rejected } from '../pipeline/pipeline.ts';
import type { BusMessage } from './bus.ts';

/** `rawText`: the JSON text `ind.raw` was parsed from, when the caller knows it (see indicatorJson). */
export function indicatorMessage(ind: Indicator, rawText?: string): BusMessage {
  return { key: ind.zoneId ?? 'unzoned', value: indicatorJson(ind, rawText), timestamp: Date.parse(ind.time) };
}

/**
 * The indicator as JSON. With `rawText` — the text `ind.raw` was parsed from, unchanged since —
 * that text is spliced in as `raw` rather than the object serialized again: the same JSON
 * value, for a third of the cost of an EVE alert's indicator.
 */
export function indicatorJson(ind: Indicator, rawText?: string): string {
  if (rawText === undefined || ind.raw === undefined) return JSON.stringify(ind);
  return `${jsonWithoutRaw(ind)}${RAW_MEMBER}${rawText}}`;
}

/** What goes between the indicator's other members and its raw record's text. */
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
