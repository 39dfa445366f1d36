// A persistent MQTT session stays on the broker after its client is gone, and in a shared
// subscription it keeps taking its share of the sensors' records, which nobody reads. When
// ingest's client id changes, the old id connects once with a clean session: the broker
// throws the old session away.
import mqtt, { type IClientOptions } from 'mqtt';

export async function dropMqttSession(
  url: string,
  clientId: string,
  options: Pick<IClientOptions, 'username' | 'password' | 'ca' | 'cert' | 'key' | 'rejectUnauthorized'>,
): Promise<void> {
  const client = await mqtt.connectAsync(url, {
    ...options,
    clientId,
    clean: true,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  await client.endAsync();
}
