// A record the pipeline rejected, as the dead letter it is kept as: the start of the raw
// record and the reason, both as text the store can hold.
import { DEAD_LETTER_KEEP, type DeadLetter, type Transport } from '@portwatch/schema';
import type { Stage } from './feed-health.ts';
import { byteSize } from './payload-size.ts';
import { storableText } from './storable.ts';

/** What a dead letter keeps of a RawRecord (named here: pipeline.ts imports this file, not the reverse). */
interface Arrived {
  via: Transport;
  topic: string;
  payload: string | Uint8Array;
}

/** The dead letter of `rec`, rejected at `stage` for `reason`; `at` is its arrival as ISO text. */
export function deadLetter(at: string, feedId: string | null, rec: Arrived, stage: Stage, reason: string): DeadLetter {
  const size = byteSize(rec.payload);
  return {
    at,
    feedId,
    via: rec.via,
    topic: rec.topic,
    stage,
    // A decoder may quote the record's own text in its reason.
    reason: storableText(reason),
    payload: preview(rec.payload),
    size,
    truncated: size > DEAD_LETTER_KEEP,
  };
}

/** The start of the raw record, as text the store can hold (a NUL byte becomes U+FFFD). */
function preview(payload: string | Uint8Array): string {
  if (typeof payload === 'string')
    return storableText(payload.length > DEAD_LETTER_KEEP ? payload.slice(0, DEAD_LETTER_KEEP) : payload);
  const part = payload.byteLength > DEAD_LETTER_KEEP ? payload.subarray(0, DEAD_LETTER_KEEP) : payload;
  return storableText(Buffer.from(part).toString('utf8'));
}
