// Draft (what a record says) → Indicator (the contract). The id is a hash of the feed and
// the record's own identity, so a redelivered record maps onto the same indicator.
import type { Indicator, Mode } from '@portwatch/schema';
import type { Draft } from '../decoders/decoder.ts';
import { recordHash } from './record-hash.ts';

export interface NormalizeContext {
  siteId: string;
  feedId: string;
  format: string;
  mode: Mode;
  /** Exercise mode: the exercise, part of every id so two runs of one scenario stay apart. */
  exerciseId?: string;
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
    id: (ctx.idPrefix ??= idPrefix(ctx)) + recordHash(draft.sourceRef ?? payload, index),
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
  if (ctx.exerciseId !== undefined) ind.exerciseId = ctx.exerciseId;
  if (draft.assetId) ind.assetId = draft.assetId;
  if (draft.correlationKey) ind.correlationKey = draft.correlationKey;
  return ind;
}

function idPrefix(ctx: NormalizeContext): string {
  if (ctx.mode === 'live') return `${ctx.feedId}:`;
  return ctx.exerciseId === undefined ? `${ctx.mode}:${ctx.feedId}:` : `${ctx.mode}:${ctx.exerciseId}:${ctx.feedId}:`;
}
