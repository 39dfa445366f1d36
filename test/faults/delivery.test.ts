// At-least-once delivery with an idempotent store: 10,000 mixed records through Mosquitto
// and Kafka give exactly 10,000 indicators — also when the worker is SIGKILLed mid-stream.
import { describe, it, expect, afterEach } from 'vitest';
import { KAFKA_BROKERS } from '../support/brokers.ts';
import { deploy, publishMixed, waitForCount, type Deployment } from './fixture.ts';

let d: Deployment | null = null;
afterEach(async () => {
  await d?.close();
  d = null;
});

describe('delivery through Mosquitto and Kafka', () => {
  it('stores exactly 10,000 indicators for 10,000 records', async () => {
    d = await deploy(KAFKA_BROKERS);
    await d.startWorker();
    await publishMixed(d, 5000);
    expect(await waitForCount(d, 10_000, 240_000)).toBe(10_000);
  }, 360_000);

  it('loses and doubles nothing when the worker is SIGKILLed mid-stream and restarted', async () => {
    d = await deploy(KAFKA_BROKERS);
    let worker = await d.startWorker();
    await publishMixed(d, 5000, async (i) => {
      if (i === 2000) await worker.kill('SIGKILL');
      if (i === 3000) worker = await d!.startWorker();
    });
    expect(await waitForCount(d, 10_000, 240_000)).toBe(10_000);
  }, 360_000);

  it('loses nothing when the worker stalls for 10 s mid-stream (a long pause, an overloaded machine)', async () => {
    // The broker queues 4,000 records for the stalled worker. With Mosquitto's default queue
    // limit (1,000 beyond those in flight) it would drop the rest and say so only in its log:
    // how a soak on a busy machine lost 187 records.
    d = await deploy(KAFKA_BROKERS);
    const worker = await d.startWorker();
    let resumed: Promise<void> = Promise.resolve();
    await publishMixed(d, 5000, async (i) => {
      if (i !== 1000) return;
      worker.child.kill('SIGSTOP');
      resumed = new Promise((r) => setTimeout(r, 10_000)).then(() => void worker.child.kill('SIGCONT'));
    });
    await resumed;
    expect(await waitForCount(d, 10_000, 240_000)).toBe(10_000);
  }, 360_000);
});

describe('delivery while a broker restarts', () => {
  it('loses and doubles nothing while Mosquitto is restarted mid-stream', async () => {
    d = await deploy(KAFKA_BROKERS);
    await d.startWorker();
    await publishMixed(d, 5000, async (i) => {
      if (i === 2500) await d!.restartMosquitto();
    });
    expect(await waitForCount(d, 10_000, 240_000)).toBe(10_000);
  }, 360_000);
});
