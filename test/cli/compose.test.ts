// docker-compose.yml is the scaled quick start: checked here by Compose itself (`config`
// validates the file against the Compose schema and resolves variables; no Docker engine
// needed), then for what the README promises of it. CI installs Compose; on a developer
// machine without it this file is skipped, and says so.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/system.ts';

/** `docker compose` (the plugin) or `docker-compose` (the standalone tool), whichever is here. */
function composeCommand(): string[] | null {
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0) return ['docker-compose'];
  return null;
}

const compose = composeCommand();
if (!compose && process.env.CI)
  throw new Error('Docker Compose is not installed (apt-get install docker-compose): .ci/run installs it');
if (!compose)
  console.warn('[test] docker-compose.yml not checked: neither `docker compose` nor `docker-compose` is installed');

function config(env: Record<string, string>, ...args: string[]) {
  const [cmd, ...pre] = compose!;
  // Only what the file reads from the environment is set: no stray POSTGRES_PASSWORD from the shell.
  const {
    POSTGRES_PASSWORD: _postgres,
    MQTT_PASSWORD: _mqtt,
    MQTT_SIMULATOR_PASSWORD: _simulator,
    KAFKA_PASSWORD: _kafka,
    ...base
  } = process.env;
  return spawnSync(cmd, [...pre, '-f', join(ROOT, 'docker-compose.yml'), ...args, 'config'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...base, ...env },
  });
}

const SECRETS = {
  POSTGRES_PASSWORD: 'only-for-this-test',
  MQTT_PASSWORD: 'mqtt-only-for-this-test',
  MQTT_SIMULATOR_PASSWORD: 'simulator-only-for-this-test',
  KAFKA_PASSWORD: 'kafka-only-for-this-test',
};
const without = (name: keyof typeof SECRETS) => Object.fromEntries(Object.entries(SECRETS).filter(([k]) => k !== name));

interface Service {
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
  deploy?: { replicas?: number };
  ports?: unknown[];
  profiles?: string[];
  volumes?: unknown[];
}

