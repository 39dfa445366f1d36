// A decoded batch on its way back from a decode thread, and the bus messages read from it.
import type { DeadLetter } from '@portwatch/schema';
import type { BusMessage } from '../bus/bus.ts';

/**
 * A decoded batch as it crosses back: the indicators' JSON as UTF-8, back to back in one
 * transferred buffer. Cloning strings across threads instead cost the main thread as much as
 * the decoding saved; Kafka wants the bytes anyway. A worker that published the indicators
 * itself sends back none, only how many.
 */
export interface WireBatch {
  feedId: string | null;
  received: number;
  /** Indicators the worker published to Kafka itself (then none are in `json`). */
  published: number;
  json: Uint8Array;
  /** Where each indicator's JSON ends in `json`. */
  ends: Int32Array;
  keys: (string | null)[];
  timestamps: Float64Array;
  rejects: DeadLetter[];
  /** Why each record of the batch that made no indicator was not used. */
  notUsed: string[];
  /** Why each indicator of the batch kept without a zone found none. */
  noZone: string[];
}

/** The indicators of a wire batch as bus messages: views of its one buffer, no copy per message. */
export function wireMessages(wire: WireBatch): BusMessage[] {
  const messages: BusMessage[] = new Array(wire.ends.length);
  const { buffer, byteOffset } = wire.json;
  let from = 0;
  for (let i = 0; i < wire.ends.length; i++) {
    messages[i] = new EncodedMessage(
      wire.keys[i],
      Buffer.from(buffer, byteOffset + from, wire.ends[i] - from),
      wire.timestamps[i],
    );
    from = wire.ends[i];
  }
  return messages;
}

/** A message whose value is held as UTF-8 bytes; the text is made only when read. */
class EncodedMessage implements BusMessage {
  private text: string | undefined;

  constructor(
    readonly key: string | null,
    readonly bytes: Buffer,
    readonly timestamp: number,
  ) {}

  get value(): string {
    return (this.text ??= this.bytes.toString('utf8'));
  }
}
