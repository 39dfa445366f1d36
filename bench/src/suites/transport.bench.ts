// Raw transport throughput vs the ingest pipeline on the same transport and payloads, in one
// run: mqtt.js → Mosquitto → mqtt.js against ingest consuming from Mosquitto, and a bare
// kafkajs consumer against ingest consuming from Kafka. Output goes to the in-process bus,
// so the ratio is the cost of decode → normalize → locate → batch on top of the transport.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { Kafka, logLevel } from 'kafkajs';
import {
  MemoryBus,
  KafkaBus,
  Pipeline,
  IngestService,
  DecodeThread,
  DEFAULT_ENRICHERS,
  siteLocator,
  silentLogger,
  type Bus,
} from '@portwatch/ingest';
import type { FeedConfig } from '@portwatch/schema';
import { decoderFactories } from '@portwatch/ingest/decoders';
import { loadSiteBundle, defaultDecodeThreads } from '@portwatch/system';
// The brokers and records the integration tests use, so both measure the same thing.
import { startMosquitto } from '../../../test/brokers/mosquitto.js';
import { freePort } from '../../../test/brokers/free-port.js';
import { MOSQUITTO_LIMITS } from '../../../test/faults/fixture.ts';
import { badgeRecord, eveRecord } from '../../../test/support/records.ts';
import type { BenchSuite } from '../bench-suite.ts';

const N_MQTT = 20_000;
const N_KAFKA = 200_000;