describe.skipIf(!compose)('docker-compose.yml', () => {
  it('refuses to start without a database password, and names the variable', () => {
    const r = config(without('POSTGRES_PASSWORD'));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/POSTGRES_PASSWORD/);
  });

  it("refuses to start without the brokers' passwords, and says how to make them", () => {
    for (const name of ['MQTT_PASSWORD', 'MQTT_SIMULATOR_PASSWORD', 'KAFKA_PASSWORD'] as const) {
      const r = config(without(name));
      expect(r.status, name).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`${name}.*make-secrets`));
    }
  });

  it('publishes only the TLS listener of the sensor broker and the web app; workers use TLS and a password', () => {
    const r = config(SECRETS);
    expect(r.status).toBe(0);
    const services = (parse(r.stdout) as { services: Record<string, Service> }).services;
    const published = (name: string) =>
      (services[name].ports ?? []).map((p) => (typeof p === 'string' ? p : String((p as { target: number }).target)));
    expect(published('mosquitto').join(' ')).toMatch(/8883/);
    expect(published('mosquitto').join(' ')).not.toMatch(/1883/);
    expect(published('kafka')).toEqual([]);
    expect(published('postgres')).toEqual([]);
    const worker = services.worker.environment!;
    expect(worker.MQTT_URL).toMatch(/^mqtts:\/\/mosquitto:8883$/);
    expect(worker.MQTT_USERNAME).toBe('portwatch');
    expect(worker.MQTT_PASSWORD).toBe(SECRETS.MQTT_PASSWORD);
    expect(worker.MQTT_CA_FILE).toBeTruthy();
    for (const file of ['mosquitto.conf', 'mosquitto-health.acl', 'make-secrets.mjs'])
      expect(existsSync(join(ROOT, 'docker', file)), file).toBe(true);
  });

  it('runs Kafka with TLS and SCRAM for clients, its own listeners on loopback, and every Portwatch service with its account', () => {
    const r = config(SECRETS, '--profile', 'simulators');
    expect(r.status).toBe(0);
    const services = (parse(r.stdout) as { services: Record<string, Service> }).services;
    const kafka = services.kafka.environment!;
    const protocols = Object.fromEntries(
      kafka.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP.split(',').map((e) => e.split(':')),
    );
    const listeners = kafka.KAFKA_LISTENERS.split(',').map((l) => /^(\w+):\/\/([^:]*):(\d+)$/.exec(l)!.slice(1));
    const clients = listeners.filter(([name]) => protocols[name] === 'SASL_SSL');
    expect(clients.map(([, , port]) => port)).toEqual(['9092']);
    // Everything that is not TLS with SCRAM listens on the container's loopback only.
    for (const [name, host] of listeners)
      if (protocols[name] !== 'SASL_SSL') expect(host, `${name} listener`).toBe('127.0.0.1');
    expect(kafka.KAFKA_SASL_ENABLED_MECHANISMS).toBe('SCRAM-SHA-512');
    expect(kafka.KAFKA_SSL_KEYSTORE_LOCATION).toMatch(/^\/etc\/kafka\/secrets\//);
    expect(kafka.PORTWATCH_KAFKA_PASSWORD).toBe(SECRETS.KAFKA_PASSWORD);
    expect(services.kafka.command).toEqual(['sh', '/opt/portwatch/start.sh']);
    expect(services.kafka.volumes!.map(String).join(' ')).toMatch(/secrets\/kafka-tls:\/etc\/kafka\/secrets:ro/);
    for (const name of ['worker', 'api', 'simulator']) {
      const env = services[name].environment!;
      expect(env.KAFKA_BROKERS, name).toBe('kafka:9092');
      expect(env.KAFKA_SSL, name).toBe('true');
      expect(env.KAFKA_SASL_MECHANISM, name).toBe('scram-sha-512');
      expect(env.KAFKA_SASL_USERNAME, name).toBe(kafka.PORTWATCH_KAFKA_USER);
      expect(env.KAFKA_SASL_PASSWORD, name).toBe(SECRETS.KAFKA_PASSWORD);
      // The CA file each one names is mounted into it.
      const mounts = services[name].volumes!.map((v) => (typeof v === 'string' ? v : (v as { target: string }).target));
      for (const file of [env.KAFKA_CA_FILE, env.MQTT_CA_FILE])
        expect(
          mounts.some((m) => m.includes(`:${file}`) || m === file),
          `${name} mounts ${file}`,
        ).toBe(true);
    }
    expect(services.simulator.environment!.MQTT_PASSWORD).toBe(SECRETS.MQTT_SIMULATOR_PASSWORD);
    expect(services.api.environment!.MQTT_PASSWORD).toBe(SECRETS.MQTT_SIMULATOR_PASSWORD);
    for (const file of ['start.sh', 'set-account.sh'])
      expect(existsSync(join(ROOT, 'docker', 'kafka', file)), file).toBe(true);
  });

  it('is a valid Compose file with the brokers, the database, two workers and the API, each waited for when healthy', () => {
    const r = config(SECRETS);
    expect(r.stderr).not.toMatch(/ERROR|invalid/i);
    expect(r.status).toBe(0);
    const services = (parse(r.stdout) as { services: Record<string, Service> }).services;
    // The standalone docker-compose lists profiled services too; `docker compose` leaves them out.
    expect(
      Object.keys(services)
        .filter((n) => !services[n].profiles)
        .sort(),
    ).toEqual(['api', 'kafka', 'mosquitto', 'postgres', 'worker']);
    for (const name of ['mosquitto', 'kafka', 'postgres'])
      expect(services[name].healthcheck, `${name} healthcheck`).toBeDefined();
    const { worker, api } = services;
    expect(worker.environment!.ROLE).toBe('worker');
    expect(worker.deploy!.replicas).toBe(2);
    expect(worker.environment!.KAFKA_BROKERS).toBe('kafka:9092');
    expect(api.environment!.ROLE).toBe('api');
    expect(api.environment!.DATABASE_URL).toMatch(/^postgres:\/\/portwatch:only-for-this-test@postgres:5432\//);
    for (const s of [worker, api])
      for (const dep of Object.values(s.depends_on!)) expect(dep.condition).toBe('service_healthy');
    expect(Object.keys(api.depends_on!).sort()).toEqual(['kafka', 'mosquitto', 'postgres']);
    // What the services are built from and mount is in the repository.
    expect(existsSync(join(ROOT, 'Dockerfile'))).toBe(true);
    expect(existsSync(join(ROOT, 'docker', 'mosquitto.conf'))).toBe(true);
  });

  it('adds the simulators under their profile', () => {
    const r = config(SECRETS, '--profile', 'simulators');
    expect(r.status).toBe(0);
    const services = (parse(r.stdout) as { services: Record<string, Service> }).services;
    expect(services.simulator.profiles).toEqual(['simulators']);
    expect(services.simulator.environment!.ROLE).toBe('simulator');
  });
});
