// How Portwatch's own MQTT publishers (the simulators, exercises) reach the sensors' broker,
// and what a broker's refusal at start says: the variables to check, like ingest's.
import type { BrokerRefusal } from '@portwatch/ingest';
import type { MqttCredentials } from '@portwatch/schema';
import type { SystemConfig } from './config.ts';

/**
 * The account and TLS settings for the broker in use: MQTT_USERNAME, MQTT_PASSWORD and
 * MQTT_CA_FILE … for an external broker (MQTT_URL), the embedded broker's own account otherwise.
 */
export function publisherCredentials(cfg: SystemConfig): MqttCredentials {
  if (cfg.mqttUrl) return { username: cfg.mqttUsername, password: cfg.mqttPassword, ...cfg.mqttTls };
  return { username: cfg.embeddedMqtt?.username, password: cfg.embeddedMqtt?.password };
}

/** The error that ends the start when a broker refuses: what it said, and what to change. */
export function refusalNamingSettings(refusal: BrokerRefusal): Error {
  return new Error(
    `${refusal.message}; check ${refusal.setting === 'credentials' ? 'MQTT_USERNAME and MQTT_PASSWORD' : 'MQTT_CA_FILE (the CA that signed the broker certificate)'}`,
  );
}
