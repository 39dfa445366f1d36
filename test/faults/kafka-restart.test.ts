// The Kafka broker stopped and started again mid-stream: its own broker on free ports, so
// the shared one stays up. Nothing lost, nothing doubled.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKafka } from '../brokers/kafka-broker.js';
import { freePorts } from '../brokers/free-port.js';
import { deploy, publishMixed, waitForCount, type Deployment } from './fixture.ts';

let d: Deployment | null = null;
let kafka: Awaited<ReturnType<typeof startKafka>> | null = null;
afterAll(async () => {
  await d?.close();
  await kafka?.stop();
});

describe('delivery while Kafka restarts', () => {
  it('loses and doubles nothing when the broker is stopped and started again', async () => {
    const [port, controllerPort] = await freePorts(2);
    const dataDir = mkdtempSync(join(tmpdir(), 'pw-kafka-'));
    kafka = await startKafka({ port, controllerPort, dataDir, fresh: true });
    d = await deploy([kafka.brokers]);
    await d.startWorker();
    await publishMixed(d, 5000, async (i) => {
      if (i === 2000) {
        await kafka!.stop();
        // Sensors keep publishing over MQTT while Kafka is down; ingest holds their acks.
        kafka = await startKafka({ port, controllerPort, dataDir });
      }
    });
    expect(await waitForCount(d, 10_000, 240_000)).toBe(10_000);
  }, 420_000);
});
