// Configuration by environment variable, with the embedded defaults.
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { ConfigError, flag } from './env-values.ts';
import { kafkaSecurityFromEnv, mqttSecurityFromEnv, type KafkaSecurity, type MqttSecurity } from './broker-security.ts';

export { ConfigError } from './env-values.ts';

export const ROLES = ['all', 'worker', 'api', 'simulator'] as const;
export type Role = (typeof ROLES)[number];

export interface SystemConfig {
  /**
   * all: everything in one process (the embedded default). In a scaled deployment:
   * worker (ingest + correlation, one consumer-group member), api (store, REST, WebSocket,
   * web app; stateless), simulator (scenario traffic to the brokers).
   */
  role: Role;
  /** MQTT shared-subscription group, so worker instances split sensor traffic instead of each getting all of it. */
  mqttShareGroup?: string;
  /**
   * How far back correlation re-reads indicators when it starts over (a rebalance, an embedded
   * restart) to rebuild its windows. Unset: 30 min, or what the longest rule needs (its
   * timespan plus the allowed lateness); set shorter than that, the start is refused
   * (rebuild-window.ts).
   */
  rebuildWindowMs?: number;
  /** Half-life of zone risk. */
  riskHalfLifeMs: number;
  /** How late (behind the newest event time) an indicator may arrive and still correlate. */
  allowedLatenessMs: number;
  /**
   * How far (percent) V8 lets its heap grow past what was live after a full collection before
   * the next one (heap-growth.ts); 0 or unset leaves V8's own factor, up to 4× under load.
   */
  heapGrowthPercent?: number;
  /** Compact V8's old space at every full collection (heap-growth.ts): memory flat under steady load. */
  heapCompact?: boolean;
  port: number;
  /** External MQTT broker; unset → the embedded broker on mqttPort. */
  mqttUrl?: string;
  mqttPort: number;
  /**
   * The embedded broker's interface (EMBEDDED_MQTT_HOST, default 127.0.0.1) and, required
   * when that is not loopback, the user name and password sensors must give.
   */
  embeddedMqtt?: { host: string; username?: string; password?: string };
  /** Stable client id of the ingest's persistent MQTT session. */
  mqttClientId?: string;
  mqttUsername?: string;
  mqttPassword?: string;
  /** TLS to the MQTT broker (MQTT_CA_FILE, MQTT_CERT_FILE, MQTT_KEY_FILE, MQTT_REJECT_UNAUTHORIZED). */
  mqttTls?: Pick<MqttSecurity, 'ca' | 'cert' | 'key' | 'rejectUnauthorized'>;
  /** TLS and SASL to Kafka (KAFKA_SSL, KAFKA_CA_FILE, …, KAFKA_SASL_MECHANISM, …). */
  kafkaSecurity?: KafkaSecurity;
  /** With Kafka: worker threads that decode Kafka feeds beside the Kafka client (0: decode on the main thread). */
  decodeThreads: number;
  /** Kafka bootstrap brokers; unset → the in-process bus. */
  kafkaBrokers?: string[];
  /** Prefix of Portwatch's Kafka topics and consumer groups (several sites or runs on one cluster). */
  kafkaNamespace?: string;
  /** PostgreSQL URL; unset → PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  siteId: string;
  /** Run the simulators (background traffic and a scenario every few minutes). */
  simulate: boolean;
  scenarioEveryMs: number;
  firstScenarioAfterMs?: number;
  /**
   * The access tokens file (`<name> <role> <sha256>` lines). Unset → `<dataDir>/tokens`, made
   * with one admin token at first start where this instance serves the API.
   */
  tokensFile?: string;
  /** Serve /metrics without a token (a Prometheus scraper on a private network). */
  metricsPublic?: boolean;
  /** Days of indicators and dead letters kept (daily partitions; older days are dropped). */
  retentionDays?: number;
  /** Days a resolved incident is kept after it was last seen (0: kept for good). */
  incidentRetentionDays?: number;
  /** Days of audit trail kept (0: kept for good). */
  auditRetentionDays?: number;
}

/**
 * One decode thread per core, up to four. The Kafka client's thread spends most of its time
 * waiting on the network, so on two cores two decode threads still beat one (measured with
 * `npm run bench -- transport`).
 */
