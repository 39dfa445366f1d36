// A private Kafka started from the deployment's own configuration: the KAFKA_* variables of
// docker-compose.yml's kafka service turned into server.properties the way the apache/kafka
// image does it, the certificates docker/make-secrets.mjs makes, and Portwatch's SCRAM account
// set by docker/kafka/set-account.sh as the container's start script sets it. Only the ports
// (to free ones, all on loopback) and the container paths (to a scratch folder) are moved.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../brokers/free-port.js';
import { ensureKafkaJars, findJava, startKafka, type KafkaHandle } from '../brokers/kafka-broker.js';
import { ROOT } from '../support/system.ts';
import { composeService } from './compose-file.ts';
import { makeComposeSecrets, type ComposeSecrets } from './compose-secrets.ts';

/** KAFKA_* variables the image passes to the JVM or its logging, not to server.properties. */
const NOT_BROKER_SETTINGS = new Set([
  'KAFKA_VERSION',
  'KAFKA_HEAP_OPT',
  'KAFKA_LOG4J_OPTS',
  'KAFKA_OPTS',
  'KAFKA_JMX_OPTS',
  'KAFKA_JVM_PERFORMANCE_OPTS',
  'KAFKA_GC_LOG_OPTS',
  'KAFKA_LOG4J_ROOT_LOGLEVEL',
  'KAFKA_LOG4J_LOGGERS',
  'KAFKA_TOOLS_LOG4J_LOGLEVEL',
  'KAFKA_JMX_HOSTNAME',
]);

/**
 * What the image's configureDefaults fills in when a variable is unset — a single-node
 * PLAINTEXT broker. The compose file must set every one, or the broker is not the one it shows.
 */
export const IMAGE_DEFAULTED = [
  'KAFKA_NODE_ID',
  'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP',
  'KAFKA_LISTENERS',
  'KAFKA_ADVERTISED_LISTENERS',
  'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
  'KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS',
  'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
  'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
  'KAFKA_PROCESS_ROLES',
  'KAFKA_CONTROLLER_QUORUM_VOTERS',
  'KAFKA_INTER_BROKER_LISTENER_NAME',
  'KAFKA_CONTROLLER_LISTENER_NAMES',
  'KAFKA_LOG_DIRS',
];

/**
 * The image's rule (kafka.docker.KafkaDockerWrapper): drop "KAFKA_", lower case, "_" → ".",
 * then "..." → "-" and ".." → "_" (so KAFKA_ABC___DEF is abc-def and KAFKA_ABC__DEF abc_def).
 */
export function kafkaPropertyName(variable: string): string {
  return variable
    .replaceAll('KAFKA_', '')
    .toLowerCase()
    .replaceAll('_', '.')
    .replaceAll('...', '-')
    .replaceAll('..', '_');
}

export interface ComposeKafka {
  /** The client listener (CLIENTS, SASL_SSL): "127.0.0.1:<port>". */
  brokers: string;
  /** The loopback PLAINTEXT listener of the broker's own traffic. */
  internal: string;
  secrets: ComposeSecrets;
  /** The server.properties the compose file amounts to, as started. */
  properties: Record<string, string>;
  /** A Portwatch service's KAFKA_* settings from docker-compose.yml, pointed at this broker. */
  clientEnv(service: string): Record<string, string>;
  log(): string;
  stop(): Promise<void>;
}

export async function startComposeKafka(): Promise<ComposeKafka> {
  const secrets = makeComposeSecrets();
  const kafka = composeService('kafka', secrets.env, secrets.dir);
  const [client, controller, internal] = await freePorts(3);
  // The container's ports, each on this machine's loopback.
  const ports: Record<string, number> = { '9092': client, '9093': controller, '9094': internal };
  const local = (value: string) =>
    value.replace(
      /(\/\/|@)[^:,/@]*:(909[234])\b/g,
      (_m, before: string, port: string) => `${before}127.0.0.1:${ports[port]}`,
    );
  const missing = IMAGE_DEFAULTED.filter((v) => !(v in kafka.environment));
  if (missing.length)
    throw new Error(`docker-compose.yml, kafka: ${missing.join(', ')} unset: the image would fill in its own defaults`);
  const properties = Object.fromEntries(
    Object.entries(kafka.environment)
      .filter(([k]) => k.startsWith('KAFKA_') && !NOT_BROKER_SETTINGS.has(k))
      .map(([k, v]) => [kafkaPropertyName(k), v.startsWith('/') ? (kafka.hostPath(v) ?? v) : local(v)]),
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-compose-kafka-'));
  let broker: KafkaHandle;
  try {
    broker = await startKafka({ port: internal, controllerPort: controller, dataDir, fresh: true, properties });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  // kafka-configs.sh, as the image's own runs it: ConfigCommand on the broker's jars.
  const bin = mkdtempSync(join(tmpdir(), 'pw-kafka-bin-'));
  const { classpath } = await ensureKafkaJars();
  writeFileSync(
    join(bin, 'kafka-configs.sh'),
    `#!/bin/sh\nexec '${findJava()}' -Xmx256m -cp '${classpath}' kafka.admin.ConfigCommand "$@"\n`,
  );
  chmodSync(join(bin, 'kafka-configs.sh'), 0o755);
  const account = spawnSync('sh', [join(ROOT, 'docker', 'kafka', 'set-account.sh'), bin, `127.0.0.1:${internal}`], {
    env: {
      PATH: process.env.PATH,
      PORTWATCH_KAFKA_USER: kafka.environment.PORTWATCH_KAFKA_USER,
      PORTWATCH_KAFKA_PASSWORD: kafka.environment.PORTWATCH_KAFKA_PASSWORD,
    },
    encoding: 'utf8',
  });
  rmSync(bin, { recursive: true, force: true });
  if (account.status !== 0) {
    await broker.stop();
    throw new Error(`docker/kafka/set-account.sh failed (${account.status}): ${account.stdout}${account.stderr}`);
  }

  return {
    brokers: `127.0.0.1:${client}`,
    internal: broker.brokers,
    secrets,
    properties,
    clientEnv(service) {
      const s = composeService(service, secrets.env, secrets.dir);
      return Object.fromEntries(
        Object.entries(s.environment)
          .filter(([k]) => k.startsWith('KAFKA_'))
          .map(([k, v]) => [
            k,
            k === 'KAFKA_BROKERS'
              ? `127.0.0.1:${client}`
              : k.endsWith('_FILE')
                ? (s.hostPath(v) ?? `${v} (not mounted)`)
                : v,
          ]),
      );
    },
    log: () => spawnSync('tail', ['-n', '60', join(dataDir, 'kafka.log')], { encoding: 'utf8' }).stdout,
    async stop() {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(secrets.dir, { recursive: true, force: true });
    },
  };
}
