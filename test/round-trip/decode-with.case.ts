// Round-trip helper for the encoder tests (simulators ↔ ingest, which may not import each other): what a simulator emits must decode in ingest.
import type { Draft } from '../../ingest/src/decoders/decoder.ts';
import { createDecoder } from '../../ingest/src/decoders/index.ts';

const context = { feedId: 'sim', topic: 'sim', receivedAt: new Date('2025-03-14T02:30:00.000Z') };

export function decodeWith(format: string, payload: string, options?: { mapping?: Record<string, unknown> }): Draft[] {
  const result = createDecoder(format, options).decode(payload, context);
  if (!result.ok) throw new Error(`${format} decoder rejected the encoder's output: ${result.reason}\n${payload}`);
  return result.drafts;
}
