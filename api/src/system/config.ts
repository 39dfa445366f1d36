// Configuration by environment variable, with the embedded defaults.
import { resolve } from 'node:path';

export interface SystemConfig {
  port: number;
  /** External MQTT broker; unset → the embedded broker on mqttPort. */
  mqttUrl?: string;
  mqttPort: number;
  /** Stable client id of the ingest's persistent MQTT session. */
  mqttClientId?: string;
  mqttUsername?: string;
  mqttPassword?: string;
  /** Kafka bootstrap brokers; unset → the in-process bus. */
  kafkaBrokers?: string[];
  /** PostgreSQL URL; unset → PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  siteId: string;
  /** Run the simulators (background traffic and a scenario every few minutes). */
  simulate: boolean;
  scenarioEveryMs: number;
  firstScenarioAfterMs?: number;
}

export class ConfigError extends Error {}

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name}: expected a port number 0–65535, got "${value}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SystemConfig {
  const simulate = env.SIMULATE === undefined ? true : !['0', 'false', 'no', 'off'].includes(env.SIMULATE.toLowerCase());
  const every = env.SCENARIO_EVERY_S === undefined ? 180 : Number(env.SCENARIO_EVERY_S);
  if (!Number.isFinite(every) || every < 10) throw new ConfigError(`SCENARIO_EVERY_S: expected seconds ≥ 10, got "${env.SCENARIO_EVERY_S}"`);
  if (env.MQTT_URL && !/^(mqtts?|wss?|tcp|ssl):\/\//.test(env.MQTT_URL)) throw new ConfigError(`MQTT_URL: expected mqtt://host:port or mqtts://…, got "${env.MQTT_URL}"`);
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) throw new ConfigError('DATABASE_URL: expected postgres://user@host:port/db');
  return {
    port: port('PORT', env.PORT, 8080),
    mqttUrl: env.MQTT_URL || undefined,
    mqttPort: port('MQTT_PORT', env.MQTT_PORT, 1883),
    mqttClientId: env.MQTT_CLIENT_ID || undefined,
    mqttUsername: env.MQTT_USERNAME || undefined,
    mqttPassword: env.MQTT_PASSWORD || undefined,
    kafkaBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR || './data'),
    siteId: env.SITE || 'valencia',
    simulate,
    scenarioEveryMs: every * 1000,
  };
}
