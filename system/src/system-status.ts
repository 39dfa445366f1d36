// What /health and /metrics say about this process: each component's state, and the
// Prometheus lines of the store writer, correlation, MQTT, the live socket, memory and the bus.
import { MemoryBus, type Bus, type EmbeddedBroker } from '@portwatch/ingest';
import type { ComponentStatus, Db, LiveHub, StoreWriter } from '@portwatch/api';
import { sessionMetrics } from './mqtt-session-metrics.ts';
import { memoryMetrics } from './memory-metrics.ts';
import type { WorkerRole } from './roles/worker-role.ts';

/** What this process runs; null (or absent) for what its role does not. */
export interface StatusSources {
  /** Which storage, when this process has the store. */
  storage: Db['kind'] | null;
  writer: StoreWriter | null;
  bus: Bus;
  worker: WorkerRole | null;
  embedded: EmbeddedBroker | null;
  hub: LiveHub;
  pgliteBytes?: () => number;
}

export function systemStatus(s: StatusSources): { components: () => ComponentStatus[]; metrics: () => string[] } {
  const { writer, bus, worker, embedded, hub } = s;
  const components = (): ComponentStatus[] => [
    ...(s.storage !== null
      ? [
          writer?.status.status === 'degraded'
            ? { name: 'storage', status: 'degraded' as const, detail: `${s.storage}: ${writer.status.detail}` }
            : { name: 'storage', status: 'up' as const, detail: s.storage },
        ]
      : []),
    { name: 'bus', status: 'up', detail: bus.kind },
    ...(worker
      ? [
          {
            name: 'mqtt',
            status: worker.ingest.mqttStatus === 'connected' ? ('up' as const) : ('degraded' as const),
            detail:
              worker.ingest.mqttStatus +
              (worker.ingest.mqttTakeovers ? `; session takeover suspected ${worker.ingest.mqttTakeovers}×` : '') +
              (worker.brokerLog?.refused['oversize-packet']
                ? `; the broker refused ${worker.brokerLog.refused['oversize-packet']} oversize packet(s)`
                : ''),
          },
        ]
      : []),
  ];
  const metrics = () => [
    ...(writer
      ? [
          '# HELP portwatch_store_writes_total Records written by the API store writer.',
          '# TYPE portwatch_store_writes_total counter',
          ...Object.entries(writer.stored).map(([k, v]) => `portwatch_store_writes_total{kind="${k}"} ${v}`),
        ]
      : []),
    ...(worker ? worker.correlate.metrics() : []),
    ...sessionMetrics(
      worker?.ingest.mqttTakeovers ?? null,
      embedded?.counters ?? null,
      worker?.brokerLog?.refused ?? null,
    ),
    '# HELP portwatch_live_clients WebSocket clients connected to /api/live.',
    '# TYPE portwatch_live_clients gauge',
    `portwatch_live_clients ${hub.size}`,
    ...memoryMetrics({ pgliteBytes: s.pgliteBytes, windows: worker?.windowStats }),
    ...(bus instanceof MemoryBus ? bus.metrics() : []),
  ];
  return { components, metrics };
}
