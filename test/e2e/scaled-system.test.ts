// The scaled path end to end on real servers: Mosquitto for sensors, Apache Kafka as the
// backbone and for the network feeds, PostgreSQL for state.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import type { Incident } from '@portwatch/schema';
import { loadSiteBundle } from '@portwatch/system';
import { RecordPublisher, buildScenario, findScenario, Rng } from '@portwatch/simulators';
import { mintTestToken, signedIn, type SignedInClient } from '@portwatch/api/testing';
import { startTestSystem, getJson, type TestSystem } from '../support/system.ts';
import { KAFKA_BROKERS, MQTT_URL, POSTGRES_URL, runId } from '../support/brokers.ts';

const dbName = `portwatch_e2e_${runId().replace(/-/g, '_')}`;
let admin: pg.Client;
let t: TestSystem;
let viewer: SignedInClient;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  t = await startTestSystem({
    kafkaBrokers: KAFKA_BROKERS,
    mqttUrl: MQTT_URL,
    databaseUrl: POSTGRES_URL.replace(/\/[^/]*$/, `/${dbName}`),
  });
  viewer = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer'));
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
    const live = await viewer.liveSocket();
    const bundle = await loadSiteBundle('valencia');
    const scenario = findScenario('gate-hybrid-intrusion')!;
    const records = buildScenario(scenario, bundle.site, bundle.feeds, new Rng(11), Date.now() - scenario.durationMs);
    expect(new Set(records.map((r) => r.via))).toEqual(new Set(['mqtt', 'kafka']));
    const publisher = new RecordPublisher(MQTT_URL, t.system.bus);
    await publisher.connect();
    await publisher.publish(records);
    await publisher.close();
    const msg = { data: await live.waitForItem('incident', (i) => i.zoneId === 'gate-north', 60_000) };
    live.close();
    const stored = await viewer.getJson<Incident[]>('/api/incidents');
    expect(stored.map((i) => i.id)).toContain((msg.data as Incident).id);
  });

  it('keeps the audit trail in PostgreSQL: a refused re-run, a done one, read back by an admin', async () => {
    const viewer2 = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer', 'pg-viewer'));
    const operator = signedIn(t.base, mintTestToken(t.system.tokensFile, 'operator', 'pg-operator'));
    expect((await viewer2.postJson('/api/dead-letters/replay', { feed: 'suricata' })).status).toBe(403);
    expect((await operator.postJson('/api/dead-letters/replay', { feed: 'suricata' })).status).toBe(200);
    expect((await fetch(`${t.base}/api/incidents`)).status).toBe(401);
    const db = new pg.Client({ connectionString: POSTGRES_URL.replace(/\/[^/]*$/, `/${dbName}`) });
    await db.connect();
    const { rows } = await db.query<{ actor: string; status: number; action: string }>(
      `SELECT actor, status, action FROM audit ORDER BY id`,
    );
    await db.end();
    expect(rows.slice(-3)).toEqual([
      { actor: 'pg-viewer', status: 403, action: 'access.denied' },
      { actor: 'pg-operator', status: 200, action: 'dead-letters.replay' },
      { actor: 'anonymous', status: 401, action: 'auth.denied' },
    ]);
    const trail = await signedIn(t.base, t.system.firstStartToken!.token).getJson<{ actor: string }[]>(
      '/api/audit?limit=3',
    );
    expect(trail.map((r) => r.actor)).toEqual(['anonymous', 'pg-operator', 'pg-viewer']);
  });
});
