// One record the database cannot hold (a NUL inside a JSON string, or a raw NUL byte) must not
// stop storage: it is stored with the character replaced (and tagged), or dead-lettered with a
// reason, and the 100 good records behind it, on MQTT and on Kafka, are all stored. Embedded
// (PGlite, with the in-process broker and with Kafka) and scaled (PostgreSQL, Kafka, a worker).
import { describe, it, expect, afterAll } from 'vitest';
import mqtt from 'mqtt';
import { KafkaBus, REPLACED_TAG, type Bus } from '@portwatch/ingest';
import { TOPICS, indicatorMessage, type Indicator } from '@portwatch/schema';
import { KAFKA_BROKERS, runId } from '../support/brokers.ts';
import { eventually, startTestSystem, type TestSystem } from '../support/system.ts';
import { badgeRecord, eveRecord } from '../support/records.ts';
import { deploy, type Deployment } from '../faults/fixture.ts';

const GOOD = 100;

/** The record with `"\u0000"` (JSON text) added to its deepest object: JSON.parse makes it a NUL. */
function withEscapedNul(json: string): string {
  const rec = JSON.parse(json) as Record<string, unknown>;
  rec.note = 'Eve\u0000';
  return JSON.stringify(rec); // writes the NUL as the six characters \u0000
}

/** The record's bytes with a raw NUL byte inside its first string. */
function withNulByte(json: string): Buffer {
  const at = json.indexOf('"') + 1;
  return Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from([0]), Buffer.from(json.slice(at))]);
}

async function sendMqtt(url: string): Promise<void> {
  const base = Date.now() - 600_000;
  const client = await mqtt.connectAsync(url, { clientId: `pw-nul-${runId()}` });
  const bad = badgeRecord(5000, base);
  await client.publishAsync(bad.topic, withEscapedNul(bad.payload), { qos: 1 });
  await client.publishAsync(bad.topic, withNulByte(badgeRecord(5001, base).payload), { qos: 1 });
  for (let i = 0; i < GOOD; i++) {
    const r = badgeRecord(i, base);
    await client.publishAsync(r.topic, r.payload, { qos: 1 });
  }
  await client.endAsync();
}

async function sendKafka(bus: Bus): Promise<void> {
  const base = Date.now() - 600_000;
  const now = Date.now();
  // One key: the good records sit behind the bad ones in the same partition.
  await bus.publish('valencia.suricata.eve', [
    { key: 'tap', value: withEscapedNul(eveRecord(5000, base)), timestamp: now },
    { key: 'tap', value: '', bytes: withNulByte(eveRecord(5001, base)), timestamp: now },
    ...Array.from({ length: GOOD }, (_, i) => ({ key: 'tap', value: eveRecord(i, base), timestamp: now })),
  ]);
}

interface Rows {
  query<T>(sql: string): Promise<T[]>;
}

/** Waits for every record to be accounted for, then checks how. */
async function expectAllAccountedFor(db: Rows, feeds: string[]): Promise<void> {
  const expected = feeds.length * (GOOD + 1);
  let byFeed: Record<string, number> = {};
  const n = await eventually(
    async () => {
      const rows = await db.query<{ feed: string; n: string }>(
        `SELECT doc->'source'->>'feed' AS feed, count(*)::text AS n FROM indicators GROUP BY 1`,
      );
      byFeed = Object.fromEntries(rows.map((r) => [r.feed, Number(r.n)]));
      const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
      return total >= expected ? total : null;
    },
    90_000,
    `${expected} indicators stored`,
  ).catch(async (err: Error) => {
    const letters = await db.query<{ reason: string }>('SELECT reason FROM dead_letters');
    throw new Error(
      `${err.message} (by feed: ${JSON.stringify(byFeed)}; dead letters: ${letters.map((l) => l.reason).join(' | ')})`,
    );
  });
  expect(n).toBe(expected);
  const tagged = await db.query<{ feed: string; doc: string }>(
    `SELECT doc->'source'->>'feed' AS feed, doc::text AS doc FROM indicators WHERE doc->'tags' ? '${REPLACED_TAG}'`,
  );
  expect(tagged.map((t) => t.feed).sort()).toEqual([...feeds].sort());
  for (const t of tagged) expect(t.doc).toContain('Eve\ufffd');
  // Wait for a decoding letter from every feed: other stages' letters (the scaled case adds one
  // at 'sending') must not end the wait before the last feed's letter is stored.
  const decoding = await eventually(
    async () => {
      const rows = await db.query<{ feed_id: string; stage: string; payload: string }>(
        `SELECT feed_id, stage, payload FROM dead_letters WHERE stage = 'decoding'`,
      );
      return new Set(rows.map((r) => r.feed_id)).size >= feeds.length ? rows : null;
    },
    30_000,
    'the raw NUL records dead-lettered',
  ).catch(async (err: Error) => {
    const rows = await db.query<{ feed_id: string; stage: string }>('SELECT feed_id, stage FROM dead_letters');
    throw new Error(`${err.message} (dead letters: ${JSON.stringify(rows)})`);
  });
  expect(decoding.map((l) => l.feed_id).sort()).toEqual([...feeds].sort());
  for (const l of decoding) expect(l.payload).toContain('\ufffd');
}

