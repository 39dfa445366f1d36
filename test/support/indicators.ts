// Indicators put on the bus directly (tests below ingest): a Remote ID drone over Valencia's
// cruise terminal, the shape ingest makes of an ASTM F3411 broadcast.
import type { Indicator } from '@portwatch/schema';

export function droneIndicator(id: string, uasId: string, timeMs: number): Indicator {
  return {
    id,
    time: new Date(timeMs).toISOString(),
    ingestTime: new Date().toISOString(),
    mode: 'live',
    siteId: 'valencia',
    zoneId: 'cruise-terminal',
    domain: 'physical',
    type: 'drone.detected',
    title: `Drone ${uasId}`,
    severity: 3,
    confidence: 90,
    location: null,
    source: { feed: 'remote-id', format: 'remote-id', sensorId: 'RID-CT-01' },
    observables: [{ type: 'uas_id', value: uasId }],
    tags: [],
  };
}
