// An incident kept open by activity for longer than the rebuild window, across a rebalance: a
// second worker joins, both start over and re-read REBUILD_WINDOW_S of their zones, and the
// incident goes on under its id — not a second incident raised from the part of its activity
// the window still holds. Both stages: hybrid-zone-activity (one zone, stage 1) and cloned-badge
// (across zones, stage 2). The records are dated back: Valencia's one-hour maritime rules need a
// 65 min window, and the incidents have been open for 80 min when the second worker joins.
import { describe, it, expect, afterAll } from 'vitest';
import mqtt from 'mqtt';
import { encodeOnvifAccess, encodeOnvifDoorAlarm } from '../../simulators/src/encoders/onvif.ts';
import { encodeEve } from '../../simulators/src/encoders/eve.ts';
import { KAFKA_BROKERS } from '../support/brokers.ts';
import { eventually } from '../support/system.ts';
import { deploy, owned, type Deployment } from './fixture.ts';

const MIN = 60_000;
let d: Deployment | null = null;
afterAll(async () => d?.close());

/** Every stored incident of a rule, oldest first. */
async function incidents(rule: string): Promise<{ id: string; doc: { indicatorIds: string[] } }[]> {
  const { rows } = await d!.db.query('SELECT id, doc FROM incidents WHERE rule_id = $1 ORDER BY first_seen', [rule]);
  return rows;
}

/** Waits until the rule's incidents hold `n` indicators between them (its activity was correlated). */
async function holds(rule: string, n: number): Promise<void> {
  await eventually(
    async () => new Set((await incidents(rule)).flatMap((r) => r.doc.indicatorIds)).size >= n,
    60_000,
    `${rule} with ${n} indicators`,
  );
}

describe('an incident open for longer than the rebuild window, across a rebalance', () => {
  it('keeps one id for each incident, in both correlation stages', async () => {
    d = await deploy(KAFKA_BROKERS);
    const share = { MQTT_SHARED_GROUP: `${d.ns}-workers`, REBUILD_WINDOW_S: '3900' };
    const a = await d.startWorker({ ...share, MQTT_CLIENT_ID: `${d.ns}-a` });
    await eventually(async () => owned(a)?.length === 6, 60_000, 'worker A to own all partitions');

    const sensors = await mqtt.connectAsync(d.mqttUrl, { clientId: `${d.ns}-sensors` });
    const badge = `BADGE-${d.ns}`;
    /** At `m` min from t0: a door forced and an IDS alert at the north gate, one badge at the north gate then the cruise terminal. */
    const activity = async (at: number) => {
      await sensors.publishAsync(
        'valencia/access/DOOR-GN-01',
        encodeOnvifDoorAlarm({ time: new Date(at), door: 'DOOR-GN-01', state: 'DoorForcedOpen' }),
        { qos: 1 },
      );
      await sensors.publishAsync(
        'valencia/access/AP-GN-01',
        encodeOnvifAccess({ time: new Date(at), accessPoint: 'AP-GN-01', badge, granted: true }),
        { qos: 1 },
      );
      await sensors.publishAsync(
        'valencia/access/AP-CT-01',
        encodeOnvifAccess({ time: new Date(at + MIN), accessPoint: 'AP-CT-01', badge, granted: true }),
        { qos: 1 },
      );
      await d!.bus.publish('valencia.suricata.eve', [
        {
          key: null,
          timestamp: Date.now(),
          value: encodeEve({
            time: new Date(at + MIN),
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
            flowId: at,
          }),
        },
      ]);
    };

    // Every 20 min for 80 min (each within the rules' 30 min suppression of the last): one
    // incident per rule, raised 100 min ago and still open.
    const t0 = Date.now() - 100 * MIN;
    for (let k = 0; k < 5; k++) {
      await activity(t0 + k * 20 * MIN);
      // In order: a record more than ALLOWED_LATENESS_S behind the newest would be late.
      await holds('hybrid-zone-activity', 2 * (k + 1));
      await holds('cloned-badge', 2 * (k + 1));
    }
    const before = {
      hybrid: (await incidents('hybrid-zone-activity')).map((r) => r.id),
      cloned: (await incidents('cloned-badge')).map((r) => r.id),
    };
    expect(before.hybrid).toHaveLength(1);
    expect(before.cloned).toHaveLength(1);

    // B joins: both workers start over and re-read the last 65 min (the activity since 35 min).
    const b = await d.startWorker({ ...share, MQTT_CLIENT_ID: `${d.ns}-b` });
    await eventually(
      async () => (owned(b)?.length ?? 0) > 0 && (owned(a)?.length ?? 0) < 6,
      60_000,
      'A and B to split the partitions',
    );
    await activity(t0 + 99 * MIN);
    await holds('hybrid-zone-activity', 12);
    await holds('cloned-badge', 12);
    await sensors.endAsync();
    // Anything raised twice would be stored by now.
    await new Promise((r) => setTimeout(r, 5000));
    const after = {
      hybrid: await incidents('hybrid-zone-activity'),
      cloned: await incidents('cloned-badge'),
    };
    expect(after.hybrid.map((r) => [r.id, r.doc.indicatorIds.length])).toEqual([[before.hybrid[0], 12]]);
    expect(after.cloned.map((r) => [r.id, r.doc.indicatorIds.length])).toEqual([[before.cloned[0], 12]]);
  }, 300_000);
});
