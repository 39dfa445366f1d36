// Prometheus lines for the MQTT side's security counters: suspected session takeovers of
// ingest's client id, and what the broker refused — the embedded broker's own counts, or what
// an external broker's log said (BrokerLogWatch).
import type { BrokerRefusalReason, EmbeddedBrokerCounters } from '@portwatch/ingest';

export function sessionMetrics(
  takeovers: number | null,
  broker: EmbeddedBrokerCounters | null,
  externalRefusals: Record<BrokerRefusalReason, number> | null = null,
): string[] {
  const lines: string[] = [];
  if (takeovers !== null)
    lines.push(
      '# HELP portwatch_mqtt_session_takeovers_total Times the MQTT session of ingest looked taken by another client with its client id.',
      '# TYPE portwatch_mqtt_session_takeovers_total counter',
      `portwatch_mqtt_session_takeovers_total ${takeovers}`,
    );
  if (broker !== null)
    lines.push(
      '# HELP portwatch_embedded_mqtt_refused_total What the embedded MQTT broker refused, by reason.',
      '# TYPE portwatch_embedded_mqtt_refused_total counter',
      `portwatch_embedded_mqtt_refused_total{reason="packet-too-large"} ${broker.packetsTooLarge}`,
      `portwatch_embedded_mqtt_refused_total{reason="connection"} ${broker.refusedConnections}`,
      `portwatch_embedded_mqtt_refused_total{reason="retain-cleared"} ${broker.retainCleared}`,
    );
  if (externalRefusals !== null)
    lines.push(
      '# HELP portwatch_mqtt_broker_refused_total What the external MQTT broker refused, by reason, as its log on $SYS/broker/log says (every worker hears every refusal: do not sum across workers).',
      '# TYPE portwatch_mqtt_broker_refused_total counter',
      ...Object.entries(externalRefusals).map(
        ([reason, n]) => `portwatch_mqtt_broker_refused_total{reason="${reason}"} ${n}`,
      ),
    );
  return lines;
}
