// The simulator role against the scaled deployment's sensor broker (a private Mosquitto from
// docker/mosquitto.conf): it connects with the MQTT settings its compose service gives it — TLS
// with the private CA, the publish-only simulator account — and its records reach Portwatch's
// account; a wrong password or an untrusted certificate stops it with the setting to check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { configFromEnv, type SystemConfig } from '@portwatch/system';
import { startComposeMosquitto, type ComposeMosquitto } from './compose-mosquitto.ts';
import { composeService } from './compose-file.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let broker: ComposeMosquitto;
let reader: MqttClient | null = null;
let simulator: TestSystem | null = null;

beforeAll(async () => {
  broker = await startComposeMosquitto([]);
});
afterAll(async () => {
  await simulator?.stop();
  reader?.end(true);
  await broker?.stop();
});

/** The simulator service's MQTT_* settings from docker-compose.yml, pointed at the private broker. */
function simulatorConfig(change: Record<string, string | null> = {}): Partial<SystemConfig> {
  const service = composeService('simulator', broker.secrets, broker.secretsDir);
  const env: Record<string, string> = Object.fromEntries(
    Object.entries(service.environment).filter(([k]) => k.startsWith('MQTT_')),
  );
  env.MQTT_URL = `mqtts://127.0.0.1:${broker.tlsPort}`;
  env.MQTT_CA_FILE = service.hostPath(env.MQTT_CA_FILE) ?? `${env.MQTT_CA_FILE} (not mounted)`;
  for (const [k, v] of Object.entries(change)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
  const cfg = configFromEnv(env);
  return {
    role: 'simulator',
    simulate: true,
    // Background traffic only: no scenario within the test.
    firstScenarioAfterMs: 3_600_000,
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    kafkaNamespace: `simmqtt${Date.now().toString(36)}`,
    mqttUrl: cfg.mqttUrl,
    mqttUsername: cfg.mqttUsername,
    mqttPassword: cfg.mqttPassword,
    mqttTls: cfg.mqttTls,
  };
}

describe('the simulator role on the compose Mosquitto', () => {
  it('connects with its compose settings, and its records reach Portwatch', async () => {
    reader = await mqtt.connectAsync(`mqtts://127.0.0.1:${broker.tlsPort}`, {
      ca: broker.ca,
      username: 'portwatch',
      password: broker.secrets.MQTT_PASSWORD,
      clientId: `pw-sim-reader-${process.pid}`,
      reconnectPeriod: 0,
    });
    const topics = new Set<string>();
    let received = 0;
    reader.on('message', (topic) => {
      received++;
      topics.add(topic.split('/').slice(0, 2).join('/'));
    });
    await reader.subscribeAsync('valencia/#', { qos: 1 });
    const cfg = simulatorConfig();
    expect(cfg.mqttUsername).toBe('portwatch-simulator');
    simulator = await startTestSystem(cfg);
    // Background traffic follows the site's shifts: a few records in 30 s even at night.
    await expect.poll(() => received, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    expect([...topics].every((t) => t.startsWith('valencia/'))).toBe(true);
  }, 60_000);

  it('names the broker and the settings when the password is wrong', async () => {
    await expect(startTestSystem(simulatorConfig({ MQTT_PASSWORD: 'guess' }))).rejects.toThrow(
      new RegExp(
        `^MQTT broker at mqtts://127\\.0\\.0\\.1:${broker.tlsPort} refused user "portwatch-simulator": .*; check MQTT_USERNAME and MQTT_PASSWORD$`,
      ),
    );
  }, 60_000);

  it('names MQTT_CA_FILE when the broker certificate is not trusted', async () => {
    await expect(startTestSystem(simulatorConfig({ MQTT_CA_FILE: null }))).rejects.toThrow(
      /^MQTT broker at mqtts:\/\/127\.0\.0\.1:\d+: its TLS certificate is not trusted .*; check MQTT_CA_FILE/,
    );
  }, 60_000);
});
