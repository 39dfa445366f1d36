// How Portwatch proves itself to its brokers and checks them: MQTT over TLS (the CA, an
// optional client certificate) with a user name and password, Kafka over TLS with SASL. Read
// from the environment once at start; every mistake names the variable, and a file that
// cannot be read says which file and why.
import { readFileSync } from 'node:fs';
import { ConfigError, flag } from './env-values.ts';

export interface MqttSecurity {
  username?: string;
  password?: string;
  /** PEM text, read from MQTT_CA_FILE / MQTT_CERT_FILE / MQTT_KEY_FILE. */
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface KafkaSecurity {
  /** TLS to the brokers; an object when a CA or client certificate is given. */
  ssl?: boolean | { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

function pem(name: string, path: string | undefined): string | undefined {
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `${name}: cannot read "${path}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (!text.includes('-----BEGIN '))
    throw new ConfigError(`${name}: "${path}" is not a PEM file (no "-----BEGIN" line)`);
  return text;
}

function certAndKey(prefix: 'MQTT' | 'KAFKA', env: NodeJS.ProcessEnv): { cert?: string; key?: string } {
  const certVar = `${prefix}_CERT_FILE`;
  const keyVar = `${prefix}_KEY_FILE`;
  if (!!env[certVar] !== !!env[keyVar])
    throw new ConfigError(
      `${env[certVar] ? keyVar : certVar}: a client certificate needs both ${certVar} and ${keyVar}`,
    );
  return { cert: pem(certVar, env[certVar]), key: pem(keyVar, env[keyVar]) };
}

export function mqttSecurityFromEnv(env: NodeJS.ProcessEnv): MqttSecurity {
  if (env.MQTT_PASSWORD && !env.MQTT_USERNAME)
    throw new ConfigError('MQTT_USERNAME: MQTT_PASSWORD is set but no user name to go with it');
  const ca = pem('MQTT_CA_FILE', env.MQTT_CA_FILE);
  const { cert, key } = certAndKey('MQTT', env);
  const tlsVar = env.MQTT_CA_FILE ? 'MQTT_CA_FILE' : env.MQTT_CERT_FILE ? 'MQTT_CERT_FILE' : null;
  // A CA or client certificate on a plain connection would silently not be used.
  if (tlsVar && env.MQTT_URL && !/^(mqtts|wss|ssl):\/\//.test(env.MQTT_URL))
    throw new ConfigError(`${tlsVar}: set, but MQTT_URL "${env.MQTT_URL}" is not TLS: use mqtts://host:8883`);
  return {
    username: env.MQTT_USERNAME || undefined,
    password: env.MQTT_PASSWORD || undefined,
    ca,
    cert,
    key,
    rejectUnauthorized: flag('MQTT_REJECT_UNAUTHORIZED', env.MQTT_REJECT_UNAUTHORIZED, true),
  };
}

export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv): KafkaSecurity {
  const ca = pem('KAFKA_CA_FILE', env.KAFKA_CA_FILE);
  const { cert, key } = certAndKey('KAFKA', env);
  const rejectUnauthorized = flag('KAFKA_REJECT_UNAUTHORIZED', env.KAFKA_REJECT_UNAUTHORIZED, true);
  const tlsFiles = ca !== undefined || cert !== undefined;
  const on = flag('KAFKA_SSL', env.KAFKA_SSL, tlsFiles);
  if (!on && tlsFiles)
    throw new ConfigError(
      `KAFKA_SSL: is off, but ${ca ? 'KAFKA_CA_FILE' : 'KAFKA_CERT_FILE'} is set (TLS files need TLS)`,
    );
  const out: KafkaSecurity = {};
  if (on) out.ssl = tlsFiles || !rejectUnauthorized ? { ca, cert, key, rejectUnauthorized } : true;
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  if (mechanism) {
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism))
      throw new ConfigError(
        `KAFKA_SASL_MECHANISM: expected one of ${SASL_MECHANISMS.join(', ')}, got "${env.KAFKA_SASL_MECHANISM}"`,
      );
    for (const v of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'])
      if (!env[v]) throw new ConfigError(`${v}: needed with KAFKA_SASL_MECHANISM=${mechanism}`);
    out.sasl = {
      mechanism: mechanism as SaslMechanism,
      username: env.KAFKA_SASL_USERNAME!,
      password: env.KAFKA_SASL_PASSWORD!,
    };
  } else if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD)
    throw new ConfigError(
      `KAFKA_SASL_MECHANISM: needed with KAFKA_SASL_USERNAME (one of ${SASL_MECHANISMS.join(', ')})`,
    );
  return out;
}
