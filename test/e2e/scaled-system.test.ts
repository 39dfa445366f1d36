// The scaled path end to end on real servers: Mosquitto for sensors, Apache Kafka as the
// backbone and for the network feeds, PostgreSQL for state.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import type { Incident } from '@portwatch/schema';
import { loadSiteBundle } from '@portwatch/api';
import { RecordPublisher, buildScenario, findScenario, Rng } from '@portwatch/simulators';
import { startTestSystem, liveSocket, getJson, type TestSystem } from '../support/system.ts';
import { KAFKA_BROKERS, MQTT_URL, POSTGRES_URL, runId } from '../support/brokers.ts';

const dbName = `portwatch_e2e_${runId().replace(/-/g, '_')}`;
let admin: pg.Client;
let t: TestSystem;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  t = await startTestSystem({ kafkaBrokers: KAFKA_BROKERS, mqttUrl: MQTT_URL, databaseUrl: POSTGRES_URL.replace(/\/[^/]*$/, `/${dbName}`) });
});

afterAll(async () => {
  await t?.stop();
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

describe('scaled system (Mosquitto + Kafka + PostgreSQL)', () => {
  it('raises the hybrid scenario from MQTT and Kafka records and stores it in PostgreSQL', async () => {
    const health = await getJson<{ components: { name: string; detail: string }[] }>(`${t.base}/api/health`);
    expect(health.components.map((c) => c.detail)).toEqual(expect.arrayContaining(['postgres', 'kafka']));
    const live = await liveSocket(t.base);
    const bundle = await loadSiteBundle('valencia');
    const scenario = findScenario('gate-hybrid-intrusion')!;
    const records = buildScenario(scenario, bundle.site, bundle.feeds, new Rng(11), Date.now() - scenario.durationMs);
    expect(new Set(records.map((r) => r.via))).toEqual(new Set(['mqtt', 'kafka']));
    const publisher = new RecordPublisher(MQTT_URL, t.system.bus);
    await publisher.connect();
    await publisher.publish(records);
    await publisher.close();
    const msg = await live.waitFor((m) => m.type === 'incident' && m.data.zoneId === 'gate-north', 60_000);
    live.close();
    const stored = await getJson<Incident[]>(`${t.base}/api/incidents`);
    expect(stored.map((i) => i.id)).toContain((msg.data as Incident).id);
  });
});
