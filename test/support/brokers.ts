// Where the integration tests find the machine's real servers. In CI a missing server is a
// failure with a message saying how to start it, never a silent skip.
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const HOW_TO_START = {
  kafka: 'start it with `npm run kafka` (fetches Apache Kafka from Maven Central on first use)',
  postgres: 'start the local PostgreSQL server (pg_ctlcluster <version> main start)',
  mqtt: 'start Mosquitto (mosquitto -d -c /etc/mosquitto/mosquitto.conf)',
};

export function runId(): string {
  return `${process.pid}-${Date.now().toString(36)}`;
}

/** Connects a Kafka client (a bus, an admin), or fails naming the brokers and how to start one. */
export async function connectKafka<C extends { connect(): Promise<unknown> }>(client: C): Promise<C> {
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `Kafka at ${KAFKA_BROKERS.join(',')} is not reachable (${(err as Error).message}): ${HOW_TO_START.kafka}`,
    );
  }
  return client;
}
