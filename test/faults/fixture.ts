// One scaled deployment for a fault test: its own Kafka namespace and PostgreSQL database,
// an API instance in-process (it stores and counts), workers as child processes.
import pg from 'pg';
import mqtt from 'mqtt';
import { KafkaBus } from '@portwatch/ingest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../brokers/free-port.js';
import { startMosquitto, type MosquittoHandle } from '../brokers/mosquitto.js';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { startService, type ServiceProcess } from '../support/processes.ts';
import { POSTGRES_URL, runId } from '../support/brokers.ts';
import { badgeRecord, eveRecord } from '../support/records.ts';

/**
 * Mosquitto as a deployment should configure it (see docker/mosquitto.conf): its defaults
 * queue at most 1,000 messages for a persistent session and silently drop the rest, which
 * loses sensor records whenever ingest is down or behind.
 */
export const MOSQUITTO_LIMITS = ['max_queued_messages 1000000', 'max_queued_bytes 0', 'max_inflight_messages 1000'];

export interface Deployment {
  ns: string;
  mqttUrl: string;
  mosquitto: MosquittoHandle;
  restartMosquitto(): Promise<void>;
  api: TestSystem;
  bus: KafkaBus;
  db: pg.Client;
  workerEnv: Record<string, string>;
  startWorker(extra?: Record<string, string>): Promise<ServiceProcess>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export async function deploy(kafkaBrokers: string[]): Promise<Deployment> {
  const ns = `t${runId().replace(/-/g, '')}`;
  const mqttPort = await freePort();
  const persistenceDir = mkdtempSync(join(tmpdir(), 'pw-mosquitto-'));
  let mosquitto = await startMosquitto({ port: mqttPort, persistenceDir, extraConfig: MOSQUITTO_LIMITS });
  const mqttUrl = mosquitto.url;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${ns}`);
  const dbUrl = POSTGRES_URL.replace(/\/[^/]*$/, `/${ns}`);
  const api = await startTestSystem({ role: 'api', kafkaBrokers, kafkaNamespace: ns, databaseUrl: dbUrl });
  const bus = new KafkaBus({ brokers: kafkaBrokers, namespace: ns, clientId: `${ns}-test` });
  await bus.connect();
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const workerEnv = {
    ROLE: 'worker',
    KAFKA_BROKERS: kafkaBrokers.join(','),
    KAFKA_NAMESPACE: ns,
    MQTT_URL: mqttUrl,
    MQTT_CLIENT_ID: `${ns}-ingest`,
    SITE: 'valencia',
  };
  const workers: ServiceProcess[] = [];
  const d: Deployment = {
    ns,
    mqttUrl,
    get mosquitto() {
      return mosquitto;
    },
    async restartMosquitto() {
      await mosquitto.stop();
      mosquitto = await startMosquitto({ port: mqttPort, persistenceDir, extraConfig: MOSQUITTO_LIMITS });
    },
    api,
    bus,
    db,
    workerEnv,
    async startWorker(extra = {}) {
      const w = await startService({ ...workerEnv, ...extra }, await freePort());
      workers.push(w);
      return w;
    },
    async count() {
      const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM indicators');
      return Number(rows[0].n);
    },
    async close() {
      for (const w of workers) await w.kill('SIGKILL');
      await bus.close();
      await db.end();
      await api.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${ns} WITH (FORCE)`);
      await admin.end();
      await mosquitto.stop();
    },
  };
  return d;
}

/** Publishes n badge swipes over MQTT (QoS 1, persistent session) and n EVE alerts to Kafka, calling `at(i)` between them. */
export async function publishMixed(d: Deployment, n: number, at?: (i: number) => Promise<void>): Promise<void> {
  const base = Date.now() - 3_600_000;
  const client = await mqtt.connectAsync(d.mqttUrl, { clientId: `${d.ns}-pub`, clean: false, reconnectPeriod: 500 });
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const r = badgeRecord(i, base);
    // Not awaited one by one: mqtt.js keeps QoS 1 messages until acknowledged, across reconnects.
    pending.push(client.publishAsync(r.topic, r.payload, { qos: 1 }));
    if (i % 250 === 249) {
      await d.bus.publish(
        'valencia.suricata.eve',
        Array.from({ length: 250 }, (_, k) => ({
          key: null,
          value: eveRecord(i - 249 + k, base),
          timestamp: Date.now(),
        })),
      );
      await Promise.all(pending.splice(0));
      if (at) await at(i + 1);
    }
  }
  await Promise.all(pending);
  await client.endAsync();
}

/** Partitions of the indicators topic a worker's correlation consumer owns, from its log. */
export function owned(w: ServiceProcess): number[] | null {
  for (let i = w.output.length - 1; i >= 0; i--) {
    const line = w.output[i];
    if (!line.includes('kafka partitions assigned') || !line.includes('"portwatch-correlate"')) continue;
    return (JSON.parse(line).assignment['portwatch.indicators'] as number[] | undefined) ?? [];
  }
  return null;
}

export async function waitForCount(d: Deployment, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let n = 0;
  let last = -1;
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    n = await d.count();
    if (n >= expected) break;
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 90_000) break; // stuck: no progress for 90 s
    await new Promise((r) => setTimeout(r, 500));
  }
  // Anything doubled or late would show up now.
  await new Promise((r) => setTimeout(r, 3000));
  const final = await d.count();
  if (final !== expected) {
    const { rows } = await d.db.query(
      'SELECT feed_id, stage, left(reason, 80) AS reason, count(*) FROM dead_letters GROUP BY 1, 2, 3',
    );
    const byFeed = await d.db.query(
      "SELECT source_feed, count(*) FROM (SELECT doc->'source'->>'feed' AS source_feed FROM indicators) x GROUP BY 1",
    );
    console.error(
      `expected ${expected} indicators, have ${final}; by feed ${JSON.stringify(byFeed.rows)}; dead letters ${JSON.stringify(rows)}`,
    );
  }
  return final;
}
