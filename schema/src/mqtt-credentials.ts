// How a Portwatch MQTT client (ingest, its broker-log watch, the simulators) proves itself to
// the broker and checks the broker (PEM text for the TLS parts). Set from MQTT_USERNAME,
// MQTT_PASSWORD, MQTT_CA_FILE, MQTT_CERT_FILE, MQTT_KEY_FILE, MQTT_REJECT_UNAUTHORIZED
// (system/src/config.ts).
export interface MqttCredentials {
  username?: string;
  password?: string;
  /** mqtts://: the CA that signed the broker's certificate. */
  ca?: string;
  /** A client certificate and its key, for a broker that asks for one. */
  cert?: string;
  key?: string;
  /** TLS: refuse a broker whose certificate does not check out (default true). */
  rejectUnauthorized?: boolean;
}
