// The walking skeleton's hybrid scenario at Valencia's north gate: an attacker on the port
// network writes to the gate barrier PLC, then intruders climb the fence and force the gate
// door while the camera watches the line being crossed.
import { encodeEve } from '../encoders/eve.ts';
import { encodeOnvifDoorAlarm, encodeOnvifVideo } from '../encoders/onvif.ts';
import { encodePids } from '../encoders/pids.ts';
import { recorder, type Scenario } from '../scenario.ts';

export const gateHybridIntrusion: Scenario = {
  id: 'gate-hybrid-intrusion',
  title: 'Gate barrier PLC tampering followed by a forced entry at the north gate',
  sites: ['valencia'],
  description:
    'A host on the HQ network sends Modbus writes to the gate barrier PLC (Suricata alert), then the north gate fence is climbed, the gate door is forced and a camera sees the line crossed. Expected in gate-north: the write to the barrier PLC from a host outside its engineering list, the fence breach, and the hybrid incident that joins them.',
  durationMs: 5 * 60_000,
  injects: [
    { atS: 0, title: 'Modbus write to the gate controller from an unlisted host', feeds: ['suricata'] },
    { atS: 45, title: 'Perimeter fence intrusion at the north gate', feeds: ['perimeter'] },
    { atS: 100, title: 'Gate door forced open', feeds: ['access-control'] },
    { atS: 120, title: 'Camera sees a person inside the gate area', feeds: ['video-analytics'] },
  ],
  expected: () => [
    { ruleId: 'ot-write-from-unlisted-host', zoneId: 'gate-north', deadlineMs: 2 * 60_000 },
    { ruleId: 'perimeter-breach', zoneId: 'gate-north', deadlineMs: 2 * 60_000 },
    { ruleId: 'hybrid-zone-activity', zoneId: 'gate-north', deadlineMs: 2 * 60_000 },
  ],
  build(ctx) {
    const r = recorder(ctx);
    const flowId = ctx.rng.int(1, 2 ** 31);
    r.at(0, 'suricata', 'ids-dc-01', (t) =>
      encodeEve({
        time: t,
        kind: 'alert',
        host: 'ids-dc-01',
        srcIp: '10.20.4.77',
        srcPort: ctx.rng.int(40000, 60000),
        destIp: '10.20.3.20',
        destPort: 502,
        proto: 'TCP',
        signature: 'ET SCADA Modbus Write Multiple Coils from unauthorised host',
        signatureId: 2026900,
        category: 'Attempted Administrator Privilege Gain',
        severity: 1,
        flowId,
      }),
    );
    r.at(45_000, 'perimeter', 'PIDS-GATE-N1', (t) =>
      encodePids({ time: t, sensor: 'PIDS-GATE-N1', segment: 3, offsetM: 41.5, event: 'climb' }),
    );
    r.at(100_000, 'access-control', 'DOOR-GN-01', (t) =>
      encodeOnvifDoorAlarm({ time: t, door: 'DOOR-GN-01', state: 'DoorForcedOpen' }),
    );
    r.at(120_000, 'video-analytics', 'CAM-GN-02', (t) =>
      encodeOnvifVideo({ time: t, camera: 'CAM-GN-02', rule: 'Gate lane', kind: 'line', objectId: 17 }),
    );
    return r.records();
  },
};
