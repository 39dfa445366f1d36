// A 100 MB MQTT payload from a sensor, sent to a real `portwatch start` process by way of the
// scaled deployment's broker (a private Mosquitto from docker/mosquitto.conf) and of the embedded
// default's own broker: refused at the broker from the packet's header, Portwatch's memory does
// not grow, the refusal is counted where an operator looks (/metrics, the mqtt health component,
// a security log line), and the sensor's good records before and after it are all stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintTestToken, signedIn, type SignedInClient } from '@portwatch/api/testing';
import { freePort } from '../brokers/free-port.js';
import { startService, type ServiceProcess } from '../support/processes.ts';
import { badgeRecord } from '../support/records.ts';
import { startComposeMosquitto, type ComposeMosquitto } from './compose-mosquitto.ts';

const PAYLOAD = 100 * 1024 * 1024;
/** Badge reader AP-GN-01 (test/support/records.ts cycles through ten readers). */
const SENSOR = 'AP-GN-01';
const swipe = (n: number, base: number) => badgeRecord(n * 10 + 3, base);

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

interface Deployment {
  portwatch: ServiceProcess;
  api: SignedInClient;
  sensor(opts?: IClientOptions): Promise<MqttClient>;
  close(): Promise<void>;
}

async function startPortwatch(env: Record<string, string>, dir: string) {
  const tokensFile = join(dir, 'tokens');
  const token = mintTestToken(tokensFile, 'viewer');
  const port = await freePort();
  const portwatch = await startService(
    {
      ...env,
      DATA_DIR: join(dir, 'data'),
      PORTWATCH_TOKENS_FILE: tokensFile,
      MQTT_CLIENT_ID: `pw-oversize-${process.pid}`,
    },
    port,
  );
  return { portwatch, api: signedIn(`http://127.0.0.1:${port}`, token) };
}

