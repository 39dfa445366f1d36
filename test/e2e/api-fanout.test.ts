// Every API instance pushes everything: two ROLE=api instances on one Kafka and one
// PostgreSQL, a live socket on each. An incident from correlation and an operator's change
// made through one instance reach the browsers of both within a second.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TOPICS, incidentMessage, zoneStateMessage, type Incident } from '@portwatch/schema';
import { KafkaBus, RiskModel } from '@portwatch/ingest';
import { addToken } from '@portwatch/api';
import { signedIn, type LiveSocket } from '@portwatch/api/testing';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { KAFKA_BROKERS, POSTGRES_URL, runId } from '../support/brokers.ts';

const id = runId().replace(/-/g, '_');
const dbName = `portwatch_fanout_${id}`;
const namespace = `pw-test-fanout-${runId()}`;
const dir = mkdtempSync(join(tmpdir(), 'portwatch-fanout-'));
const tokensFile = join(dir, 'tokens');
let admin: pg.Client;
let a: TestSystem;
let b: TestSystem;
let correlation: KafkaBus;
let op: string;
let sockets: LiveSocket[] = [];

beforeAll(async () => {
  admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  op = addToken(tokensFile, 'fanout-operator', 'operator').token;
  const api = {
    role: 'api' as const,
    kafkaBrokers: KAFKA_BROKERS,
    kafkaNamespace: namespace,
    databaseUrl: POSTGRES_URL.replace(/\/[^/]*$/, `/${dbName}`),
    tokensFile,
  };
  a = await startTestSystem(api);
  b = await startTestSystem(api);
  correlation = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: `${namespace}-corr`, namespace });
  await correlation.connect();
  sockets = [await signedIn(a.base, op).liveSocket(), await signedIn(b.base, op).liveSocket()];
  // Each follower reads from "now": wait until both have joined by seeing a probe.
  const zone = new RiskModel('valencia', ['gate-north']).snapshot('live', Date.now())[0];
  const probeFrom = Date.now();
  const joined = Promise.all(
    sockets.map((s) => s.waitForItem('zone', (z) => Date.parse(z.updatedAt) >= probeFrom, 60_000)),
  );
  let done = false;
  void joined.then(() => (done = true));
  while (!done) {
    await correlation.publish(TOPICS.zoneState, [zoneStateMessage({ ...zone, updatedAt: new Date().toISOString() })]);
    await new Promise((r) => setTimeout(r, 500));
  }
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await correlation?.close();
  await a?.stop();
  await b?.stop();
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
  rmSync(dir, { recursive: true, force: true });
});

const incident = (): Incident => {
  const now = new Date().toISOString();
  return {
    id: `inc-fanout-${id}`,
    ruleId: 'hybrid-zone-activity',
    title: 'Physical and cyber activity in North gate',
    severity: 4,
    status: 'new',
    siteId: 'valencia',
    zoneId: 'gate-north',
    affectedZones: ['gate-north'],
    domains: ['physical', 'cyber'],
    indicatorIds: ['ind-1', 'ind-2'],
    firstSeen: now,
    lastSeen: now,
    mode: 'live',
    history: [],
  };
};

describe('two API instances', () => {
  it('push correlation’s incident to browsers on both within 1 s', async () => {
    const inc = incident();
    const seen = sockets.map((s) => s.waitForItem('incident', (i) => i.id === inc.id, 10_000).then(() => Date.now()));
    const t0 = Date.now();
    await correlation.publish(TOPICS.incidents, [incidentMessage(inc)]);
    const at = await Promise.all(seen);
    for (const t of at) expect(t - t0).toBeLessThan(1000);
  });

  it('push an operator’s change made on one instance to a browser on the other within 1 s', async () => {
    const inc = incident();
    const onB = sockets[1].waitForItem('incident', (i) => i.id === inc.id && i.status === 'acknowledged', 10_000);
    const t0 = Date.now();
    const res = await signedIn(a.base, op).postJson(`/api/incidents/${inc.id}/actions`, { action: 'acknowledge' });
    expect(res.status).toBe(200);
    const changed = await onB;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(changed.history.at(-1)).toMatchObject({ by: 'fanout-operator', action: 'acknowledge' });
  });
});
