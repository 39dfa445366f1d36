// A worker whose client id changed must not leave its old persistent session on the broker,
// taking a share of the sensors' records that nobody reads: the old id's session is dropped.
import { describe, it, expect } from 'vitest';
import mqtt from 'mqtt';
import { dropMqttSession } from '@portwatch/ingest';
import { MQTT_URL, runId } from '../support/brokers.ts';

/** Whether the broker still holds a persistent session for the client id (it says so in CONNACK). */
async function sessionPresent(clientId: string): Promise<boolean> {
  const c = mqtt.connect(MQTT_URL, { clientId, clean: false, protocolVersion: 4, reconnectPeriod: 0 });
  const ack = await new Promise<{ sessionPresent: boolean }>((r) => c.once('connect', r));
  await c.endAsync();
  return ack.sessionPresent;
}

describe('persistent sessions of an old client id', () => {
  it('are dropped, so the broker keeps no queue for it', async () => {
    const old = `pw-old-ingest-${runId()}`;
    const topic = `pw-sessions/${runId()}`;
    const worker = await mqtt.connectAsync(MQTT_URL, { clientId: old, clean: false, protocolVersion: 4 });
    await worker.subscribeAsync(`$share/pw-workers-${runId()}/${topic}`, { qos: 1 });
    await worker.endAsync();
    expect(await sessionPresent(old)).toBe(true);
    await dropMqttSession(MQTT_URL, old, {});
    expect(await sessionPresent(old)).toBe(false);
  });
});
