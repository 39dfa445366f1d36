// A publish of more than the broker takes in one request goes out in several, in order, and
// the bytes a producer already has are sent as they are.
import { describe, it, expect } from 'vitest';
import type { Producer, ProducerRecord } from 'kafkajs';
import { sendChunked } from './chunked-sends.ts';
import type { BusMessage } from './bus.ts';

function recorder() {
  const sent: ProducerRecord[] = [];
  const producer: Pick<Producer, 'send'> = {
    send: async (record) => {
      sent.push(record);
      return [];
    },
  };
  return { sent, producer };
}

const indicator = (i: number, bytes: number): BusMessage => ({
  key: `zone-${i % 3}`,
  value: JSON.stringify({ i, pad: 'x'.repeat(bytes) }),
  timestamp: 1_700_000_000_000 + i,
});

describe('sendChunked', () => {
  it('splits a batch larger than one request into several, keeping every record in order', async () => {
    const { sent, producer } = recorder();
    const messages = Array.from({ length: 1_000 }, (_, i) => indicator(i, 1_000));
    await sendChunked(producer, 'ns.indicators', messages);
    expect(sent.length).toBeGreaterThan(1);
    for (const s of sent) expect(s.topic).toBe('ns.indicators');
    const values = sent.flatMap((s) => s.messages.map((m) => m.value));
    expect(values).toEqual(messages.map((m) => m.value));
    // Each request stays well under the broker's 1 MiB message.max.bytes.
    for (const s of sent) expect(s.messages.reduce((n, m) => n + String(m.value).length, 0)).toBeLessThan(1 << 20);
  });

  it('sends a record larger than a request (nothing after it in that request) rather than refusing it', async () => {
    const { sent, producer } = recorder();
    await sendChunked(producer, 't', [indicator(0, 700 * 1024), indicator(1, 10), indicator(2, 10)]);
    expect(sent.map((s) => s.messages.length)).toEqual([1, 2]);
  });

  it('passes bytes on as a view of the same memory, not a copy', async () => {
    const { sent, producer } = recorder();
    const backing = new TextEncoder().encode('..{"a":1}..');
    const bytes = backing.subarray(2, 9);
    await sendChunked(producer, 't', [{ key: null, value: '{"a":1}', bytes, timestamp: 5 }]);
    const value = sent[0].messages[0].value as Buffer;
    expect(Buffer.isBuffer(value)).toBe(true);
    expect(value.buffer).toBe(backing.buffer);
    expect(value.toString()).toBe('{"a":1}');
    expect(sent[0].messages[0].timestamp).toBe('5');
  });
});
