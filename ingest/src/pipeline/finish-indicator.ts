// Every draft the pipeline makes (a record's, or an enricher's) into an indicator: normalized,
// made storable, located in a zone, and held to the Indicator contract.
import { indicatorProblem, validateIndicator, type FeedConfig, type Indicator } from '@portwatch/schema';
import type { Draft } from '../decoders/decoder.ts';
import { locate } from './locate.ts';
import { normalize, type NormalizeContext } from './normalize.ts';
import { REPLACED_TAG, makeStorable, mayBeUnstorable } from './storable.ts';
import type { ZoneLocator } from './zone-locator.ts';

/** Why an indicator has no zone when locate gave no reason of its own. */
export const NO_ZONE = 'no zone strategy found a zone';

/** The located indicator, or why it breaks the Indicator contract. */
export function finishIndicator(
  draft: Draft,
  payload: string,
  index: number,
  feed: FeedConfig,
  ctx: NormalizeContext,
  locator: ZoneLocator,
): Indicator | string {
  const ind = normalize(draft, payload, index, ctx);
  if (mayBeUnstorable(payload) && makeStorable(ind).changed) {
    ind.tags = [...ind.tags, REPLACED_TAG];
    // The raw record is no longer the text that arrived: a new object, so a writer that
    // copies the arrived bytes for a raw it recognises (the decode thread) cannot.
    if (ind.raw !== null && typeof ind.raw === 'object')
      ind.raw = Array.isArray(ind.raw) ? [...(ind.raw as unknown[])] : { ...(ind.raw as object) };
  }
  locate(ind, draft, feed, locator);
  const problem = indicatorProblem(ind);
  if (problem !== null) return `indicator invalid: ${problem}`;
  // A mapped JSON feed's output depends on the site's mapping, which no decoder test has
  // seen: it alone is held to the full schema here.
  if (feed.format === 'json') {
    const checked = validateIndicator(ind);
    if (!checked.ok) return `indicator invalid: ${checked.reason}`;
  }
  return ind;
}
