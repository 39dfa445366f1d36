// What the sensors' MQTT broker refused, heard from the broker itself. A packet over Mosquitto's
// max_packet_size never reaches ingest — the broker reads its header and disconnects the
// sender — so Portwatch learns of it from the broker's log, which Mosquitto publishes on
// $SYS/broker/log/<level> with `log_dest topic` (docker/mosquitto.conf; only Portwatch's
// account may read $SYS). Counted by reason, and each one logged with the client id.
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttCredentials } from '@portwatch/schema';

export const BROKER_REFUSAL_REASONS = ['oversize-packet'] as const;
export type BrokerRefusalReason = (typeof BROKER_REFUSAL_REASONS)[number];

/** Mosquitto's notices for what it refused (src/loop.c), after its "<time>: " prefix. */
const NOTICES: [RegExp, BrokerRefusalReason][] = [
  [/Client (.+) disconnected due to oversize packet/, 'oversize-packet'],
];

/** A line of the broker's log as a refusal (who and why), or null for anything else. */
export function brokerRefusalIn(line: string): { reason: BrokerRefusalReason; clientId: string } | null {
  for (const [pattern, reason] of NOTICES) {
    const m = pattern.exec(line);
    if (m) return { reason, clientId: m[1] };
  }
  return null;
}

export interface BrokerLogWatchOptions extends MqttCredentials {
  url: string;
  /** Its own client id (a clean session beside ingest's persistent one). */
  clientId: string;
  onRefused?: (reason: BrokerRefusalReason, clientId: string) => void;
}

/** Mosquitto logs refusals at level N (notice). */
export const BROKER_LOG_TOPIC = '$SYS/broker/log/N';

export class BrokerLogWatch {
  readonly refused: Record<BrokerRefusalReason, number> = { 'oversize-packet': 0 };
  private client: MqttClient | null = null;

  constructor(private readonly o: BrokerLogWatchOptions) {}

  /**
   * Connects and subscribes in the background: a broker that does not publish its log, or
   * refuses the subscription, leaves the counts at zero and ingest unaffected.
   */
  start(): void {
    const { url, clientId, username, password, ca, cert, key, rejectUnauthorized } = this.o;
    const client = mqtt.connect(url, {
      clientId,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 5000,
      connectTimeout: 10_000,
      username,
      password,
      ca,
      cert,
      key,
      rejectUnauthorized: rejectUnauthorized ?? true,
    });
    this.client = client;
    client.on('connect', () => void client.subscribeAsync(BROKER_LOG_TOPIC, { qos: 0 }).catch(() => {}));
    // Ingest reports the broker's state; this watcher has nothing to add to it.
    client.on('error', () => {});
    client.on('message', (_topic, payload) => {
      const refusal = brokerRefusalIn(payload.toString());
      if (!refusal) return;
      this.refused[refusal.reason]++;
      this.o.onRefused?.(refusal.reason, refusal.clientId);
    });
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = null;
    await c?.endAsync(true);
  }
}
