// The bus contract against the real Kafka broker: the same suite the in-process bus passes.
import { describe, it, expect } from 'vitest';
import { KafkaBus } from '@portwatch/ingest';
import { busSuite } from '../../ingest/src/bus/bus.case.ts';
import { KAFKA_BROKERS, runId, connectKafka } from '../support/brokers.ts';

const id = runId();
let n = 0;

async function makeBus() {
  const bus = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: `pw-test-${id}` });
  await connectKafka(bus);
  return bus;
}

busSuite('kafka', makeBus, (base) => `pw-test-${base}-${id}-${++n}`);

describe('kafka bus: seek by timestamp', () => {
  it('finds the first offset at or after a time, per partition', async () => {
    const bus = await makeBus();
    const topic = `pw-test-ts-${id}`;
    await bus.ensureTopics([topic], 3);
    const t0 = Date.now() - 60_000;
    await bus.publish(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ key: `zone-${i % 3}`, value: String(i), timestamp: t0 + i * 1000 })),
    );
    const offsets = await bus.offsetsAt(topic, t0 + 20_000);
    const total = offsets.reduce((a, o) => a + Number(o.offset), 0);
    expect(total).toBe(20);
    await bus.close();
  });
});
