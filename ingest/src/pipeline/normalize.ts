// Draft (what a record says) → Indicator (the contract). The id is a hash of the feed and
// the record's own identity, so a redelivered record maps onto the same indicator.
import { createHash } from 'node:crypto';
import type { Indicator, Mode } from '@portwatch/schema';
import type { Draft } from '../decoders/decoder.ts';

export interface NormalizeContext {
  siteId: string;
  feedId: string;
  format: string;
  mode: Mode;
  ingestTime: string;
}

export function indicatorId(feedId: string, identity: string, index: number): string {
  const h = createHash('sha1').update(feedId).update('\u0000').update(identity).update('\u0000').update(String(index)).digest('base64url');
  return `${feedId}:${h.slice(0, 22)}`;
}

export function normalize(draft: Draft, payload: string, index: number, ctx: NormalizeContext): Indicator {
  const source: Indicator['source'] = { feed: ctx.feedId, format: ctx.format, sensorId: draft.sensorId };
  if (draft.vendor) source.vendor = draft.vendor;
  if (draft.product) source.product = draft.product;
  const tags = ctx.mode === 'live' ? draft.tags : draft.tags.includes(ctx.mode) ? draft.tags : [...draft.tags, ctx.mode];
  const ind: Indicator = {
    // Exercise and replay copies of a record must not collide with the live one.
    id: indicatorId(ctx.mode === 'live' ? ctx.feedId : `${ctx.mode}:${ctx.feedId}`, draft.sourceRef ?? payload, index),
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
  };
  if (draft.assetId) ind.assetId = draft.assetId;
  if (draft.correlationKey) ind.correlationKey = draft.correlationKey;
  if (draft.raw !== undefined) ind.raw = draft.raw;
  return ind;
}
