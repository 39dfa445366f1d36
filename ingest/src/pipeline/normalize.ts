// Draft (what a record says) → Indicator (the contract). The id is a hash of the feed and
// the record's own identity, so a redelivered record maps onto the same indicator.
import { OBSERVABLE_TYPES, type Indicator, type Mode } from '@portwatch/schema';
import type { Draft } from '../decoders/decoder.ts';
import { recordHash } from './record-hash.ts';

export interface NormalizeContext {
  siteId: string;
  feedId: string;
  format: string;
  mode: Mode;
  ingestTime: string;
  /** `<feed>:` or `<mode>:<feed>:`, made on first use: the same for every indicator of the context. */
  idPrefix?: string;
}

/**
 * `<feed>:` + 22 base64url characters of MurmurHash3 x86_128 (record-hash.ts) of the UTF-8
 * bytes of the record's identity, seeded with the draft's index within the record. The feed
 * (and mode) are the prefix, so the hash need not cover them. The scheme is part of the
 * data: ids of stored indicators and of redelivered records must match, so it never changes
 * quietly. (It was SHA-1 of feed, identity and index until the ingest benchmark; nothing
 * had been deployed.)
 */
export function indicatorId(feedId: string, identity: string, index: number): string {
  return `${feedId}:${recordHash(identity, index)}`;
}

export function normalize(draft: Draft, payload: string, index: number, ctx: NormalizeContext): Indicator {
  const source: Indicator['source'] = { feed: ctx.feedId, format: ctx.format, sensorId: draft.sensorId };
  if (draft.vendor) source.vendor = draft.vendor;
  if (draft.product) source.product = draft.product;
  const tags =
    ctx.mode === 'live' ? draft.tags : draft.tags.includes(ctx.mode) ? draft.tags : [...draft.tags, ctx.mode];
  const ind: Indicator = {
    // Exercise and replay copies of a record must not collide with the live one.
    id:
      (ctx.idPrefix ??= `${ctx.mode === 'live' ? ctx.feedId : `${ctx.mode}:${ctx.feedId}`}:`) +
      recordHash(draft.sourceRef ?? payload, index),
    time: draft.time,
    ingestTime: ctx.ingestTime,
    mode: ctx.mode,
    siteId: ctx.siteId,
    zoneId: null,
    domain: draft.domain,
    type: draft.type,
    title: draft.title,
    severity: draft.severity,
    confidence: draft.confidence,
    location: draft.location,
    source,
    observables: draft.observables,
    tags,
    // In the literal, not added after it: an added field costs the indicator a second allocation.
    raw: draft.raw,
  };
  if (ind.raw === undefined) delete ind.raw;
  if (draft.assetId) ind.assetId = draft.assetId;
  if (draft.correlationKey) ind.correlationKey = draft.correlationKey;
  return ind;
}

const OBSERVABLE_TYPE_SET: ReadonlySet<string> = new Set(OBSERVABLE_TYPES);
const TYPE_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
/** Types already seen to match TYPE_PATTERN: a feed has a handful, seen again and again. */
const goodTypes = new Set<string>();

/**
 * What a decoder could still get wrong in an indicator, checked by hand on the hot path:
 * the decoders' contract tests already hold every draft they produce to the full JSON
 * schema (ajv), which cost a quarter of the pipeline's time per record. Returns the
 * reason the indicator breaks the contract, or null when it keeps it.
 */
export function indicatorProblem(ind: Indicator): string | null {
  const { time, severity, confidence, type, location, observables, tags } = ind;
  if (!isIsoUtc(time)) return `time: expected ISO-8601 UTC with milliseconds, got ${show(time)}`;
  if (!Number.isInteger(severity) || severity < 0 || severity > 5)
    return `severity: expected an integer 0–5, got ${show(severity)}`;
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 100))
    return `confidence: expected a number 0–100, got ${show(confidence)}`;
  if (!goodTypes.has(type)) {
    if (typeof type !== 'string' || !TYPE_PATTERN.test(type))
      return `type: expected dotted lower-case words like "ids.alert", got ${show(type)}`;
    if (goodTypes.size >= 1000) goodTypes.clear();
    goodTypes.add(type);
  }
  if (ind.domain !== 'physical' && ind.domain !== 'cyber')
    return `domain: expected physical or cyber, got ${show(ind.domain)}`;
  if (typeof ind.title !== 'string' || ind.title.length > 500) return 'title: expected text of at most 500 characters';
  if (ind.id.length > 200) return 'id: longer than 200 characters (feed id too long)';
  if (
    location !== null &&
    (typeof location !== 'object' ||
      !(location.lat >= -90 && location.lat <= 90) ||
      !(location.lon >= -180 && location.lon <= 180))
  ) {
    return `location: expected lat −90–90 and lon −180–180, got ${show(location)}`;
  }
  const sensorId = ind.source.sensorId;
  if (sensorId !== null && typeof sensorId !== 'string')
    return `source.sensorId: expected text or null, got ${show(sensorId)}`;
  if (!Array.isArray(observables) || observables.length > 64) return 'observables: expected at most 64';
  for (let i = 0; i < observables.length; i++) {
    const o = observables[i];
    if (o === null || typeof o !== 'object') return `observables.${i}: expected an object, got ${show(o)}`;
    if (!OBSERVABLE_TYPE_SET.has(o.type))
      return `observables.${i}.type: expected one of ${OBSERVABLE_TYPES.join(', ')}, got ${show(o.type)}`;
    if (typeof o.value !== 'string' || o.value.length > 512)
      return `observables.${i}.value: expected text of at most 512 characters`;
  }
  if (!Array.isArray(tags) || tags.length > 64) return 'tags: expected at most 64';
  for (let i = 0; i < tags.length; i++)
    if (typeof tags[i] !== 'string' || tags[i].length > 128)
      return `tags.${i}: expected text of at most 128 characters`;
  return null;
}

/**
 * Text of the length of `YYYY-MM-DDTHH:MM:SS.mmmZ`. Decoders build times only with
 * record-time.ts, which checks the calendar and writes that shape (the contract tests
 * check it in full); what can still go wrong is a time that skipped it, like an epoch
 * number or the record's own text. Reading the characters here would copy every time
 * string the decoders just assembled.
 */
function isIsoUtc(text: unknown): boolean {
  return typeof text === 'string' && text.length === 24;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
