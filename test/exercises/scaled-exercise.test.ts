// An exercise on the scaled path: Apache Kafka carries its IDS alerts (exercise.<topic>, its id
// in the portwatch-exercise header), Mosquitto its sensor records (exercise/<id>/<topic>), and
// PostgreSQL stores it (migration 7) — every expected incident found, each the exercise's.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import type { Exercise, Incident } from '@portwatch/schema';
import { mintTestToken, signedIn, type SignedInClient } from '@portwatch/api/testing';
import { startTestSystem, eventually, type TestSystem } from '../support/system.ts';
import { KAFKA_BROKERS, MQTT_URL, POSTGRES_URL, runId } from '../support/brokers.ts';

const id = runId().replace(/-/g, '_');
const dbName = `portwatch_exercise_${id}`;
let admin: pg.Client;
let t: TestSystem;
let analyst: SignedInClient;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  t = await startTestSystem({
    kafkaBrokers: KAFKA_BROKERS,
    kafkaNamespace: `ex11-${id}`,
    mqttUrl: MQTT_URL,
    databaseUrl: POSTGRES_URL.replace(/\/[^/]*$/, `/${dbName}`),
  });
  analyst = signedIn(t.base, mintTestToken(t.system.tokensFile, 'analyst', 'drill-lead'));
});

afterAll(async () => {
  await t?.stop();
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

describe('an exercise on Kafka, Mosquitto and PostgreSQL', () => {
  it('runs a hybrid scenario through the brokers and finds every expected incident', async () => {
    const res = await analyst.postJson<{ id: string; error?: string }>('/api/exercises', {
      scenario: 'gate-hybrid-intrusion',
      speed: 'max',
    });
    expect(res.status, res.body.error).toBe(201);
    const ex = await eventually(
      async () => {
        const e = await analyst.getJson<Exercise>(`/api/exercises/${res.body.id}`);
        return e.status !== 'running' && e;
      },
      90_000,
      'the exercise to finish',
    );
    expect(ex.expected.filter((e) => !e.found)).toEqual([]);
    expect(ex.injects.flatMap((i) => i.via)).toEqual(expect.arrayContaining(['kafka', 'mqtt']));
    const incidents = await Promise.all(
      ex.incidentIds.map((i) => analyst.getJson<Incident>(`/api/incidents/${encodeURIComponent(i)}`)),
    );
    expect(incidents.map((i) => [i.mode, i.exerciseId])).toEqual(incidents.map(() => ['exercise', ex.id]));
    // The Kafka-borne record (the Modbus write the IDS saw) raised its incident in the exercise.
    expect(ex.expected.find((e) => e.ruleId === 'ot-write-from-unlisted-host')?.found).toBe(true);
    expect((await analyst.getJson<Exercise[]>('/api/exercises')).map((e) => e.id)).toContain(ex.id);
    expect((await analyst.getJson<Incident[]>('/api/incidents?mode=live&status=all')).length).toBe(0);
  });
});
