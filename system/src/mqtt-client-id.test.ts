import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from './config.ts';
import { ingestClientId } from './mqtt-client-id.ts';

describe("ingest's MQTT client id", () => {
  it('is random per data dir, not the host name, and the same at every start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pw-client-id-'));
    const first = ingestClientId({ dataDir }, 'valencia');
    expect(first.clientId).toMatch(/^portwatch-ingest-valencia-[A-Za-z0-9]{12}$/);
    expect(first.clientId).not.toContain(hostname());
    expect(first.previous).toBeNull();
    expect(ingestClientId({ dataDir }, 'valencia')).toEqual({ clientId: first.clientId, previous: null });
    const other = ingestClientId({ dataDir: mkdtempSync(join(tmpdir(), 'pw-client-id-')) }, 'valencia');
    expect(other.clientId).not.toBe(first.clientId);
  });

  it('names the id it replaces when MQTT_CLIENT_ID changes, so its session can be dropped', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pw-client-id-'));
    const before = ingestClientId({ dataDir }, 'valencia');
    const after = ingestClientId({ dataDir, mqttClientId: 'ingest-a' }, 'valencia');
    expect(after).toEqual({ clientId: 'ingest-a', previous: before.clientId });
    expect(readFileSync(join(dataDir, 'mqtt-client-id'), 'utf8').trim()).toBe('ingest-a');
    expect(ingestClientId({ dataDir, mqttClientId: 'ingest-a' }, 'valencia').previous).toBeNull();
  });
});

describe('the embedded broker from the environment', () => {
  it('listens on loopback by default and needs credentials anywhere else', () => {
    expect(configFromEnv({}).embeddedMqtt).toEqual({ host: '127.0.0.1', username: undefined, password: undefined });
    expect(() => configFromEnv({ EMBEDDED_MQTT_HOST: '0.0.0.0' })).toThrow(/^EMBEDDED_MQTT_USERNAME: .*0\.0\.0\.0/);
    expect(
      configFromEnv({ EMBEDDED_MQTT_HOST: '0.0.0.0', EMBEDDED_MQTT_USERNAME: 's', EMBEDDED_MQTT_PASSWORD: 'p' })
        .embeddedMqtt,
    ).toEqual({ host: '0.0.0.0', username: 's', password: 'p' });
  });
});