describe('records the store cannot hold', () => {
  let t: TestSystem | null = null;
  let d: Deployment | null = null;
  let bus: KafkaBus | null = null;
  afterAll(async () => {
    await bus?.close();
    await t?.stop();
    await d?.close();
  });

  it('embedded (PGlite, in-process broker): MQTT', async () => {
    t = await startTestSystem();
    await sendMqtt(t.system.mqttUrl);
    const db = t.system.store!.db;
    await expectAllAccountedFor(db, ['access-control']);
    const health = await (await fetch(`${t.base}/api/health`)).json();
    expect(health.status).toBe('ok');
    await t.stop();
    t = null;
  }, 180_000);

  it('embedded store on Kafka (PGlite): MQTT and Kafka', async () => {
    const ns = `t${runId().replace(/-/g, '')}`;
    t = await startTestSystem({ kafkaBrokers: KAFKA_BROKERS, kafkaNamespace: ns });
    bus = new KafkaBus({ brokers: KAFKA_BROKERS, namespace: ns, clientId: `${ns}-test` });
    await bus.connect();
    await sendMqtt(t.system.mqttUrl);
    await sendKafka(bus);
    await expectAllAccountedFor(t.system.store!.db, ['access-control', 'suricata']);
    await bus.close();
    bus = null;
    await t.stop();
    t = null;
  }, 240_000);

  it('scaled (PostgreSQL, Kafka, Mosquitto, a worker): MQTT and Kafka', async () => {
    d = await deploy(KAFKA_BROKERS);
    await d.startWorker();
    // As an older worker that did not replace it would publish it: the API's consumer must
    // dead-letter it with PostgreSQL's reason and move on, not restart on the same offset.
    const old: Indicator = {
      id: 'access-control:old-worker-nul',
      time: new Date().toISOString(),
      ingestTime: new Date().toISOString(),
      mode: 'live',
      siteId: 'valencia',
      zoneId: 'gate-north',
      domain: 'physical',
      type: 'access.denied',
      title: 'Badge of Eve\u0000 denied',
      severity: 3,
      confidence: 90,
      location: null,
      source: { feed: 'access-control', format: 'onvif', sensorId: 'AP-GN-01' },
      observables: [],
      tags: [],
    };
    await d.bus.publish(TOPICS.indicators, [indicatorMessage(old)]);
    await sendMqtt(d.mqttUrl);
    await sendKafka(d.bus);
    const db = { query: async <T>(sql: string) => (await d!.db.query(sql)).rows as T[] };
    await expectAllAccountedFor(db, ['access-control', 'suricata']);
    const refused = await eventually(
      async () => (await db.query<{ reason: string }>(`SELECT reason FROM dead_letters WHERE stage = 'sending'`))[0],
      30_000,
      "the old worker's indicator dead-lettered",
    );
    expect(refused.reason).toMatch(/^the store refused it: .*Unicode/);
  }, 240_000);
});
