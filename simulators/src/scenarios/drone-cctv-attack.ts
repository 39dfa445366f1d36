// The PRAETORIAN Valencia exercise, shortened: an attacker exploits the CCTV video management
// server in the data centre and blinds the CSP container terminal cameras, then flies a drone
// over the CSP yard. The cyber compromise is in one zone, its effect and the physical act in
// another: only the asset graph (the VMS server drives the terminal cameras) connects them.
import { encodeEve } from '../encoders/eve.ts';
import { encodeOnvifVideo } from '../encoders/onvif.ts';
import { encodeRemoteId } from '../encoders/remoteid.ts';
import { recorder, type Scenario } from '../scenario.ts';

const ATTACKER = '185.220.101.47';
const VMS = '10.20.5.30';

export const droneCctvAttack: Scenario = {
  id: 'drone-cctv-attack',
  title: 'CCTV server compromised, terminal cameras blinded, drone over the CSP yard',
  sites: ['valencia'],
  basedOn: 'PRAETORIAN H2020 exercise at the Port of Valencia (drone plus cyberattack on CCTV and access control)',
  description:
    'Suricata sees an exploit against the video management server (data centre) and its command-and-control beacon; two CSP terminal cameras lose their signal; a drone then hovers over the CSP yard. Expected: the cyber-physical cascade in csp-terminal (through the asset graph) and the drone incident there.',
  durationMs: 12 * 60_000,
  injects: [
    { atS: 0, title: 'Exploit against the video management server', feeds: ['suricata'] },
    { atS: 40, title: 'Cobalt Strike beacon outbound from the VMS', feeds: ['suricata'] },
    { atS: 180, title: 'Two CSP terminal cameras lose their signal', feeds: ['video-analytics'] },
    { atS: 300, title: 'A drone hovers over the CSP yard', feeds: ['drones'] },
  ],
  expected: () => [
    { ruleId: 'cyber-physical-cascade', zoneId: 'csp-terminal', deadlineMs: 5 * 60_000 },
    { ruleId: 'drone-over-restricted-area', zoneId: 'csp-terminal', deadlineMs: 7 * 60_000 },
  ],
  build(ctx) {
    const r = recorder(ctx);
    const alert = (
      offset: number,
      srcIp: string,
      destIp: string,
      destPort: number,
      signature: string,
      signatureId: number,
      category: string,
    ) =>
      r.at(offset, 'suricata', 'ids-dc-01', (t) =>
        encodeEve({
          time: t,
          kind: 'alert',
          host: 'ids-dc-01',
          srcIp,
          srcPort: ctx.rng.int(40000, 60000),
          destIp,
          destPort,
          proto: 'TCP',
          signature,
          signatureId,
          category,
          severity: 1,
          flowId: ctx.rng.int(1, 2 ** 31),
        }),
      );
    alert(
      0,
      ATTACKER,
      VMS,
      443,
      'ET EXPLOIT Video management server authentication bypass attempt',
      2034501,
      'Attempted Administrator Privilege Gain',
    );
    alert(
      40_000,
      VMS,
      ATTACKER,
      8443,
      'ET MALWARE Cobalt Strike beacon outbound',
      2032749,
      'A Network Trojan was detected',
    );
    for (const [i, cam] of ['CAM-CSP-01', 'CAM-CSP-02'].entries()) {
      r.at(180_000 + i * 15_000, 'video-analytics', cam, (t) =>
        encodeOnvifVideo({ time: t, camera: cam, rule: 'Video source', kind: 'signal_loss' }),
      );
    }
    // The drone hovers over the yard, drifting a little, one Remote ID broadcast every 20 s.
    for (let k = 0; k < 12; k++) {
      r.at(300_000 + k * 20_000, 'drones', 'DRONE-CSP-01', (t) =>
        encodeRemoteId({
          time: t,
          uasId: '1596F3D8A2C71E04',
          lat: 39.442 + k * 0.0001,
          lon: -0.306 + k * 0.00005,
          height: 60,
          speed: 2,
          receiver: 'DRONE-CSP-01',
        }),
      );
    }
    return r.records();
  },
};