async function waitFor(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function publishMqtt(url: string, id: string, n: number, base: number) {
  const pub = await mqtt.connectAsync(url, { clientId: id });
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const r = badgeRecord(i, base);
    pending.push(pub.publishAsync(r.topic, r.payload, { qos: 1 }));
    if (pending.length >= 1000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await pub.endAsync();
}

async function mqttRaw(url: string): Promise<number> {
  let got = 0;
  const sub = await mqtt.connectAsync(url, { clientId: `bench-raw-${process.pid}`, clean: true });
  sub.on('message', () => got++);
  await sub.subscribeAsync('valencia/access/+', { qos: 1 });
  const t0 = performance.now();
  await publishMqtt(url, `bench-pub-raw-${process.pid}`, N_MQTT, Date.now() - 3_600_000);
  await waitFor(() => got >= N_MQTT, 120_000, 'raw MQTT messages');
  const ms = performance.now() - t0;
  await sub.endAsync();
  return (N_MQTT / ms) * 1000;
}

async function mqttPipeline(url: string, pipeline: Pipeline): Promise<number> {
  const out = new MemoryBus();
  let got = 0;
  const counting: Bus = {
    ...out,
    kind: 'memory',
    publish: async (_t, m) => void (got += m.length),
    subscribe: out.subscribe.bind(out),
    close: out.close.bind(out),
  };
  const ingest = new IngestService({
    pipeline,
    bus: counting,
    log: silentLogger,
    mqtt: { url, clientId: `bench-ingest-${process.pid}` },
  });
  await ingest.start();
  const t0 = performance.now();
  await publishMqtt(url, `bench-pub-pipe-${process.pid}`, N_MQTT, Date.now() - 7_200_000);
  await waitFor(() => got >= N_MQTT, 120_000, 'indicators from MQTT');
  const ms = performance.now() - t0;
  await ingest.stop();
  return (N_MQTT / ms) * 1000;
}

async function fillKafka(brokers: string[], topic: string) {
  const kafka = new Kafka({ brokers, clientId: 'bench-fill', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const base = Date.now() - 3_600_000;
  for (let i = 0; i < N_KAFKA; i += 1000) {
    await producer.send({
      topic,
      messages: Array.from({ length: 1000 }, (_, k) => ({ partition: (i + k) % 3, value: eveRecord(i + k, base) })),
    });
  }
  await producer.disconnect();
}

/**
 * A bare kafkajs consumer counting what it reads; with `parse`, one that also runs JSON.parse
 * over each value and nothing else: the least any consumer that reads the records can do.
 */
async function kafkaRaw(brokers: string[], topic: string, parse = false): Promise<number> {
  const kafka = new Kafka({ brokers, clientId: 'bench-raw', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let got = 0;
  let t0 = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      if (!t0) t0 = performance.now();
      if (parse) for (const m of batch.messages) got += m.value && JSON.parse(m.value.toString('utf8')) ? 1 : 0;
      else for (const m of batch.messages) if (m.value) got++;
    },
  });
  await waitFor(() => got >= N_KAFKA, 180_000, 'raw Kafka messages');
  const ms = performance.now() - t0;
  await consumer.disconnect();
  return (N_KAFKA / ms) * 1000;
}

async function kafkaPipeline(
  brokers: string[],
  ns: string,
  pipeline: Pipeline,
  decodeThread: DecodeThread,
): Promise<number> {
  const kafka = new KafkaBus({ brokers, namespace: ns, clientId: 'bench-pipe' });
  await kafka.connect();
  let got = 0;
  let t0 = 0;
  const bus: Bus = {
    kind: 'kafka',
    subscribe: (o, h) =>
      kafka.subscribe(o, async (b) => {
        if (!t0) t0 = performance.now();
        await h(b);
      }),
    publish: async (_t, m) => void (got += m.length),
    close: () => kafka.close(),
  };
  // As the system runs it on Kafka: the Kafka client on this thread, decoding on a second core.
  // Measured warm, like the raw consumer, whose code the fill has already run: a few batches
  // through the decode thread first, so its JIT is not what is measured.
  await decodeThread.start();
  const warm = Array.from({ length: 2000 }, (_, i) => {
    const value = eveRecord(i, Date.now() - 7_200_000);
    return { value, bytes: Buffer.from(value) };
  });
  for (let i = 0; i < 10; i++) await decodeThread.decode('valencia.suricata.eve', i, warm, Date.now());
  const ingest = new IngestService({
    pipeline,
    bus,
    log: silentLogger,
    decodeThread,
    groupId: `bench-pipe-${process.pid}-${Date.now()}`,
  });
  await ingest.start();
  await waitFor(() => got >= N_KAFKA, 180_000, 'indicators from Kafka');
  const ms = performance.now() - t0;
  await ingest.stop();
  await kafka.close();
  return (N_KAFKA / ms) * 1000;
}

export const suite: BenchSuite = {
  name: 'transport',
  description: `raw transport vs ingest pipeline: ${N_MQTT} ONVIF records over Mosquitto (own instance, QoS 1), ${N_KAFKA} EVE records over Kafka (KAFKA_BROKERS or 127.0.0.1:9092)`,
  needs: ['mosquitto binary', 'Kafka broker'],
  async run(report, log) {
    const { site, feeds } = await loadSiteBundle('valencia');
    // The bench measures throughput: no per-feed rate limit.
    const unlimited: FeedConfig[] = feeds.map((f) => ({ ...f, maxRatePerSec: Number.MAX_SAFE_INTEGER }));
    const makePipeline = () =>
      new Pipeline({
        siteId: site.id,
        feeds: unlimited,
        locator: siteLocator(site),
        decoders: decoderFactories,
        enrichers: DEFAULT_ENRICHERS,
      });

    const mosq = await startMosquitto({
      port: await freePort(),
      persistenceDir: mkdtempSync(join(tmpdir(), 'pw-bench-mq-')),
      extraConfig: MOSQUITTO_LIMITS,
    });
    try {
      log('MQTT: raw mqtt.js subscriber');
      const raw = await mqttRaw(mosq.url);
      log('MQTT: ingest pipeline');
      const pipe = await mqttPipeline(mosq.url, makePipeline());
      report('mqtt raw mqtt.js → Mosquitto → mqtt.js', raw, 'records/s');
      report('mqtt ingest pipeline from Mosquitto', pipe, 'records/s');
      report('mqtt pipeline / raw ratio', pipe / raw, 'ratio');
    } finally {
      await mosq.stop();
    }

    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
    const ns = `bench${Date.now().toString(36)}`;
    const topic = 'valencia.suricata.eve';
    log(`Kafka: writing ${N_KAFKA} EVE records`);
    await fillKafka(brokers, `${ns}.${topic}`);
    log('Kafka: raw kafkajs consumer');
    const raw = await kafkaRaw(brokers, `${ns}.${topic}`);
    log('Kafka: raw kafkajs consumer + JSON.parse of each record (reference)');
    const parsedOnly = await kafkaRaw(brokers, `${ns}.${topic}`, true);
    log('Kafka: ingest pipeline');
    // Threads as the system starts them by default.
    const decodeThread = new DecodeThread({
      siteDir: site.dir,
      feeds: unlimited,
      mainThreadFormats: Object.keys(DEFAULT_ENRICHERS),
      threads: defaultDecodeThreads(),
    });
    const pipe = await kafkaPipeline(brokers, ns, makePipeline(), decodeThread);
    report('kafka raw kafkajs consumer', raw, 'records/s');
    report('kafka ingest pipeline from Kafka', pipe, 'records/s');
    report('kafka pipeline / raw ratio', pipe / raw, 'ratio');
    // Not a target: what parsing each record, and nothing more, leaves of raw on this machine.
    report('kafka raw + JSON.parse only (reference)', parsedOnly, 'records/s');
    report('kafka JSON.parse only / raw ratio (reference)', parsedOnly / raw, 'ratio');
  },
};
