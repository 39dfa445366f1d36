// The scaled deployment's sensor broker, as docker/mosquitto.conf configures it: nobody gets in
// without a password, a stranger cannot read badge holders' names or take records away, a
// sensor can only speak for itself. (An oversize packet: oversize-mqtt.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '@portwatch/system';
import { startComposeMosquitto, type ComposeMosquitto } from './compose-mosquitto.ts';
import { eventually, startTestSystem, type TestSystem } from '../support/system.ts';

let broker: ComposeMosquitto;
const clients: MqttClient[] = [];

beforeAll(async () => {
  broker = await startComposeMosquitto(['acs-gate-1', 'acs-gate-2']);
});
afterAll(async () => {
  for (const c of clients) c.end(true);
  await broker?.stop();
});

function connect(options: IClientOptions & { plain?: boolean }): Promise<MqttClient> {
  const { plain, ...rest } = options;
  const url = `${plain ? 'mqtt' : 'mqtts'}://127.0.0.1:${broker.tlsPort}`;
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      ca: broker.ca,
      reconnectPeriod: 0,
      connectTimeout: 4000,
      clientId: `pw-sec-${Math.random().toString(36).slice(2)}`,
      ...rest,
    });
    clients.push(client);
    client.once('connect', () => resolve(client));
    client.once('error', (err) => {
      client.end(true);
      reject(err);
    });
    client.once('close', () => reject(new Error('connection closed before CONNACK')));
  });
}

const portwatch = () => ({ username: 'portwatch', password: broker.secrets.MQTT_PASSWORD });
const sensor = (id: string) => ({
  username: id,
  password: broker.secrets[`MQTT_SENSOR_${id.toUpperCase().replace(/[-.]/g, '_')}_PASSWORD`],
});

function nextMessage(client: MqttClient, ms: number): Promise<{ topic: string; payload: string } | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('message', on);
      resolve(null);
    }, ms);
    const on = (topic: string, payload: Buffer) => {
      clearTimeout(timer);
      client.off('message', on);
      resolve({ topic, payload: payload.toString() });
    };
    client.on('message', on);
  });
}

describe('the compose Mosquitto configuration', () => {
  it('refuses anonymous clients', async () => {
    await expect(connect({})).rejects.toThrow(/not authorized|bad user ?name or password|Connection refused/i);
  });

  it('refuses a wrong password', async () => {
    await expect(connect({ username: 'portwatch', password: 'guess' })).rejects.toThrow(
      /not authorized|bad user ?name or password|Connection refused/i,
    );
  });

  it('speaks TLS only: a plain MQTT client gets no session', async () => {
    await expect(connect({ ...portwatch(), plain: true })).rejects.toThrow();
  });

  it('lets a sensor publish to its own topic and Portwatch read it', async () => {
    const reader = await connect(portwatch());
    await reader.subscribeAsync('valencia/access/+', { qos: 1 });
    const gate = await connect(sensor('acs-gate-1'));
    const received = nextMessage(reader, 3000);
    await gate.publishAsync('valencia/access/acs-gate-1', '{"badge":"4411"}', { qos: 1 });
    expect(await received).toEqual({ topic: 'valencia/access/acs-gate-1', payload: '{"badge":"4411"}' });
  });

  it('keeps a sensor from speaking for another sensor', async () => {
    const reader = await connect(portwatch());
    await reader.subscribeAsync('valencia/access/+', { qos: 1 });
    const gate = await connect(sensor('acs-gate-1'));
    const received = nextMessage(reader, 1500);
    await gate.publishAsync('valencia/access/acs-gate-2', '{"badge":"forged"}', { qos: 1 });
    expect(await received).toBeNull();
  });

  it('keeps everyone but Portwatch from reading: a sensor subscribing to # is refused and it hears nothing', async () => {
    const eavesdropper = await connect(sensor('acs-gate-2'));
    await expect(eavesdropper.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const heard = nextMessage(eavesdropper, 1500);
    const gate = await connect(sensor('acs-gate-1'));
    await gate.publishAsync('valencia/access/acs-gate-1', '{"CredentialHolderName":"Eve"}', { qos: 1 });
    expect(await heard).toBeNull();
  });

  it("keeps a stranger who joins the workers' shared group from taking records away", async () => {
    const group = `$share/portwatch-workers-${Date.now().toString(36)}/valencia/access/+`;
    const worker = await connect(portwatch());
    await worker.subscribeAsync(group, { qos: 1 });
    const stranger = await connect(sensor('acs-gate-2'));
    await expect(stranger.subscribeAsync(group, { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const got: string[] = [];
    worker.on('message', (_t, p) => got.push(p.toString()));
    const gate = await connect(sensor('acs-gate-1'));
    for (let i = 0; i < 30; i++) await gate.publishAsync('valencia/access/acs-gate-1', `r${i}`, { qos: 1 });
    const t0 = Date.now();
    while (got.length < 30 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 50));
    expect(got.length).toBe(30);
  });
});

describe("Portwatch's own MQTT client, set up by its environment variables", () => {
  let t: TestSystem | null = null;
  afterAll(async () => t?.stop());

  /** What a worker reads from MQTT_URL, MQTT_CA_FILE, MQTT_USERNAME and MQTT_PASSWORD. */
  function mqttSettings(env: Record<string, string>) {
    const caFile = join(mkdtempSync(join(tmpdir(), 'pw-mqtt-ca-')), 'ca.crt');
    writeFileSync(caFile, broker.ca);
    const cfg = configFromEnv({
      MQTT_URL: `mqtts://127.0.0.1:${broker.tlsPort}`,
      MQTT_CA_FILE: caFile,
      MQTT_USERNAME: 'portwatch',
      MQTT_PASSWORD: broker.secrets.MQTT_PASSWORD,
      ...env,
    });
    const { mqttUrl, mqttUsername, mqttPassword, mqttTls } = cfg;
    return { mqttUrl, mqttUsername, mqttPassword, mqttTls };
  }

  it('connects over TLS with the password and stores what a sensor sends', async () => {
    t = await startTestSystem(mqttSettings({}));
    const gate = await connect(sensor('acs-gate-1'));
    await gate.publishAsync(
      'valencia/access/acs-gate-1',
      JSON.stringify({
        topic: 'tns1:Door/State/DoorAlarm',
        timestamp: new Date().toISOString(),
        message: { source: { DoorToken: 'DOOR-GN-01' }, key: {}, data: { State: 'DoorForcedOpen' } },
      }),
      { qos: 1 },
    );
    await eventually(async () => (await t!.system.store!.countIndicators()) === 1, 15_000, 'the record stored');
  });

  it('names the broker and the settings when the password is wrong', async () => {
    await expect(startTestSystem(mqttSettings({ MQTT_PASSWORD: 'guess' }))).rejects.toThrow(
      new RegExp(
        `^MQTT broker at mqtts://127\\.0\\.0\\.1:${broker.tlsPort} refused user "portwatch": .*; check MQTT_USERNAME and MQTT_PASSWORD$`,
      ),
    );
  });

  it('names MQTT_CA_FILE when the broker certificate is not trusted', async () => {
    const { mqttTls, ...rest } = mqttSettings({});
    await expect(startTestSystem({ ...rest, mqttTls: { ...mqttTls!, ca: undefined } })).rejects.toThrow(
      /TLS certificate is not trusted .*; check MQTT_CA_FILE/,
    );
  });
});
