// A private Kafka that only speaks SASL_SSL (SCRAM-SHA-512 over TLS, certificates made here
// with openssl): the client settings the scaled deployment uses connect, produce and consume;
// a wrong password or an unknown CA is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { freePorts } from '../brokers/free-port.js';
import { startKafka, type KafkaHandle } from '../brokers/kafka-broker.js';
import { makePrivateCa, type PrivateCa } from './private-ca.ts';
import { writeFileSync } from 'node:fs';
import { KafkaBus } from '@portwatch/ingest';
import { configFromEnv } from '@portwatch/system';
import { eventually, startTestSystem, type TestSystem } from '../support/system.ts';
import { eveRecord } from '../support/records.ts';

let broker: KafkaHandle;
let ca: PrivateCa;
const USER = { username: 'portwatch-worker', password: 'scram-only-for-this-test' };

beforeAll(async () => {
  ca = makePrivateCa();
  const [port, controllerPort] = await freePorts(2);
  broker = await startKafka({
    port,
    controllerPort,
    fresh: true,
    dataDir: mkdtempSync(join(tmpdir(), 'pw-kafka-secure-')),
    secure: {
      keyPem: ca.keyPem,
      certPem: ca.certPem,
      scramUsers: [{ mechanism: 'SCRAM-SHA-512', ...USER }],
    },
  });
}, 180_000);
afterAll(async () => {
  await broker?.stop();
});

/** Refusals are final: no retries, so a refused client fails at once. */
const once = { retry: { retries: 0 } };

function client(overrides: Partial<KafkaConfig>): Kafka {
  return new Kafka({
    clientId: 'pw-security-test',
    brokers: [broker.brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    ssl: { ca: [ca.caPem] },
    sasl: { mechanism: 'scram-sha-512', ...USER },
    ...overrides,
  });
}

describe('Kafka over SASL_SSL', () => {
  it('carries records for a client with the CA and its SCRAM credentials', async () => {
    const kafka = client({});
    const topic = `pw-secure-${Date.now().toString(36)}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'zone-a', value: '{"n":1}' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `${topic}-g` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) });
    });
    await consumer.disconnect();
    expect(got).toBe('{"n":1}');
  });

  it('refuses a wrong password', async () => {
    const admin = client({
      ...once,
      sasl: { mechanism: 'scram-sha-512', username: USER.username, password: 'guess' },
    }).admin();
    await expect(admin.connect()).rejects.toThrow(/SASL|authentication/i);
  });

  it('refuses a client that does not trust the broker certificate', async () => {
    const admin = client({ ...once, ssl: true }).admin();
    await expect(admin.connect()).rejects.toThrow(/certificate|self.signed|verify/i);
  });

  it('refuses a client without TLS', async () => {
    const admin = client({ ...once, ssl: false, sasl: undefined }).admin();
    await expect(admin.connect()).rejects.toThrow();
  });
});

describe("Portwatch's own Kafka client, set up by its environment variables", () => {
  let t: TestSystem | null = null;
  afterAll(async () => t?.stop());

  /** What a role reads from KAFKA_BROKERS, KAFKA_SSL, KAFKA_CA_FILE and KAFKA_SASL_*. */
  function kafkaSettings(env: Record<string, string>) {
    const caFile = join(mkdtempSync(join(tmpdir(), 'pw-kafka-ca-')), 'ca.crt');
    writeFileSync(caFile, ca.caPem);
    const cfg = configFromEnv({
      KAFKA_BROKERS: broker.brokers,
      KAFKA_SSL: 'true',
      KAFKA_CA_FILE: caFile,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: USER.username,
      KAFKA_SASL_PASSWORD: USER.password,
      ...env,
    });
    return { kafkaBrokers: cfg.kafkaBrokers, kafkaSecurity: cfg.kafkaSecurity, kafkaNamespace: `s${Date.now()}` };
  }

  it('runs the system on it: a record on a raw topic is stored', async () => {
    const settings = kafkaSettings({});
    t = await startTestSystem(settings);
    const bus = new KafkaBus({
      brokers: settings.kafkaBrokers!,
      namespace: settings.kafkaNamespace,
      ...settings.kafkaSecurity,
    });
    await bus.connect();
    await bus.publish('valencia.suricata.eve', [
      { key: 'tap', value: eveRecord(1, Date.now() - 60_000), timestamp: Date.now() },
    ]);
    await bus.close();
    await eventually(async () => (await t!.system.store!.countIndicators()) === 1, 60_000, 'the record stored');
  }, 120_000);

  it('names the brokers and the settings when the password is wrong, without a kafkajs stack', async () => {
    const err = await startTestSystem(kafkaSettings({ KAFKA_SASL_PASSWORD: 'guess' })).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(
      new RegExp(
        `^Kafka at ${broker.brokers.replace(/\./g, '\\.')} refused the SASL scram-sha-512 credentials of user "portwatch-worker": check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
      ),
    );
    expect(err?.message).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('names KAFKA_CA_FILE when the broker certificate is not trusted', async () => {
    const settings = kafkaSettings({});
    const err = await startTestSystem({ ...settings, kafkaSecurity: { ...settings.kafkaSecurity, ssl: true } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/TLS certificate is not trusted: set KAFKA_CA_FILE/);
  }, 120_000);
});
