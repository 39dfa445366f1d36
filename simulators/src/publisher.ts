// Sends capture records where real devices would: MQTT records to the MQTT broker, Kafka
// records to the bus (Kafka, or the in-process bus of the embedded default).
import mqtt, { type MqttClient } from 'mqtt';
import type { CaptureRecord, MqttCredentials } from '@portwatch/schema';

/** The part of the Bus interface a publisher needs (kept structural to avoid a dependency on ingest). */
export interface RecordBus {
  publish(
    topic: string,
    messages: { key: string | null; value: string; timestamp: number; headers?: Record<string, string> }[],
  ): Promise<void>;
}

export class RecordPublisher {
  private client: MqttClient | null = null;
  sent = { mqtt: 0, kafka: 0 };

  constructor(
    private mqttUrl: string | null,
    private bus: RecordBus | null,
    private clientId = `portwatch-sim-${process.pid}`,
    private credentials: MqttCredentials = {},
  ) {}

  /** Rejects with the MQTT client's error when the broker refuses (wrong password, untrusted certificate). */
  async connect(): Promise<void> {
    if (!this.mqttUrl) return;
    const { username, password, ca, cert, key, rejectUnauthorized } = this.credentials;
    this.client = await mqtt.connectAsync(this.mqttUrl, {
      clientId: this.clientId,
      clean: true,
      reconnectPeriod: 1000,
      username,
      password,
      ca,
      cert,
      key,
      rejectUnauthorized: rejectUnauthorized ?? true,
    });
  }

  /** `headers` go with every Kafka record (an exercise names itself in one). */
  async publish(records: CaptureRecord[], headers?: Record<string, string>): Promise<void> {
    const kafka = new Map<
      string,
      { key: string | null; value: string; timestamp: number; headers?: Record<string, string> }[]
    >();
    // Sent in order without waiting for each PUBACK in turn, as a sensor with a backlog would:
    // a broker may acknowledge a record only once it is stored.
    const acks: Promise<void>[] = [];
    for (const r of records) {
      if (r.via === 'mqtt') {
        if (!this.client) throw new Error('no MQTT broker configured for the simulator');
        acks.push(this.client.publishAsync(r.topic, r.payload, { qos: 1 }).then(() => void this.sent.mqtt++));
      } else {
        const list = kafka.get(r.topic) ?? [];
        list.push({
          key: r.key ?? null,
          value: r.payload,
          timestamp: Date.parse(r.t),
          ...(headers ? { headers } : {}),
        });
        kafka.set(r.topic, list);
      }
    }
    for (const [topic, messages] of kafka) {
      if (!this.bus) throw new Error('no Kafka bus configured for the simulator');
      await this.bus.publish(topic, messages);
      this.sent.kafka += messages.length;
    }
    await Promise.all(acks);
  }

  async close(): Promise<void> {
    await this.client?.endAsync();
    this.client = null;
  }
}
