// The SAURON pilot at Piraeus (13 February 2020, PPA cruise terminal): a cyber intrusion takes
// the Head of the Control Centre's PC, the CCTV and the passenger information system, so
// that armed intruders can reach the cruise ship's quay unseen. Everything happens in one
// zone, in both domains: the hybrid rule is what ties it together, early — when the first
// camera is blinded, before anyone is at the fence.
import { encodeCefSyslog } from '../encoders/cef.ts';
import { encodeEve } from '../encoders/eve.ts';
import { encodeOnvifVideo } from '../encoders/onvif.ts';
import { encodePids } from '../encoders/pids.ts';
import { encodeZeekConn, encodeZeekNotice } from '../encoders/zeek.ts';
import { recorder, type Scenario } from '../scenario.ts';
import { SitePlan } from '../site-plan.ts';

// Documentation addresses (RFC 5737) and names (RFC 2606) stand in for the attacker's.
const DROPPER = '203.0.113.45';
const C2 = '198.51.100.77';
const MIN = 60_000;

export const cruiseTerminalTakeover: Scenario = {
  id: 'cruise-terminal-takeover',
  title: 'Cruise terminal control-room PC, CCTV and passenger displays taken over, then intruders at the quay',
  // Piraeus is where it was demonstrated; Valencia's cruise terminal has the same chain
  // (control-room PC → passenger information system, terminal cameras, landside fence).
  sites: ['piraeus', 'valencia'],
  basedOn:
    'SAURON H2020 pilot at the Port of Piraeus cruise terminal, 13 February 2020 (cyber intrusion on the Head of the Control Centre’s PC, the CCTV and the passenger information system; armed intruders let onto the cruise ship dock)',
  description:
    'A macro document opened on the cruise terminal control-room PC calls home (Suricata alerts, Zeek sees the beacon every minute); from the PC the attacker sweeps the terminal LAN for cameras, turns the quay camera away and switches off the perimeter and gangway cameras, then replaces the passenger displays’ content (IDS alert and the PIS’s own audit record). A quarter of an hour later the landside fence is cut and crossed and people walk through the hall towards the quay. Expected in cruise-terminal: one hybrid incident, raised when the first camera is blinded and updated by the rest, and the perimeter breach when the fence is cut.',
  durationMs: 20 * MIN,
  injects: [
    { atS: 0, title: 'Phishing lure opened on the control-room PC', feeds: ['suricata'] },
    { atS: 45, title: 'Implant calls home; C2 beacons every minute', feeds: ['suricata', 'firewall', 'zeek'] },
    { atS: 180, title: 'RTSP camera sweep of the terminal LAN', feeds: ['zeek'] },
    { atS: 300, title: 'Cameras turned away and blinded over ONVIF', feeds: ['suricata', 'video-analytics'] },
    { atS: 480, title: 'Passenger information displays altered', feeds: ['suricata', 'cef'] },
    {
      atS: 960,
      title: 'Landside fence cut and climbed; intruders cross the passenger hall',
      feeds: ['perimeter', 'video-analytics'],
    },
  ],
  expected: () => [
    { ruleId: 'hybrid-zone-activity', zoneId: 'cruise-terminal', deadlineMs: 7 * MIN },
    { ruleId: 'perimeter-breach', zoneId: 'cruise-terminal', deadlineMs: 18 * MIN },
  ],
  build(ctx) {
    const r = recorder(ctx);
    const plan = new SitePlan(ctx.site);
    const pc = plan.ip('cruise-ctrl-pc');
    const pis = plan.ip('cruise-pis');
    const port = () => ctx.rng.int(49152, 65535);
    const alert = (
      offset: number,
      e: {
        src: string;
        dst: string;
        dport: number;
        signature: string;
        sid: number;
        category: string;
        severity: number;
        http?: { hostname: string; url: string; method?: string };
        sni?: string;
      },
    ) => {
      const sport = port();
      r.at(offset, 'suricata', 'ids-ct-01', (t) =>
        encodeEve({
          time: t,
          kind: 'alert',
          host: 'ids-ct-01',
          srcIp: e.src,
          srcPort: sport,
          destIp: e.dst,
          destPort: e.dport,
          proto: 'TCP',
          signature: e.signature,
          signatureId: e.sid,
          category: e.category,
          severity: e.severity,
          http: e.http,
          sni: e.sni,
        }),
      );
    };

    // 1. The lure: a macro-enabled "passenger manifest" fetched and opened on the PC.
    alert(0, {
      src: DROPPER,
      dst: pc,
      dport: 80,
      severity: 2,
      sid: 2026596,
      category: 'Potentially Bad Traffic',
      signature: 'ET HUNTING Office Document with Macro Downloaded over HTTP',
      http: { hostname: 'docs-share.example.com', url: '/cruise/Passenger_Manifest_Arrivals.docm' },
    });
    // 2. The implant calls home, then beacons every minute or so for the rest of the attack.
    alert(45_000, {
      src: pc,
      dst: C2,
      dport: 443,
      severity: 1,
      sid: 2032749,
      category: 'A Network Trojan was detected',
      signature: 'ET MALWARE Cobalt Strike Beacon Observed',
      sni: 'telemetry.example.net',
    });
    r.at(45_500, 'firewall', 'fw-edge-01', (t) =>
      encodeCefSyslog({
        time: t,
        host: 'fw-edge-01',
        vendor: 'Fortinet',
        product: 'FortiGate',
        version: '7.2',
        signatureId: 2,
        name: 'Allowed by policy',
        severity: 3,
        extension: { src: pc, dst: C2, dpt: 443, act: 'accept', app: 'HTTPS' },
      }),
    );
    for (let t = 45_000 + MIN; t < 20 * MIN; t += MIN + ctx.rng.int(-8_000, 8_000)) {
      const uid = `C${Math.floor(ctx.rng.next() * 36 ** 10).toString(36)}`;
      r.at(t, 'zeek', 'zeek-01', (at) =>
        encodeZeekConn({
          time: at,
          uid,
          origHost: pc,
          origPort: port(),
          respHost: C2,
          respPort: 443,
          proto: 'tcp',
          service: 'ssl',
          duration: 0.4 + ctx.rng.next(),
          origBytes: ctx.rng.int(300, 900),
          respBytes: ctx.rng.int(200, 2400),
          connState: 'SF',
          history: 'ShADadFf',
        }),
      );
    }
    // 3. From the PC: a sweep of the terminal LAN for RTSP cameras…
    r.at(3 * MIN, 'zeek', 'zeek-01', (t) =>
      encodeZeekNotice({
        time: t,
        note: 'Scan::Address_Scan',
        msg: `${pc} scanned at least 25 unique hosts on port 554/tcp in 0m38s`,
        sub: 'local',
        src: pc,
        port: 554,
        peer: 'worker-ct-1',
      }),
    );
    // …then ONVIF imaging and PTZ commands the VMS never sends: the quay camera is turned
    // away (its tamper detector fires), the perimeter and gangway cameras stop streaming.
    alert(5 * MIN, {
      src: pc,
      dst: plan.host('cruise-terminal', 61),
      dport: 80,
      severity: 2,
      sid: 1000201,
      category: 'Potentially Bad Traffic',
      signature: 'PORTWATCH LOCAL ONVIF PTZ/imaging command from a host that is not the VMS',
      http: { hostname: plan.host('cruise-terminal', 61), url: '/onvif/ptz_service', method: 'POST' },
    });
    r.at(5 * MIN + 20_000, 'video-analytics', 'CAM-CT-01', (t) =>
      encodeOnvifVideo({ time: t, camera: 'CAM-CT-01', rule: 'Quay apron', kind: 'tamper' }),
    );
    r.at(6 * MIN, 'video-analytics', 'CAM-CT-03', (t) =>
      encodeOnvifVideo({ time: t, camera: 'CAM-CT-03', rule: 'Video source', kind: 'signal_loss' }),
    );
    r.at(6 * MIN + 25_000, 'video-analytics', 'CAM-CT-04', (t) =>
      encodeOnvifVideo({ time: t, camera: 'CAM-CT-04', rule: 'Video source', kind: 'signal_loss' }),
    );
    // 4. The passenger displays: new content pushed to the PIS from the PC, outside the
    //    publishing schedule, under the control-room account; the PIS logs the change itself.
    alert(8 * MIN, {
      src: pc,
      dst: pis,
      dport: 80,
      severity: 2,
      sid: 1000202,
      category: 'Potentially Bad Traffic',
      signature: 'PORTWATCH LOCAL PIS playlist upload from a workstation outside the publishing schedule',
      http: { hostname: 'pis-cms.cruise.local', url: '/api/v1/displays/all/playlist', method: 'PUT' },
    });
    // The PIS writes CEF to the site's CEF collector, naming itself (dvc) and the client host.
    r.at(8 * MIN + 3_000, 'cef', 'cruise-pis', (t) =>
      encodeCefSyslog({
        time: t,
        host: 'cruise-pis',
        vendor: 'Port IT',
        product: 'Passenger Information System',
        version: '3.2',
        signatureId: 'PLAYLIST_REPLACED',
        name: 'All displays playlist replaced outside schedule',
        severity: 7,
        extension: {
          dvc: pis,
          shost: 'CT-CTRL-PC01',
          suser: 'ctrl.head',
          cs1Label: 'displays',
          cs1: 'all',
          msg: 'Boarding suspended - all passengers proceed to the quay exit',
        },
      }),
    );
    // 5. A quarter of an hour later: the landside fence under the dark perimeter camera is
    //    cut and climbed, people cross the passenger hall towards the quay (the hall camera
    //    still works), and where the site has one, the quay fence reports them too.
    r.at(16 * MIN, 'perimeter', 'PIDS-CT-1', (t) =>
      encodePids({ time: t, sensor: 'PIDS-CT-1', segment: 3, offsetM: 27.5, event: 'cut' }),
    );
    r.at(16 * MIN + 40_000, 'perimeter', 'PIDS-CT-1', (t) =>
      encodePids({ time: t, sensor: 'PIDS-CT-1', segment: 3, offsetM: 28.0, event: 'climb' }),
    );
    for (const [i, objectId] of [41, 42, 43].entries()) {
      r.at(17 * MIN + 30_000 + i * 4_000, 'video-analytics', 'CAM-CT-02', (t) =>
        encodeOnvifVideo({ time: t, camera: 'CAM-CT-02', rule: 'Hall to quay', kind: 'line', objectId }),
      );
    }
    if (plan.has('PIDS-CT-2'))
      r.at(18 * MIN + 30_000, 'perimeter', 'PIDS-CT-2', (t) =>
        encodePids({ time: t, sensor: 'PIDS-CT-2', segment: 2, offsetM: 14.0, event: 'intrusion' }),
      );
    return r.records();
  },
};
