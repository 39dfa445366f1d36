// Ingest on the embedded broker, as the embedded default runs it: a sensor's PUBACK waits until
// the group that stores indicators has settled what its record produced.
import { describe, it, expect, afterEach } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { TOPICS, type FeedConfig } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { decoderFactories } from '../decoders/index.ts';
import { IngestService } from '../ingest-service.ts';
import { MemoryBus } from '../bus/memory-bus.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { siteLocator } from '../pipeline/site-locator.ts';
import { silentLogger } from '../log.ts';
import { goodFixtures } from '../testing/good-fixtures.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';

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

/** A real ONVIF access event (the decoder's own good fixture). */
const swipe = goodFixtures('onvif').find((r) => r.includes('AccessGranted'))!;

let broker: EmbeddedBroker | null = null;
let ingest: IngestService | null = null;
let sensor: MqttClient | null = null;
afterEach(async () => {
  sensor?.end(true);
  await ingest?.stop();
  await broker?.close();
  sensor = ingest = broker = null;
});

describe('ingest on the embedded broker', () => {
  it("acknowledges a sensor's record once the storing group has settled it", async () => {
    broker = await startEmbeddedBroker(0, { holdAcks: true });
    const bus = new MemoryBus({ settledBy: { groupId: 'store', topics: [TOPICS.indicators, TOPICS.deadLetter] } });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stored: string[] = [];
    await bus.subscribe({ groupId: 'store', topics: [TOPICS.indicators, TOPICS.deadLetter] }, async (b) => {
      await gate;
      stored.push(...b.messages.map(() => b.topic));
    });
    const site = await loadSite(siteDir('valencia'));
    const pipeline = new Pipeline({
      siteId: 'valencia',
      feeds,
      locator: siteLocator(site),
      decoders: decoderFactories,
    });
    ingest = new IngestService({ pipeline, bus, log: silentLogger, embeddedBroker: broker });
    await ingest.start();
    sensor = await mqtt.connectAsync(broker.url, { clientId: 'gate-north' });

    // No feed for the topic: not ingest's, acknowledged as any broker would.
    await sensor.publishAsync('valencia/elsewhere/1', 'x', { qos: 1 });
    let acked = 0;
    const good = sensor.publishAsync('valencia/access/AP-GN-01', swipe, { qos: 1 }).then(() => acked++);
    const bad = sensor.publishAsync('valencia/access/AP-GN-01', '<not an ONVIF event', { qos: 1 }).then(() => acked++);
    await new Promise((r) => setTimeout(r, 300));
    expect(acked).toBe(0);
    release();
    await Promise.all([good, bad]);
    expect(stored.sort()).toEqual([TOPICS.deadLetter, TOPICS.indicators]);
  });
});
