// The scaled deployment's Kafka, as docker-compose.yml configures it (started privately from
// the same settings, test/security/compose-kafka.ts): only TLS with SCRAM-SHA-512 reaches it,
// and Portwatch's services, set up by their own compose environment, connect — or say exactly
// which setting is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaBus } from '@portwatch/ingest';
import { configFromEnv } from '@portwatch/system';
import { startComposeKafka, kafkaPropertyName, type ComposeKafka } from './compose-kafka.ts';
import { eventually, startTestSystem, type TestSystem } from '../support/system.ts';
import { eveRecord } from '../support/records.ts';

let broker: ComposeKafka;

beforeAll(async () => {
  broker = await startComposeKafka();
}, 180_000);
afterAll(async () => {
  await broker?.stop();
});

/** What a role reads from its compose environment, with `change` applied (null: unset). */
function settingsOf(service: string, change: Record<string, string | null> = {}) {
  const env: Record<string, string> = { ...broker.clientEnv(service) };
  for (const [k, v] of Object.entries(change)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
  const cfg = configFromEnv(env);
  return { kafkaBrokers: cfg.kafkaBrokers, kafkaSecurity: cfg.kafkaSecurity, kafkaNamespace: `s${Date.now()}` };
}

async function startError(settings: ReturnType<typeof settingsOf>): Promise<Error | null> {
  return startTestSystem(settings).then(
    async (t) => {
      await t.stop();
      return null;
    },
    (e: Error) => e,
  );
}

describe('the compose Kafka configuration', () => {
  it('reads the variable names the way the apache/kafka image does', () => {
    expect(kafkaPropertyName('KAFKA_LISTENER_SECURITY_PROTOCOL_MAP')).toBe('listener.security.protocol.map');
    expect(kafkaPropertyName('KAFKA_LISTENER_NAME_CLIENTS_SCRAM___SHA___512_SASL_JAAS_CONFIG')).toBe(
      'listener.name.clients.scram-sha-512.sasl.jaas.config',
    );
    expect(kafkaPropertyName('KAFKA_ABC__DEF')).toBe('abc_def');
  });

  it('gives clients TLS with SCRAM only; the broker’s own listeners are on loopback', () => {
    const p = broker.properties;
    const protocols = Object.fromEntries(p['listener.security.protocol.map'].split(',').map((e) => e.split(':')));
    const listeners = p.listeners.split(',').map((l) => /^(\w+):\/\/([^:]*):(\d+)$/.exec(l)!.slice(1));
    for (const [name, host] of listeners)
      if (protocols[name] !== 'SASL_SSL') expect(host, `${name} listener`).toBe('127.0.0.1');
    expect(p['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512');
    expect(p['ssl.keystore.type']).toBe('PEM');
  });

  /** Lists the topics with a plain kafkajs client: what a stranger on the Compose network could read. */
  async function listTopics(ssl: { ca: string[] } | undefined): Promise<string[]> {
    const admin = new Kafka({
      clientId: 'pw-stranger',
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: 5000,
      retry: { retries: 0 },
      ssl,
    }).admin();
    try {
      await admin.connect();
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }

  it('refuses a client that speaks PLAINTEXT', async () => {
    await expect(listTopics(undefined)).rejects.toThrow();
  });

  it('refuses a client with TLS but no SCRAM credentials', async () => {
    await expect(listTopics({ ca: [broker.secrets.ca] })).rejects.toThrow();
  });
});

describe("Portwatch's services, set up by their environment in docker-compose.yml", () => {
  let t: TestSystem | null = null;
  afterAll(async () => t?.stop());

  it('the worker, API and simulator carry the same Kafka settings', () => {
    const api = broker.clientEnv('api');
    expect(api.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
    expect(broker.clientEnv('worker')).toEqual(api);
    expect(broker.clientEnv('simulator')).toEqual(api);
  });

  it('connect with them: a record on a raw topic is stored', async () => {
    const settings = settingsOf('api');
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

  it('a wrong password names the brokers and the settings, without a kafkajs stack', async () => {
    const err = await startError(settingsOf('worker', { KAFKA_SASL_PASSWORD: 'guess' }));
    expect(err?.message).toMatch(
      new RegExp(
        `^Kafka at ${broker.brokers.replace(/\./g, '\\.')} refused the SASL scram-sha-512 credentials of user "portwatch": check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
      ),
    );
    expect(err?.message).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('an untrusted broker certificate names KAFKA_CA_FILE', async () => {
    const err = await startError(settingsOf('api', { KAFKA_CA_FILE: null }));
    expect(err?.message).toMatch(/TLS certificate is not trusted: set KAFKA_CA_FILE/);
  }, 120_000);

  it('a client with TLS but without its SCRAM account is refused, and told to set KAFKA_SASL_*', async () => {
    const err = await startError(
      settingsOf('api', { KAFKA_SASL_MECHANISM: null, KAFKA_SASL_USERNAME: null, KAFKA_SASL_PASSWORD: null }),
    );
    expect(err?.message).toMatch(
      /^cannot reach Kafka at .*set KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
    );
  }, 120_000);

  it('a client without TLS is refused, and told to set KAFKA_SSL', async () => {
    const err = await startError(
      settingsOf('api', {
        KAFKA_SSL: null,
        KAFKA_CA_FILE: null,
        KAFKA_SASL_MECHANISM: null,
        KAFKA_SASL_USERNAME: null,
        KAFKA_SASL_PASSWORD: null,
      }),
    );
    expect(err?.message).toMatch(
      new RegExp(`^cannot reach Kafka at ${broker.brokers.replace(/\./g, '\\.')}: .*set KAFKA_SSL=true`),
    );
  }, 120_000);
});
