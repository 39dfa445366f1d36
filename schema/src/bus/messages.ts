// What correlation, ingest and the API say to each other over the bus, besides indicators:
// each message's key (its partition), its event time, and how a consumer reads it back.
// A reader never throws: a message it cannot read comes back with the reason, which the
// consumer counts or dead-letters.
import type { DeadLetter } from '../dead-letter.ts';
import type { Incident } from '../incident.ts';
import type { Indicator, Mode } from '../indicator.ts';
import type { ZoneState } from '../zone-state.ts';
import type { BusRecord } from './topics.ts';

/** An operator's action that correlation must know of, published by the API on TOPICS.incidentActions. */
export interface IncidentActionMessage {
  type: 'resolved';
  incidentId: string;
  zoneId: string;
  /** When the operator resolved it (ISO-8601): the re-arm period starts here. */
  at: string;
}

/**
 * A raise of one zone's risk decided elsewhere, on TOPICS.zoneEffects keyed by the zone:
 * `compromise` — a cyber record on an asset the zone depends on (the asset graph); `incident`
 * — an incident open in the zone (`via`: the asset it reached the zone through). `id` is the
 * same each time the same effect is published again (a rebuild), so it is applied once.
 */
export type ZoneEffect = {
  id: string;
  mode: Mode;
  siteId: string;
  zoneId: string;
  severity: number;
  /** Event time (ISO-8601): the record's, or the incident's last seen. */
  time: string;
} & (
  { kind: 'compromise'; assetId: string; confidence: number } | { kind: 'incident'; incidentId: string; via?: string }
);

export type BusRead<T> = { ok: true; value: T } | { ok: false; reason: string };

export function incidentMessage(inc: Incident): BusRecord {
  return { key: inc.zoneId, value: JSON.stringify(inc), timestamp: Date.parse(inc.lastSeen) };
}

export function zoneStateMessage(z: ZoneState): BusRecord {
  return { key: z.zoneId, value: JSON.stringify(z), timestamp: Date.parse(z.updatedAt) };
}

export function incidentActionMessage(m: IncidentActionMessage): BusRecord {
  return { key: m.zoneId, value: JSON.stringify(m), timestamp: Date.parse(m.at) };
}

export function zoneEffectMessage(e: ZoneEffect): BusRecord {
  return { key: e.zoneId, value: JSON.stringify(e), timestamp: Date.parse(e.time) };
}

/** Keyed by feed: one feed's rejects stay in order. */
/** A dead letter on the bus, with the key (made here when it has none) that keeps its storing idempotent. */
export function deadLetterMessage(d: DeadLetter): BusRecord {
  const letter = d.key === undefined ? { ...d, key: globalThis.crypto.randomUUID() } : d;
  return { key: d.feedId ?? 'unknown', value: JSON.stringify(letter), timestamp: Date.parse(d.at) };
}

function readObject(value: string): BusRead<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { ok: false, reason: 'not a JSON object' };
  return { ok: true, value: parsed as Record<string, unknown> };
}

// Indicators, incidents, zone states and dead letters are checked against their contract by
// whoever produced them (the pipeline, correlation); a consumer only needs them to be objects.
export const readIndicatorMessage = (value: string) => readObject(value) as BusRead<Indicator>;
export const readIncidentMessage = (value: string) => readObject(value) as BusRead<Incident>;
export const readZoneStateMessage = (value: string) => readObject(value) as BusRead<ZoneState>;
export const readDeadLetterMessage = (value: string) => readObject(value) as BusRead<DeadLetter>;

/** Another worker's effect: checked, since applying one that is malformed would corrupt a zone's risk. */
export function readZoneEffectMessage(value: string): BusRead<ZoneEffect> {
  const read = readObject(value);
  if (!read.ok) return read;
  const e = read.value;
  for (const key of ['id', 'mode', 'siteId', 'zoneId', 'time'] as const)
    if (typeof e[key] !== 'string' || e[key] === '') return { ok: false, reason: `${key}: expected text` };
  if (typeof e.severity !== 'number') return { ok: false, reason: 'severity: expected a number' };
  if (!Number.isFinite(Date.parse(e.time as string))) return { ok: false, reason: 'time: expected an ISO-8601 time' };
  if (e.kind === 'compromise') {
    if (typeof e.assetId !== 'string' || typeof e.confidence !== 'number')
      return { ok: false, reason: 'compromise: expected assetId and confidence' };
  } else if (e.kind === 'incident') {
    if (typeof e.incidentId !== 'string') return { ok: false, reason: 'incident: expected incidentId' };
  } else return { ok: false, reason: `unknown zone effect ${JSON.stringify(e.kind)}` };
  return { ok: true, value: e as unknown as ZoneEffect };
}

/** The API is a separate process, possibly another version: an action is checked in full. */
export function readIncidentActionMessage(value: string): BusRead<IncidentActionMessage> {
  const read = readObject(value);
  if (!read.ok) return read;
  const { type, incidentId, zoneId, at } = read.value;
  if (type !== 'resolved') return { ok: false, reason: `unknown incident action ${JSON.stringify(type)}` };
  if (typeof incidentId !== 'string' || incidentId === '') return { ok: false, reason: 'incidentId: expected text' };
  if (typeof zoneId !== 'string') return { ok: false, reason: 'zoneId: expected text' };
  if (typeof at !== 'string' || !Number.isFinite(Date.parse(at)))
    return { ok: false, reason: `at: expected an ISO-8601 time, got ${JSON.stringify(at)}` };
  return { ok: true, value: { type, incidentId, zoneId, at } };
}
