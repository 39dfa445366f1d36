import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-broker-security-'));
const pemFile = join(dir, 'ca.crt');
writeFileSync(pemFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'ca.txt');
writeFileSync(notPem, 'hello');

const problem = (env: Record<string, string>) => {
  try {
    configFromEnv(env);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('broker security from the environment', () => {
  it('reads the MQTT CA, and TLS checks stay on unless turned off', () => {
    const cfg = configFromEnv({ MQTT_URL: 'mqtts://broker:8883', MQTT_CA_FILE: pemFile, MQTT_USERNAME: 'portwatch' });
    expect(cfg.mqttTls).toMatchObject({ ca: expect.stringContaining('BEGIN CERTIFICATE'), rejectUnauthorized: true });
    expect(configFromEnv({ MQTT_REJECT_UNAUTHORIZED: 'false' }).mqttTls?.rejectUnauthorized).toBe(false);
  });

  it('reads Kafka TLS and SASL', () => {
    const cfg = configFromEnv({
      KAFKA_SSL: 'true',
      KAFKA_CA_FILE: pemFile,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'worker',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(cfg.kafkaSecurity).toMatchObject({
      ssl: { ca: expect.stringContaining('BEGIN'), rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-512', username: 'worker', password: 'secret' },
    });
    expect(configFromEnv({ KAFKA_SSL: '1' }).kafkaSecurity).toEqual({ ssl: true });
    expect(configFromEnv({}).kafkaSecurity).toEqual({});
  });

  it('names the variable of each mistake', () => {
    expect(problem({ MQTT_CA_FILE: join(dir, 'missing.crt') })).toMatch(/^MQTT_CA_FILE: cannot read .*ENOENT/);
    expect(problem({ KAFKA_CA_FILE: notPem })).toMatch(/^KAFKA_CA_FILE: .* is not a PEM file/);
    expect(problem({ MQTT_URL: 'mqtt://broker:1883', MQTT_CA_FILE: pemFile })).toMatch(
      /^MQTT_CA_FILE: set, but MQTT_URL .* is not TLS/,
    );
    expect(problem({ MQTT_CERT_FILE: pemFile })).toMatch(/^MQTT_KEY_FILE: a client certificate needs both/);
    expect(problem({ MQTT_PASSWORD: 'x' })).toMatch(/^MQTT_USERNAME:/);
    expect(problem({ MQTT_REJECT_UNAUTHORIZED: 'maybe' })).toMatch(/^MQTT_REJECT_UNAUTHORIZED: expected 1 or 0/);
    expect(problem({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'b' })).toMatch(
      /^KAFKA_SASL_MECHANISM: expected one of plain, scram-sha-256, scram-sha-512/,
    );
    expect(problem({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'a' })).toMatch(
      /^KAFKA_SASL_PASSWORD: needed/,
    );
    expect(problem({ KAFKA_SASL_USERNAME: 'a' })).toMatch(/^KAFKA_SASL_MECHANISM: needed/);
    expect(problem({ KAFKA_SSL: 'false', KAFKA_CA_FILE: pemFile })).toMatch(/^KAFKA_SSL: is off, but KAFKA_CA_FILE/);
  });
});
