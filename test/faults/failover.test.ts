// Two workers in one consumer group split the zones; one is SIGKILLed; the survivor takes
// its partitions over, rebuilds the correlation windows from Kafka (seek by timestamp) and
// raises the incident whose indicators were split across the failover — once.
import { describe, it, expect, afterAll } from 'vitest';
import mqtt from 'mqtt';
import { encodeOnvifDoorAlarm } from '../../simulators/src/encoders/onvif.ts';
import { encodeEve } from '../../simulators/src/encoders/eve.ts';
import { KAFKA_BROKERS } from '../support/brokers.ts';
import { eventually } from '../support/system.ts';
import { deploy, owned, type Deployment } from './fixture.ts';

let d: Deployment | null = null;
afterAll(async () => d?.close());

describe('failover between two workers', () => {
  it('raises the incident split across the failover exactly once', async () => {
    d = await deploy(KAFKA_BROKERS);
    const share = { MQTT_SHARED_GROUP: `${d.ns}-workers` };
    const a = await d.startWorker({ ...share, MQTT_CLIENT_ID: `${d.ns}-a` });
    await eventually(async () => owned(a)?.length === 6, 60_000, 'worker A to own all partitions');

    // The physical half, seen by A only.
    const client = await mqtt.connectAsync(d.mqttUrl, { clientId: `${d.ns}-sensor` });
    const t0 = Date.now() - 120_000;
    await client.publishAsync(
      'valencia/access/DOOR-GN-01',
      encodeOnvifDoorAlarm({ time: new Date(t0), door: 'DOOR-GN-01', state: 'DoorForcedOpen' }),
      { qos: 1 },
    );
    await client.endAsync();
    await eventually(async () => (await d!.count()) >= 1, 30_000, 'the door alarm stored');

    const b = await d.startWorker({ ...share, MQTT_CLIENT_ID: `${d.ns}-b` });
    await eventually(
      async () => (owned(b)?.length ?? 0) > 0 && (owned(a)?.length ?? 0) < 6,
      60_000,
      'A and B to split the partitions',
    );
    await a.kill('SIGKILL');
    await eventually(async () => owned(b)?.length === 6, 90_000, 'B to take over all partitions');

    // The cyber half arrives after the failover, at B.
    await d.bus.publish('valencia.suricata.eve', [
      {
        key: null,
        timestamp: Date.now(),
        value: encodeEve({
          time: new Date(t0 + 60_000),
          kind: 'alert',
          host: 'ids-dc-01',
          srcIp: '10.20.4.77',
          srcPort: 51514,
          destIp: '10.20.3.20',
          destPort: 502,
          proto: 'TCP',
          signature: 'ET SCADA Modbus Write Multiple Coils from unauthorised host',
          signatureId: 2026900,
          category: 'Attempted Administrator Privilege Gain',
          severity: 1,
          flowId: 77,
        }),
      },
    ]);
    const incidents = await eventually(
      async () => {
        const { rows } = await d!.db.query<{ id: string; doc: { indicatorIds: string[] } }>(
          "SELECT id, doc FROM incidents WHERE rule_id = 'hybrid-zone-activity' AND zone_id = 'gate-north'",
        );
        return rows.length ? rows : null;
      },
      60_000,
      'the hybrid incident',
    );
    await new Promise((r) => setTimeout(r, 5000));
    const { rows } = await d.db.query(
      "SELECT id FROM incidents WHERE rule_id = 'hybrid-zone-activity' AND zone_id = 'gate-north'",
    );
    expect(rows).toHaveLength(1);
    expect(incidents[0].doc.indicatorIds).toHaveLength(2);
  }, 300_000);
});
