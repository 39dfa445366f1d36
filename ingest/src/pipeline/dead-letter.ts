// A record the pipeline rejected, as the dead letter it is kept as: the start of the raw
// record and the reason, both as text the store can hold.
import { DEAD_LETTER_KEEP, type DeadLetter, type Transport } from '@portwatch/schema';
import type { Stage } from './feed-health.ts';
import { byteSize } from './payload-size.ts';
import { recordHash } from './record-hash.ts';
import { storableText } from './storable.ts';

/** What a dead letter keeps of a RawRecord (named here: pipeline.ts imports this file, not the reverse). */
interface Arrived {
  via: Transport;
  topic: string;
  payload: string | Uint8Array;
  ref?: string;
}

/**
 * The dead letter of `rec`, rejected at `stage` for `reason`; `at` is its arrival as ISO text,
 * `index` which of the record's rejections it is. A record with a ref gets a key from it and
 * its payload (a topic made again from offset 0 holds other records at the same places), the
 * same each time the record is read; the others get a new key when put on the bus.
 */
export function deadLetter(
  at: string,
  feedId: string | null,
  rec: Arrived,
  stage: Stage,
  reason: string,
  index = 0,
): DeadLetter {
  const size = byteSize(rec.payload);
  const payload = preview(rec.payload);
  const letter: DeadLetter = {
    at,
    feedId,
    via: rec.via,
    topic: rec.topic,
    stage,
    // A decoder may quote the record's own text in its reason.
    reason: storableText(reason),
    payload,
    size,
    truncated: size > DEAD_LETTER_KEEP,
  };
  if (rec.ref !== undefined) letter.key = `${rec.ref}:${recordHash(payload, index)}`;
  return letter;
}

/** The start of the raw record, as text the store can hold (a NUL byte becomes U+FFFD). */
function preview(payload: string | Uint8Array): string {
  if (typeof payload === 'string')
    return storableText(payload.length > DEAD_LETTER_KEEP ? payload.slice(0, DEAD_LETTER_KEEP) : payload);
  const part = payload.byteLength > DEAD_LETTER_KEEP ? payload.subarray(0, DEAD_LETTER_KEEP) : payload;
  return storableText(Buffer.from(part).toString('utf8'));
}