export function defaultDecodeThreads(): number {
  return Math.min(4, Math.max(1, availableParallelism()));
}

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(`${name}: expected a port number 0–65535, got "${value}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SystemConfig {
  const simulate =
    env.SIMULATE === undefined ? true : !['0', 'false', 'no', 'off'].includes(env.SIMULATE.toLowerCase());
  const every = env.SCENARIO_EVERY_S === undefined ? 180 : Number(env.SCENARIO_EVERY_S);
  if (!Number.isFinite(every) || every < 10)
    throw new ConfigError(`SCENARIO_EVERY_S: expected seconds ≥ 10, got "${env.SCENARIO_EVERY_S}"`);
  if (env.MQTT_URL && !/^(mqtts?|wss?|tcp|ssl):\/\//.test(env.MQTT_URL))
    throw new ConfigError(`MQTT_URL: expected mqtt://host:port or mqtts://…, got "${env.MQTT_URL}"`);
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL))
    throw new ConfigError('DATABASE_URL: expected postgres://user@host:port/db');
  const role = (env.ROLE || 'all') as Role;
  if (!ROLES.includes(role)) throw new ConfigError(`ROLE: expected one of ${ROLES.join(', ')}, got "${env.ROLE}"`);
  if ((role === 'worker' || role === 'api' || role === 'simulator') && !env.KAFKA_BROKERS)
    throw new ConfigError(`ROLE=${role} runs as part of a scaled deployment and needs KAFKA_BROKERS`);
  if ((role === 'worker' || role === 'simulator') && !env.MQTT_URL)
    throw new ConfigError(`ROLE=${role} needs MQTT_URL (the sensors' broker)`);
  if (role === 'api' && !env.DATABASE_URL)
    throw new ConfigError('ROLE=api needs DATABASE_URL: API instances share one PostgreSQL');
  const rebuild =
    env.REBUILD_WINDOW_S === undefined || env.REBUILD_WINDOW_S === '' ? undefined : Number(env.REBUILD_WINDOW_S);
  if (rebuild !== undefined && (!Number.isFinite(rebuild) || rebuild < 0))
    throw new ConfigError(`REBUILD_WINDOW_S: expected seconds ≥ 0, got "${env.REBUILD_WINDOW_S}"`);
  const count = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 64)
      throw new ConfigError(`${name}: expected a whole number 0–64, got "${v}"`);
    return n;
  };
  const seconds = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback * 1000;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name}: expected seconds ≥ 0, got "${v}"`);
    return n * 1000;
  };
  const percent = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 400)
      throw new ConfigError(`${name}: expected a whole percentage 0–400, got "${v}"`);
    return n;
  };
  const mqtt = mqttSecurityFromEnv(env);
  const embeddedHost = env.EMBEDDED_MQTT_HOST || '127.0.0.1';
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(embeddedHost);
  if (!loopback && !(env.EMBEDDED_MQTT_USERNAME && env.EMBEDDED_MQTT_PASSWORD))
    throw new ConfigError(
      `EMBEDDED_MQTT_USERNAME: the embedded broker on EMBEDDED_MQTT_HOST=${embeddedHost} is reachable from other machines: set EMBEDDED_MQTT_USERNAME and EMBEDDED_MQTT_PASSWORD`,
    );
  if (!!env.EMBEDDED_MQTT_USERNAME !== !!env.EMBEDDED_MQTT_PASSWORD)
    throw new ConfigError(
      `${env.EMBEDDED_MQTT_USERNAME ? 'EMBEDDED_MQTT_PASSWORD' : 'EMBEDDED_MQTT_USERNAME'}: the embedded broker needs both a user name and a password`,
    );
  const days = (name: string, fallback: number, min: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name}: expected whole days ≥ ${min}, got "${v}"`);
    return n;
  };
  return {
    role,
    retentionDays: days('RETENTION_DAYS', 30, 1),
    incidentRetentionDays: days('INCIDENT_RETENTION_DAYS', 365, 0),
    auditRetentionDays: days('AUDIT_RETENTION_DAYS', 365, 0),
    riskHalfLifeMs: seconds('RISK_HALF_LIFE_S', 900),
    allowedLatenessMs: seconds('ALLOWED_LATENESS_S', 300),
    heapGrowthPercent: percent('HEAP_GROWTH_PERCENT', 20),
    heapCompact: flag('HEAP_COMPACT', env.HEAP_COMPACT, true),
    mqttShareGroup: env.MQTT_SHARED_GROUP || undefined,
    rebuildWindowMs: rebuild === undefined ? undefined : rebuild * 1000,
    port: port('PORT', env.PORT, 8080),
    mqttUrl: env.MQTT_URL || undefined,
    mqttPort: port('MQTT_PORT', env.MQTT_PORT, 1883),
    mqttClientId: env.MQTT_CLIENT_ID || undefined,
    embeddedMqtt: {
      host: embeddedHost,
      username: env.EMBEDDED_MQTT_USERNAME || undefined,
      password: env.EMBEDDED_MQTT_PASSWORD || undefined,
    },
    mqttUsername: mqtt.username,
    mqttPassword: mqtt.password,
    mqttTls: { ca: mqtt.ca, cert: mqtt.cert, key: mqtt.key, rejectUnauthorized: mqtt.rejectUnauthorized },
    kafkaSecurity: kafkaSecurityFromEnv(env),
    decodeThreads: count('DECODE_THREADS', defaultDecodeThreads()),
    kafkaBrokers: env.KAFKA_BROKERS
      ? env.KAFKA_BROKERS.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    kafkaNamespace: env.KAFKA_NAMESPACE || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR || './data'),
    siteId: env.SITE || 'valencia',
    simulate: role === 'simulator' ? true : role === 'all' ? simulate : false,
    scenarioEveryMs: every * 1000,
    tokensFile: env.PORTWATCH_TOKENS_FILE ? resolve(env.PORTWATCH_TOKENS_FILE) : undefined,
    metricsPublic: flag('PORTWATCH_METRICS_PUBLIC', env.PORTWATCH_METRICS_PUBLIC, false),
  };
}
