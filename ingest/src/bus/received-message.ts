// A record as the Kafka bus hands it to a subscriber (BusBatch.messages).
import type { KafkaMessage } from 'kafkajs';

const EMPTY = Buffer.alloc(0);

/**
 * A consumed message. Its fields are read from kafkajs's message only when asked for: a
 * handler that passes the bytes on (to a decode thread) never pays for text it does not use.
 */
export class ReceivedMessage {
  private text: string | undefined;

  constructor(private readonly m: KafkaMessage) {}

  get key(): string | null {
    return this.m.key ? this.m.key.toString() : null;
  }

  get value(): string {
    return (this.text ??= this.bytes.toString('utf8'));
  }

  get bytes(): Buffer {
    return this.m.value ?? EMPTY;
  }

  get timestamp(): number {
    return Number(this.m.timestamp);
  }

  get offset(): string {
    return this.m.offset;
  }

  get headers(): Record<string, string> | undefined {
    const h = this.m.headers;
    if (!h) return undefined;
    const out: Record<string, string> = {};
    for (const k in h) out[k] = String(h[k]);
    return out;
  }
}
