import { describe, it, expect, afterEach } from 'vitest';
import mqtt from 'mqtt';
import type { RawRecord } from '../pipeline/pipeline.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';
import { MqttSource } from './mqtt-source.ts';

let broker: EmbeddedBroker | null = null;
let source: MqttSource | null = null;
afterEach(async () => {
  await source?.stop();
  await broker?.close();
  source = broker = null;
});

describe('MQTT source', () => {
  it('refuses a packet over maxPacketBytes with its size, and hands the others on', async () => {
    broker = await startEmbeddedBroker(0);
    const got: RawRecord[] = [];
    source = new MqttSource({
      url: broker.url,
      clientId: 'source-limit-test',
      filters: ['site/#'],
      maxPacketBytes: 200,
    });
    await source.start(async (rec) => {
      got.push(rec);
    });
    const sensor = await mqtt.connectAsync(broker.url, { clientId: 'source-limit-sensor' });
    const badge = JSON.stringify({ topic: 'tns1:AccessControl/AccessGranted', timestamp: '2026-01-15T09:02:30Z' });
    await sensor.publishAsync('site/access/1', badge, { qos: 1 });
    await sensor.publishAsync('site/access/1', 'x'.repeat(300), { qos: 1 });
    await sensor.endAsync();
    for (let i = 0; i < 200 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got[0].refused).toBeUndefined();
    expect(new TextDecoder().decode(got[0].payload as Uint8Array)).toBe(badge);
    // Remaining length: 2-byte topic length + 13-byte topic + 2-byte packet id + 300-byte payload.
    expect(got[1].refused).toBe('MQTT packet too large: 317 bytes (limit 200)');
  });
});
