// One ingest consumer reads every Kafka feed, with a few batches in flight at once. A feed
// over its rate must be read more slowly without holding up the others: 30 s worth of one
// IDS feed's rate waiting on its topic, beside 100 alerts/s on another IDS feed. While the
// pacer waited inside the handler (holding one of the consumer's batches in flight), the
// second feed got 500 of 1,880 records through in 19 s; now a batch over the rate is handed
// back and its partition paused.
import { describe, it, expect, afterEach } from 'vitest';
import type { FeedConfig } from '@portwatch/schema';
import { FEED_DEFAULTS } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { decoderFactories } from '@portwatch/ingest/decoders';
import { IngestService, KafkaBus, Pipeline, siteLocator, silentLogger } from '@portwatch/ingest';
import { KAFKA_BROKERS, runId } from '../support/brokers.ts';
import { eveRecord } from '../support/records.ts';

const RATE = 1000;
const BACKLOG = 30 * RATE;
const GOOD_S = 10;
const GOOD_PER_TICK = 10; // every 100 ms: 100/s

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

describe('a Kafka feed over its rate', () => {
  it('is read at its rate while another Kafka feed keeps its latency', async () => {
    const ns = `fair-${runId()}`;
    const eve = {
      ...FEED_DEFAULTS,
      transport: 'kafka' as const,
      format: 'eve',
      zone: ['ip', 'sensor'] as FeedConfig['zone'],
    };
    const feeds: FeedConfig[] = [
      { ...eve, id: 'ids-flooded', topic: 'ids.flooded', maxRatePerSec: RATE },
      { ...eve, id: 'ids-other', topic: 'ids.other', maxRatePerSec: RATE },
    ];
    const bus = new KafkaBus({ brokers: KAFKA_BROKERS, namespace: ns });
    await bus.connect();
    cleanups.push(() => bus.close());
    const base = Date.now() - 3_600_000;
    for (let k = 0; k < BACKLOG / 1000; k++)
      await bus.publish(
        'ids.flooded',
        Array.from({ length: 1000 }, (_, i) => ({
          key: null,
          value: eveRecord(k * 1000 + i, base),
          timestamp: Date.now(),
        })),
      );
    const site = await loadSite(siteDir('valencia'));
    const pipeline = new Pipeline({
      siteId: 'valencia',
      feeds,
      locator: siteLocator(site),
      decoders: decoderFactories,
    });
    const ingest = new IngestService({ pipeline, bus, log: silentLogger, groupId: `${ns}-ingest` });
    const received = (id: string) => pipeline.health.snapshot().find((c) => c.feedId === id)?.received ?? 0;
    await ingest.start();
    cleanups.push(() => ingest.stop());
    // The consumer has joined its group once the backlog is being read (joining takes seconds,
    // which is not what is measured here).
    await expect.poll(() => received('ids-flooded'), { timeout: 30_000 }).toBeGreaterThan(0);
    const t0 = Date.now();
    const flooded0 = received('ids-flooded');

    // Send the other feed's alerts and note when each tick's records have all been read.
    const sentAt: number[] = [];
    const delays: number[] = [];
    let sent = 0;
    const watcher = setInterval(() => {
      const got = received('ids-other');
      while (delays.length < sentAt.length && got >= (delays.length + 1) * GOOD_PER_TICK)
        delays.push(Date.now() - sentAt[delays.length]);
    }, 10);
    for (let tick = 0; tick < GOOD_S * 10; tick++) {
      const at = Date.now();
      await bus.publish(
        'ids.other',
        Array.from({ length: GOOD_PER_TICK }, () => ({
          key: null,
          value: eveRecord(BACKLOG + sent++, base),
          timestamp: at,
        })),
      );
      sentAt.push(at);
      await new Promise((r) => setTimeout(r, Math.max(0, at + 100 - Date.now())));
    }
    await expect.poll(() => delays.length, { timeout: 20_000 }).toBe(sentAt.length);
    clearInterval(watcher);
    const elapsedS = (Date.now() - t0) / 1000;
    const flooded = received('ids-flooded') - flooded0;
    delays.sort((a, b) => a - b);
    const p99 = delays[Math.floor(delays.length * 0.99)];
    console.log(JSON.stringify({ otherFeedMs: { p50: delays[delays.length >> 1], p99 }, flooded, elapsedS }));
    expect(received('ids-other')).toBe(sent);
    expect(p99).toBeLessThan(2000);
    // The flooded feed went on at its rate, a batch at a time: neither stopped nor let through.
    expect(flooded / elapsedS).toBeGreaterThan(RATE / 2);
    expect(flooded / elapsedS).toBeLessThan(RATE * 1.25);
  }, 120_000);
});
