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