/** Sends good records, then 100 MB, then good records again; what Portwatch's process did meanwhile. */
async function oversizeBetweenGoodRecords(d: Deployment) {
  const base = Date.now() - 600_000;
  const good = await d.sensor();
  const stored = async () => (await d.api.getJson<unknown[]>('/api/indicators?limit=5000')).length;
  for (let n = 0; n < 20; n++) {
    const r = swipe(n, base);
    await good.publishAsync(r.topic, r.payload, { qos: 1 });
  }
  await expect.poll(stored, { timeout: 20_000, interval: 250 }).toBe(20);
  await good.endAsync();

  // The baseline is the highest RSS over two quiet seconds, so GC swings do not count as growth.
  const pid = d.portwatch.child.pid!;
  let rssBefore = 0;
  for (let i = 0; i < 20; i++) {
    rssBefore = Math.max(rssBefore, rssBytes(pid));
    await new Promise((r) => setTimeout(r, 100));
  }
  let rssMax = rssBefore;
  let senderCutOff = false;
  // Sampled from the send until the good records after it are stored.
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssBytes(pid))), 50);
  try {
    const flooder = await d.sensor({ reconnectPeriod: 0 });
    const closed = new Promise<boolean>((r) => flooder.once('close', () => r(true)));
    flooder.publish(`valencia/access/${SENSOR}`, Buffer.alloc(PAYLOAD, 0x41), { qos: 0 });
    senderCutOff = await Promise.race([closed, new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
    flooder.end(true);
    // Long enough for a payload that got through to be read, decoded and stored.
    await new Promise((r) => setTimeout(r, 3000));
    const after = await d.sensor();
    for (let n = 20; n < 40; n++) {
      const r = swipe(n, base);
      await after.publishAsync(r.topic, r.payload, { qos: 1 });
    }
    await expect.poll(stored, { timeout: 20_000, interval: 250 }).toBe(40);
    await after.endAsync();
  } finally {
    clearInterval(sampler);
  }
  return { senderCutOff, rssBefore, rssMax, metrics: await (await d.api.fetch('/metrics')).text() };
}

const MB = (n: number) => Math.round(n / 1024 / 1024);

describe('a 100 MB MQTT payload against the compose Mosquitto', () => {
  let broker: ComposeMosquitto;
  let d: Deployment;
  const dir = mkdtempSync(join(tmpdir(), 'pw-oversize-'));

  beforeAll(async () => {
    broker = await startComposeMosquitto([SENSOR]);
    writeFileSync(join(dir, 'ca.crt'), broker.ca);
    const { portwatch, api } = await startPortwatch(
      {
        MQTT_URL: `mqtts://127.0.0.1:${broker.tlsPort}`,
        MQTT_CA_FILE: join(dir, 'ca.crt'),
        MQTT_USERNAME: 'portwatch',
        MQTT_PASSWORD: broker.secrets.MQTT_PASSWORD,
      },
      dir,
    );
    d = {
      portwatch,
      api,
      sensor: (opts = {}) =>
        mqtt.connectAsync(`mqtts://127.0.0.1:${broker.tlsPort}`, {
          ca: broker.ca,
          username: SENSOR,
          password: broker.secrets[`MQTT_SENSOR_${SENSOR.replace(/-/g, '_')}_PASSWORD`],
          clientId: `${SENSOR}-${Math.random().toString(36).slice(2, 8)}`,
          ...opts,
        }),
      close: async () => portwatch.kill('SIGTERM'),
    };
  }, 120_000);
  afterAll(async () => {
    await d?.close();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused at the broker, counted by Portwatch, and nothing else is lost', async () => {
    const { senderCutOff, rssBefore, rssMax, metrics } = await oversizeBetweenGoodRecords(d);
    console.log(
      `[oversize] compose Mosquitto: Portwatch RSS ${MB(rssBefore)} MB before, at most ${MB(rssMax)} MB after`,
    );
    expect(senderCutOff, 'the broker disconnected the sender').toBe(true);
    expect(metrics).toMatch(/^portwatch_mqtt_broker_refused_total\{reason="oversize-packet"\} 1$/m);
    expect(d.portwatch.output.join('\n')).toMatch(
      /security: the MQTT broker refused a client.*oversize-packet.*AP-GN-01-/,
    );
    const health = await d.api.getJson<{ components: { name: string; detail: string }[] }>('/api/health');
    expect(health.components.find((c) => c.name === 'mqtt')?.detail).toMatch(/the broker refused 1 oversize packet/);
    expect(rssMax - rssBefore).toBeLessThan(32 * 1024 * 1024);
  }, 120_000);
});

describe('a 100 MB MQTT payload against the embedded broker', () => {
  let d: Deployment;
  const dir = mkdtempSync(join(tmpdir(), 'pw-oversize-embedded-'));

  beforeAll(async () => {
    const mqttPort = await freePort();
    const { portwatch, api } = await startPortwatch({ MQTT_PORT: String(mqttPort) }, dir);
    d = {
      portwatch,
      api,
      sensor: (opts = {}) =>
        mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
          clientId: `${SENSOR}-${Math.random().toString(36).slice(2, 8)}`,
          ...opts,
        }),
      close: async () => portwatch.kill('SIGTERM'),
    };
  }, 120_000);
  afterAll(async () => {
    await d?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is cut off at its header, counted, and nothing else is lost', async () => {
    const { senderCutOff, rssBefore, rssMax, metrics } = await oversizeBetweenGoodRecords(d);
    console.log(`[oversize] embedded broker: Portwatch RSS ${MB(rssBefore)} MB before, at most ${MB(rssMax)} MB after`);
    expect(senderCutOff, 'the broker disconnected the sender').toBe(true);
    expect(metrics).toMatch(/^portwatch_embedded_mqtt_refused_total\{reason="packet-too-large"\} 1$/m);
    expect(rssMax - rssBefore).toBeLessThan(32 * 1024 * 1024);
  }, 120_000);
});
