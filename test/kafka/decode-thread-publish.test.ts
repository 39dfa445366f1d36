// The decode threads publishing indicators themselves, against the real Kafka broker: a batch
// is answered only once its indicators are on the indicators topic, keyed by zone as the main
// thread would have published them; what is rejected still comes back to be dead-lettered.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { DecodeThread, KafkaBus, Pipeline, loadFeeds, siteLocator } from '@portwatch/ingest';
import { decoderFactories } from '@portwatch/ingest/decoders';
import { goodFixtures } from '@portwatch/ingest/testing';
import { TOPICS, indicatorMessage, type FeedConfig, type Site } from '@portwatch/schema';
import { KAFKA_BROKERS, runId } from '../support/brokers.ts';

const ns = `t${runId().replace(/-/g, '')}dt`;
const RECEIVED = Date.parse('2026-03-14T02:11:08.000Z');
let site: Site & { dir: string };
let feeds: FeedConfig[];
let bus: KafkaBus;
let thread: DecodeThread;
const kafka = new Kafka({ brokers: KAFKA_BROKERS, clientId: `${ns}-reader`, logLevel: logLevel.NOTHING });

beforeAll(async () => {
  site = await loadSite(siteDir('valencia'));
  feeds = await loadFeeds(site.dir, {
    knownFormats: Object.keys(decoderFactories),
    zoneIds: site.zones.features.map((z) => z.properties.id),
  });
  bus = new KafkaBus({ brokers: KAFKA_BROKERS, namespace: ns, clientId: `${ns}-bus` });
  await bus.connect();
  thread = new DecodeThread({ siteDir: site.dir, feeds, threads: 2, publish: bus.clientOptions() });
  await thread.start();
}, 60_000);

afterAll(async () => {
  await thread?.stop();
  await bus?.close();
});

/** Records on the namespaced indicators topic now, per partition (the high watermarks). */
async function onTopic(): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(`${ns}.${TOPICS.indicators}`);
  await admin.disconnect();
  return offsets.reduce((n, o) => n + Number(o.high), 0);
}

/** Reads the indicators topic from the start until `count` messages have come. */
async function readIndicators(count: number) {
  const consumer = kafka.consumer({ groupId: `${ns}-reader-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [`${ns}.${TOPICS.indicators}`], fromBeginning: true });
  const got: { partition: number; key: string; timestamp: number; value: unknown }[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      got.push({
        partition,
        key: message.key!.toString(),
        timestamp: Number(message.timestamp),
        value: JSON.parse(message.value!.toString('utf8')),
      });
    },
  });
  const deadline = Date.now() + 30_000;
  while (got.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await consumer.disconnect();
  return got;
}

describe('decode thread publishing to Kafka', () => {
  it("answers a batch once its indicators are on Kafka, the same messages as the main thread's", async () => {
    const topic = 'valencia.suricata.eve';
    const records = goodFixtures('eve');
    const main = new Pipeline({ siteId: site.id, feeds, locator: siteLocator(site), decoders: decoderFactories });
    const expected = records.flatMap((payload) =>
      main.process({ via: 'kafka', topic, payload, receivedAt: RECEIVED }).indicators.map(indicatorMessage),
    );
    expect(expected.length).toBeGreaterThan(3);
    let published = 0;
    for (const partition of [0, 1]) {
      const got = await thread.decode(
        topic,
        partition,
        records.map((value) => ({ value, bytes: Buffer.from(value) })),
        RECEIVED,
      );
      expect(got.indicators).toEqual([]);
      expect(got.published).toBe(expected.length);
      published += got.published;
      // Acknowledged by the broker before the answer came: already on the topic.
      expect(await onTopic()).toBe(published);
    }
    expect(thread.published).toBe(2 * expected.length);
    const read = await readIndicators(2 * expected.length);
    const plain = (m: { key: string | null; timestamp: number; value: unknown }) => ({
      key: m.key,
      timestamp: m.timestamp,
      value: m.value,
    });
    const want = expected.map((m) => plain({ ...m, value: JSON.parse(m.value) }));
    const sortById = (a: { value: unknown }, b: { value: unknown }) =>
      (a.value as { id: string }).id.localeCompare((b.value as { id: string }).id);
    expect(read.map(plain).sort(sortById)).toEqual([...want, ...want].sort(sortById));
    // Keyed by zone: one zone's indicators are in one partition.
    const partitionOf = new Map<string, Set<number>>();
    for (const m of read) partitionOf.set(m.key, (partitionOf.get(m.key) ?? new Set()).add(m.partition));
    for (const parts of partitionOf.values()) expect(parts.size).toBe(1);
  }, 60_000);

  it('sends back what it rejects, and publishes the good records of the batch', async () => {
    const [good] = goodFixtures('eve');
    const before = await onTopic();
    const got = await thread.decode(
      'valencia.suricata.eve',
      3,
      [
        { value: '', bytes: Buffer.from('{"timestamp": "yesterday"') },
        { value: good, bytes: Buffer.from(good) },
      ],
      RECEIVED,
    );
    expect(got.received).toBe(2);
    expect(got.rejects.map((r) => r.reason)).toEqual([expect.stringMatching(/^not valid JSON/)]);
    expect(got.published).toBe(1);
    expect(await onTopic()).toBe(before + 1);
  }, 30_000);
});
