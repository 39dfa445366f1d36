// A flood cannot blind: 30 s of one sensor sending garbage as fast as its client can, beside 100 good
// records/s from the feed's other sensors. The good records keep their latency and all
// arrive; every garbage record is counted; the flood's excess is shed before decoding and
// summarised in a few dead letters, not one each; memory stays bounded.
import { describe, it, expect, afterAll } from 'vitest';
import mqtt from 'mqtt';
import type { FeedConfig, Site } from '@portwatch/schema';
import { TOPICS } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { decoderFactories } from '@portwatch/ingest/decoders';
import {
  IngestService,
  MemoryBus,
  Pipeline,
  siteLocator,
  silentLogger,
  startEmbeddedBroker,
  type EmbeddedBroker,
} from '@portwatch/ingest';

const FLOOD_MS = 30_000;
const feeds: FeedConfig[] = [
  {
    id: 'access-control',
    transport: 'mqtt',
    topic: 'valencia/access/+',
    format: 'onvif',
    zone: ['sensor'],
    maxRecordBytes: 65536,
    maxRatePerSec: 1000,
    enabled: true,
  },
];
const READERS = ['AP-CT-01', 'AP-CT-02', 'AP-GN-01', 'AP-GN-02'];

let broker: EmbeddedBroker | null = null;
let ingest: IngestService | null = null;
afterAll(async () => {
  await ingest?.stop();
  await broker?.close();
});

describe('a garbage flood from one sensor', () => {
  it('leaves the good records on time, all of them, and counts every garbage record', async () => {
    const site: Site = await loadSite(siteDir('valencia'));
    broker = await startEmbeddedBroker(0);
    const bus = new MemoryBus();
    const pipeline = new Pipeline({
      siteId: 'valencia',
      feeds,
      locator: siteLocator(site),
      decoders: decoderFactories,
    });
    const sentAt = new Map<string, number>();
    const delays: number[] = [];
    let letters = 0;
    await bus.subscribe({ groupId: 'flood-test', topics: [TOPICS.indicators, TOPICS.deadLetter] }, async (b) => {
      if (b.topic === TOPICS.deadLetter) letters += b.messages.length;
      else
        for (const m of b.messages) {
          const text = m.value || Buffer.from(m.bytes ?? []).toString();
          const token = /DOOR-T\d+/.exec(text)?.[0];
          const t = token && sentAt.get(token);
          if (t) delays.push(Date.now() - t);
        }
    });
    ingest = new IngestService({
      pipeline,
      bus,
      log: silentLogger,
      mqtt: { url: broker.url, clientId: 'flood-test-ingest' },
    });
    await ingest.start();

    const flooder = await mqtt.connectAsync(broker.url, { clientId: 'flooder' });
    const sensor = await mqtt.connectAsync(broker.url, { clientId: 'good-sensors' });
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    let garbage = 0;
    let good = 0;
    const t0 = Date.now();
    const goodTimer = setInterval(() => {
      // 100 records/s in ticks of 10.
      for (let k = 0; k < 10; k++) {
        const token = `DOOR-T${good++}`;
        sentAt.set(token, Date.now());
        void sensor.publishAsync(
          `valencia/access/${READERS[good % READERS.length]}`,
          JSON.stringify({
            topic: 'tns1:Door/State/DoorAlarm',
            timestamp: new Date().toISOString(),
            message: { source: { DoorToken: token }, key: {}, data: { State: 'DoorForcedOpen' } },
          }),
          { qos: 1 },
        );
      }
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
    }, 100);
    // As fast as the client can write: one burst per event-loop turn, waiting only for the socket.
    while (Date.now() - t0 < FLOOD_MS) {
      for (let i = 0; i < 200; i++) {
        flooder.publish('valencia/access/FLOODER', `garbage ${garbage++} \u0001\u0002`, { qos: 0 });
      }
      // The socket's own pace, not this process's memory: wait while the kernel buffer is full.
      if (flooder.stream.writableNeedDrain) await new Promise((r) => flooder.stream.once('drain', r));
      else await new Promise((r) => setImmediate(r));
    }
    clearInterval(goodTimer);
    await expect.poll(() => delays.length, { timeout: 20_000 }).toBe(good);
    const counters = pipeline.health.snapshot().find((c) => c.feedId === 'access-control')!;
    await expect
      .poll(() => pipeline.health.snapshot().find((c) => c.feedId === 'access-control')!.received, { timeout: 40_000 })
      .toBe(good + garbage);
    await ingest.stop();
    ingest = null;
    delays.sort((a, b) => a - b);
    const p99 = delays[Math.floor(delays.length * 0.99)];
    const after = pipeline.health.snapshot().find((c) => c.feedId === 'access-control')!;
    console.log(
      JSON.stringify({
        garbagePerSec: Math.round(garbage / (FLOOD_MS / 1000)),
        good,
        p50: delays[Math.floor(delays.length / 2)],
        p99,
        rejected: after.rejected,
        rejectedByReason: after.rejectedByReason,
        deadLetters: letters,
        rssMB: [Math.round(rss0 / 1e6), Math.round(rssMax / 1e6)],
      }),
    );
    expect(counters.feedId).toBe('access-control');
    expect(p99).toBeLessThan(2000);
    expect(after.rejected).toBe(garbage);
    // The shed excess is summarised: far fewer dead letters than garbage records.
    expect(letters).toBeLessThan(garbage / 2);
    expect(rssMax - rss0).toBeLessThan(300 * 1024 * 1024);
    await flooder.endAsync();
    await sensor.endAsync();
  }, 150_000);
});
