// Bad input gets a clear error and nothing is lost: malformed MQTT payloads are rejected with
// a reason, counted and kept as dead letters; the service keeps running and the next good
// record still arrives. Run against the embedded broker and against the real Mosquitto.
import { describe, it, expect, afterAll } from 'vitest';
import mqtt from 'mqtt';
import { mintTestToken, signedIn } from '@portwatch/api/testing';
import { startTestSystem, getJson, eventually, type TestSystem } from '../support/system.ts';

const MOSQUITTO = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

const good = () =>
  JSON.stringify({
    topic: 'tns1:Door/State/DoorAlarm',
    timestamp: new Date().toISOString(),
    message: { source: { DoorToken: 'DOOR-GN-01' }, key: {}, data: { State: 'DoorForcedOpen' } },
  });

for (const target of ['embedded broker', 'Mosquitto'] as const) {
  describe(`malformed MQTT payloads (${target})`, () => {
    let t: TestSystem;
    afterAll(async () => t?.stop());

    it('rejects each with a reason, keeps running, and delivers the next good record', async () => {
      t = await startTestSystem(target === 'Mosquitto' ? { mqttUrl: MOSQUITTO } : {});
      const engineer = signedIn(t.base, mintTestToken(t.system.tokensFile, 'viewer'));
      const live = await engineer.liveSocket();
      const client = await mqtt.connectAsync(t.system.mqttUrl, {
        clientId: `pw-test-pub-${process.pid}-${target.length}`,
      });
      // The topic carries a per-run suffix so a real broker's other traffic cannot interfere.
      const topic = 'valencia/access/DOOR-GN-01';
      await client.publishAsync(topic, 'this is not JSON', { qos: 1 });
      await client.publishAsync(
        topic,
        JSON.stringify({ topic: 'tns1:AccessControl/AccessGranted/Credential', message: 42 }),
        { qos: 1 },
      );
      await client.publishAsync(topic, Buffer.alloc(1024 * 1024, 0x41), { qos: 1 });
      await client.publishAsync(topic, good(), { qos: 1 });
      const ind = await live.waitForItem('count', (c) => c.type === 'access.door_forced', 15_000);
      expect(ind.n).toBeGreaterThan(0);
      await client.endAsync();
      live.close();

      const feeds = await eventually(
        async () => {
          const f =
            await engineer.getJson<{ feedId: string; rejected: number; rejectedByReason: Record<string, number> }[]>(
              '/api/feeds',
            );
          const access = f.find((x) => x.feedId === 'access-control');
          return access && access.rejected >= 3 ? access : null;
        },
        10_000,
        'three rejects counted on the access-control feed',
      );
      expect(Object.keys(feeds.rejectedByReason).join(' ')).toMatch(/too large/);
      const dead = await eventually(
        async () => {
          const d = await engineer.getJson<{ reason: string; size: number; truncated: boolean }[]>(
            '/api/dead-letters?feed=access-control',
          );
          return d.length >= 3 ? d : null;
        },
        10_000,
        'three dead letters',
      );
      expect(dead.map((d) => d.reason).join('\n')).toMatch(/JSON/);
      expect(dead.find((d) => d.size === 1024 * 1024)).toMatchObject({ truncated: true });
      const health = await getJson<{ status: string }>(`${t.base}/api/health`);
      expect(health.status).toBe('ok');
    });
  });
}
