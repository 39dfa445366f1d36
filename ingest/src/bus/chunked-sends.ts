// How the Kafka bus publishes: a send's record batch must stay under the broker's
// message.max.bytes (1 MiB by default), and a full pipeline batch of indicators is larger, so
// the broker would refuse it whole.
import { CompressionTypes, type Producer } from 'kafkajs';
import type { BusMessage } from './bus.ts';

/** Bytes per producer send (below the broker's default 1 MiB message.max.bytes, with room for framing). */
const SEND_BYTES = 512 * 1024;

/**
 * Sends `messages` to `topic` (the topic as named on the cluster) in sends of about SEND_BYTES
 * each, and resolves once the brokers have acknowledged them all. The sends go out together
 * rather than each after the last one's acknowledgement (a round trip each left the decode
 * threads idle); kafkajs writes them in order on the one connection to a broker, which appends
 * them in that order.
 */
export async function sendChunked(producer: Pick<Producer, 'send'>, topic: string, messages: BusMessage[]) {
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < messages.length;) {
    let bytes = 0;
    let j = i;
    while (j < messages.length && (j === i || bytes < SEND_BYTES)) {
      const m = messages[j++];
      bytes += (m.bytes?.byteLength ?? m.value.length * 3) + (m.key?.length ?? 0) + 64;
    }
    sends.push(
      producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: messages.slice(i, j).map((m) => ({
          key: m.key,
          value: m.bytes ? asBuffer(m.bytes) : m.value,
          timestamp: String(m.timestamp),
          headers: m.headers,
        })),
      }),
    );
    i = j;
  }
  await Promise.all(sends);
}

/** kafkajs wants a Buffer: a view of the same bytes, not a copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
