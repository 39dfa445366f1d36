// The embedded default SIGKILLed while ingest is behind: what the broker acknowledged to a
// sensor must be in the store after a restart. A sensor (mqtt.js, persistent session) sends a
// burst far larger than the store takes in the moment; the process is killed once part of it
// is acknowledged, started again on the same data directory and MQTT port, and the sensor
// sends again what was never acknowledged. Every acknowledged record must then be stored —
// badge reads as indicators, unreadable records as dead letters — and none twice.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { openDb } from '@portwatch/api';
import { freePorts } from '../brokers/free-port.js';
import { startService, type ServiceProcess } from '../support/processes.ts';
import { badgeRecord } from '../support/records.ts';

const N = 6000;
/** One record in this many is unreadable: it must end as a dead letter. */
const BAD_EVERY = 25;
/** Killed once this many records are acknowledged. */
const KILL_AT = 2000;

const dataDir = mkdtempSync(join(tmpdir(), 'portwatch-kill-'));
let server: ServiceProcess | null = null;
let sensor: MqttClient | null = null;
afterAll(async () => {
  sensor?.end(true);
  await server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function storedNow(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const n = (kind: string) =>
    Number(new RegExp(`portwatch_store_writes_total\\{kind="${kind}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return n('indicators') + n('deadLetters');
}

const garbage = (i: number) => `<not an ONVIF event GARBAGE-${String(i).padStart(6, '0')}`;

describe('the embedded default killed while ingest is behind', () => {
  it('has stored every record it acknowledged, once, after a restart', async () => {
    const [port, mqttPort] = await freePorts(2);
    const env = { DATA_DIR: dataDir, MQTT_PORT: String(mqttPort), PORTWATCH_METRICS_PUBLIC: '1' };
    server = await startService(env, port);

    const base = Date.now() - 3_600_000;
    const url = `mqtt://127.0.0.1:${mqttPort}`;
    const clientId = `kill-test-sensor-${process.pid}`;
    const record = (i: number) => {
      const r = badgeRecord(i, base);
      return { topic: r.topic, payload: i % BAD_EVERY === BAD_EVERY - 1 ? garbage(i) : r.payload };
    };
    const acked = new Set<number>();
    /** Publishes records `list` without waiting for each PUBACK in turn; `onAck` after each. */
    const publish = (client: MqttClient, list: number[], onAck: () => void) => {
      for (const i of list) {
        const r = record(i);
        client.publish(r.topic, r.payload, { qos: 1 }, (err) => {
          if (err) return;
          acked.add(i);
          onAck();
        });
      }
    };

    sensor = await mqtt.connectAsync(url, { clientId, clean: false, reconnectPeriod: 0 });
    // Stored so far, as the server counts it, while the burst goes in.
    let storedLately = 0;
    const watch = setInterval(() => {
      storedNow(port).then(
        (n) => (storedLately = n),
        () => {},
      );
    }, 50);
    await new Promise<void>((resolve) =>
      publish(sensor!, [...Array(N).keys()], () => acked.size === KILL_AT && resolve()),
    );
    await server.kill('SIGKILL');
    clearInterval(watch);
    const killedAt = { acked: acked.size, storedLately };
    sensor.end(true);

    // The sensor sends again, on the same persistent session, every record it has no PUBACK for.
    server = await startService(env, port);
    sensor = await mqtt.connectAsync(url, { clientId, clean: false, reconnectPeriod: 0 });
    const resent = [...Array(N).keys()].filter((i) => !acked.has(i));
    await new Promise<void>((resolve) => publish(sensor!, resent, () => acked.size === N && resolve()));
    // Stopped cleanly, so the test can open the store itself.
    await server.kill('SIGTERM');
    server = null;
    await sensor.endAsync();
    sensor = null;

    const db = await openDb(undefined, join(dataDir, 'pglite'));
    const badges = await db.query<{ badge: string; n: number }>(
      `SELECT o->>'value' AS badge, count(*)::int AS n
       FROM indicators, jsonb_array_elements(doc->'observables') o WHERE o->>'type' = 'badge' GROUP BY 1`,
    );
    const letters = await db.query<{ token: string; n: number }>(
      `SELECT substring(payload from 'GARBAGE-[0-9]+') AS token, count(*)::int AS n
       FROM dead_letters WHERE payload LIKE '%GARBAGE-%' GROUP BY 1`,
    );
    const reasons = await db.query<{ reason: string; n: number }>(
      `SELECT left(reason, 100) AS reason, count(*)::int AS n FROM dead_letters WHERE payload NOT LIKE '%GARBAGE-%' GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
    );
    await db.close();
    const storedBadges = new Map(badges.map((b) => [b.badge, b.n]));
    const storedLetters = new Map(letters.map((l) => [l.token, l.n]));
    const missing: number[] = [];
    for (const i of acked) {
      const key =
        i % BAD_EVERY === BAD_EVERY - 1
          ? `GARBAGE-${String(i).padStart(6, '0')}`
          : `BADGE-${String(i).padStart(6, '0')}`;
      if (!storedBadges.has(key) && !storedLetters.has(key)) missing.push(i);
    }
    const doubled = [...storedBadges.values()].filter((n) => n > 1).length;
    const doubledLetters = [...storedLetters.values()].filter((n) => n > 1).length;
    console.log(
      JSON.stringify({
        sent: N,
        ackedBeforeKill: killedAt.acked,
        storedAtLastPollBeforeKill: killedAt.storedLately,
        resent: resent.length,
        storedIndicators: badges.length,
        storedDeadLetters: letters.length,
        ackedButMissing: missing.length,
        doubledIndicators: doubled,
        doubledDeadLetters: doubledLetters,
        missingSample: missing.slice(0, 10),
        deadLetterReasons: reasons,
      }),
    );
    // Killed mid-burst: part of it was never acknowledged and had to be sent again.
    expect(resent.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(doubled).toBe(0);
    expect(badges.length + letters.length).toBe(N);
  }, 240_000);
});
