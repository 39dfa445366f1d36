// NotPetya (27 June 2017) stopped Maersk's APM Terminals at dozens of ports: a poisoned
// software update ran it on one machine, it took credentials and used EternalBlue to reach
// every Windows host it could, and an hour later those hosts rebooted into a fake disk check
// that encrypted them. Gates could not process trucks, cranes had no work orders.
// Here the terminal operating system is patient zero; from the data centre the worm reaches
// the gate's OCR portal and the terminals' yard workstations, and from those the crane OCR
// PCs. When each of them reboots, its zone goes dark in turn: the gate's ANPR lanes, then the
// MSC cranes' cameras, then APM's. The asset graph carries the TOS compromise to each zone
// (cascade); each zone's own worm traffic and its dark cameras make a hybrid incident too.
// The payload is flagged when the TOS's agent fails to quarantine it, the worm as soon as a
// third host is seen exploiting or sweeping SMB (2.6 minutes in): long before the first zone
// goes dark at 14.5.
import { encodeCefSyslog } from '../encoders/cef.ts';
import { encodeEve } from '../encoders/eve.ts';
import { encodeOnvifVideo } from '../encoders/onvif.ts';
import { encodePids } from '../encoders/pids.ts';
import { encodeZeekConn, encodeZeekNotice } from '../encoders/zeek.ts';
import { recorder, type Scenario } from '../scenario.ts';
import { SitePlan } from '../site-plan.ts';

const MIN = 60_000;
const TRIAL = {
  sid: 2024220,
  signature: 'ET EXPLOIT Possible ETERNALBLUE MS17-010 Echo Request (set)',
  category: 'A Network Trojan was detected',
};
const EXPLOIT = {
  sid: 2024297,
  signature: 'ET EXPLOIT ETERNALBLUE Exploit M2 MS17-010',
  category: 'Attempted Administrator Privilege Gain',
};

/** One hop of the worm: from an infected host to an address, from `at` (minutes) until the source reboots. */
interface Spread {
  from: 'tos' | 'tos2' | 'gate' | 'yard-msc' | 'yard-apm';
  to: string;
  at: number;
  /** The Suricata sensor on the path. */
  ids: string;
}

export const notpetyaCascade: Scenario = {
  id: 'notpetya-cascade',
  title: 'NotPetya-style worm from the terminal operating system: gate, MSC and APM terminals go dark in turn',
  sites: ['valencia'],
  basedOn:
    'NotPetya, 27 June 2017: the wiper that stopped A.P. Møller-Maersk and its APM Terminals worldwide (credential theft, EternalBlue/EternalRomance over SMB, scheduled reboot into a fake CHKDSK that encrypted the disk)',
  description:
    'The TOS server’s endpoint agent sees the NotPetya payload run and fail to be quarantined; the TOS sweeps its subnet for SMB (Zeek) and tries its clients behind the core firewall (denied). EternalBlue alerts follow it to the second TOS node, the gate-control server, both terminals’ yard workstations and (unsuccessfully) the CSP yard controller; the gate-control server passes it to the north gate OCR portal, the yard workstations to the crane OCR PCs, each infected host sweeping its own LAN. Each host reboots into the encrypting fake CHKDSK 10–17 minutes after infection: the north gate’s ANPR lanes go dark and trucks queue, then the MSC crane and yard cameras, then APM’s, with the fence controllers reporting faults. Expected: the ransomware on the TOS server the moment its agent fails to quarantine it (data-centre); the SMB worm spread, raised in data-centre when the third host (the gate-control server) sweeps its LAN; in gate-north, msc-terminal and apm-terminal each, the cascade from the TOS (through the asset graph) and a hybrid incident; csp-terminal is attacked but stays up, so it only gains risk.',
  durationMs: 25 * MIN,
  injects: [
    { atS: 0, title: 'Patient zero: ransomware on the terminal operating system server', feeds: ['cef', 'firewall'] },
    { atS: 90, title: 'EternalBlue spread host to host', feeds: ['suricata', 'zeek'] },
    { atS: 138, title: 'Infected hosts sweep their LANs for SMB', feeds: ['zeek'] },
    {
      atS: 720,
      title: 'Reboots zone by zone: gate, crane and yard cameras and fences lose their servers',
      feeds: ['video-analytics', 'perimeter'],
    },
  ],
  expected: () => [
    { ruleId: 'ransomware-detected', zoneId: 'data-centre', deadlineMs: 2 * MIN },
    { ruleId: 'smb-worm-spread', zoneId: 'data-centre', deadlineMs: 4 * MIN },
    // Each zone within two minutes of going dark (gate 14:30, MSC 17:00, APM 20:00 in).
    ...(
      [
        ['gate-north', 16],
        ['msc-terminal', 19],
        ['apm-terminal', 22],
      ] as const
    ).flatMap(([zoneId, min]) => [
      { ruleId: 'cyber-physical-cascade', zoneId, deadlineMs: min * MIN },
      { ruleId: 'hybrid-zone-activity', zoneId, deadlineMs: min * MIN },
    ]),
  ],
  build(ctx) {
    const r = recorder(ctx);
    const plan = new SitePlan(ctx.site);
    const hosts = {
      tos: plan.ip('tos-srv', 0),
      tos2: plan.ip('tos-srv', 1),
      gate: plan.ip('gate-control-srv'),
      ocr: plan.ip('gate-ocr-ctl'),
      'yard-msc': plan.ip('msc-yard-ws'),
      'yard-apm': plan.ip('apm-yard-ws'),
      cspYard: plan.ip('csp-yard-ctl'),
    };
    const port = () => ctx.rng.int(49152, 65535);
    const smbAlert = (offsetMs: number, ids: string, src: string, dst: string, sig: typeof TRIAL) =>
      r.at(offsetMs, 'suricata', ids, (t) =>
        encodeEve({
          time: t,
          kind: 'alert',
          host: ids,
          srcIp: src,
          srcPort: port(),
          destIp: dst,
          destPort: 445,
          proto: 'TCP',
          signature: sig.signature,
          signatureId: sig.sid,
          category: sig.category,
          severity: 1,
        }),
      );
    const scanNotice = (offsetMs: number, src: string, worker: string) =>
      r.at(offsetMs, 'zeek', 'zeek-01', (t) =>
        encodeZeekNotice({
          time: t,
          note: 'Scan::Address_Scan',
          msg: `${src} scanned at least 25 unique hosts on port 445/tcp in 0m${ctx.rng.int(20, 50)}s`,
          sub: 'local',
          src,
          port: 445,
          peer: worker,
        }),
      );
    const edr = (
      offsetMs: number,
      host: string,
      ip: string,
      name: string,
      severity: number,
      extra: Record<string, string>,
    ) =>
      r.at(offsetMs, 'cef', host, (t) =>
        encodeCefSyslog({
          time: t,
          host,
          vendor: 'Trend Micro',
          product: 'Deep Security Agent',
          version: '20.0.0',
          signatureId: 4000000,
          name,
          severity,
          extension: { dvc: ip, dvchost: host, ...extra },
        }),
      );

    // 1. Patient zero: the TOS's update service runs the payload; the agent cannot stop it.
    edr(0, 'tos-srv', hosts.tos, 'Ransom.Win32.PETYA.SMZTDC - quarantine failed', 8, {
      fname: 'perfc.dat',
      filePath: 'C:\\Windows\\perfc.dat',
      sproc: 'rundll32.exe',
      act: 'quarantine failed',
    });
    edr(20_000, 'tos-srv', hosts.tos, 'Suspicious scheduled task: shutdown.exe /r /f', 6, {
      sproc: 'schtasks.exe',
      act: 'log',
    });
    scanNotice(40_000, hosts.tos, 'worker-dc-1');
    // Its TOS clients in the offices (from its connection table) are behind the core firewall.
    for (const [i, last] of [21, 34, 35, 52, 58, 73, 90, 112].entries()) {
      r.at(50_000 + i * 2_500, 'firewall', 'dc-core-fw', (t) =>
        encodeCefSyslog({
          time: t,
          host: 'dc-core-fw',
          vendor: 'Fortinet',
          product: 'FortiGate',
          version: '7.2',
          signatureId: 13,
          name: 'Denied by policy',
          severity: 3,
          extension: {
            src: hosts.tos,
            spt: port(),
            dst: plan.host('port-authority-hq', last),
            dpt: 445,
            proto: 6,
            act: 'deny',
          },
        }),
      );
    }

    // 2. EternalBlue from host to host. A probe and an exploit each; the worm retries every
    //    few minutes until the source host reboots.
    // NotPetya schedules the reboot 10 to 60 minutes after it runs.
    const reboot: Record<string, number> = {
      tos: 12,
      tos2: 13,
      gate: 12,
      ocr: 14.5,
      'yard-msc': 17,
      'yard-apm': 20,
      'ocr-msc': 17,
      'ocr-apm': 20,
    };
    const spread: Spread[] = [
      { from: 'tos', to: hosts.tos2, at: 1.5, ids: 'ids-dc-01' },
      { from: 'tos', to: hosts.gate, at: 1.7, ids: 'ids-dc-01' },
      { from: 'tos', to: hosts['yard-msc'], at: 2.5, ids: 'ids-dc-01' },
      { from: 'tos', to: hosts['yard-apm'], at: 2.8, ids: 'ids-dc-01' },
      { from: 'tos2', to: hosts.cspYard, at: 4, ids: 'ids-dc-01' }, // not Windows: tried, never infected
      { from: 'gate', to: hosts.ocr, at: 4, ids: 'ids-dc-01' },
      { from: 'yard-msc', to: plan.host('msc-terminal', 71), at: 4.5, ids: 'ids-msc-01' },
      { from: 'yard-msc', to: plan.host('msc-terminal', 72), at: 4.7, ids: 'ids-msc-01' },
      { from: 'yard-apm', to: plan.host('apm-terminal', 71), at: 5, ids: 'ids-apm-01' },
    ];
    for (const s of spread) {
      for (let at = s.at; at < reboot[s.from]; at += 3) {
        smbAlert(at * MIN, s.ids, hosts[s.from], s.to, TRIAL);
        smbAlert(at * MIN + 1_500, s.ids, hosts[s.from], s.to, EXPLOIT);
        if (s.to === hosts.cspYard) {
          // The controller refuses SMB: Zeek logs the rejected connection.
          const uid = `C${Math.floor(ctx.rng.next() * 36 ** 10).toString(36)}`;
          r.at(at * MIN + 1_600, 'zeek', 'zeek-01', (t) =>
            encodeZeekConn({
              time: t,
              uid,
              origHost: hosts.tos2,
              origPort: port(),
              respHost: hosts.cspYard,
              respPort: 445,
              proto: 'tcp',
              connState: 'REJ',
              history: 'Sr',
            }),
          );
        }
      }
    }
    // 3. Every infected host sweeps its own LAN for SMB (Zeek: one notice per scanner an hour).
    scanNotice(2.3 * MIN, hosts.tos2, 'worker-dc-1');
    scanNotice(2.6 * MIN, hosts.gate, 'worker-dc-1');
    scanNotice(3.4 * MIN, hosts['yard-msc'], 'worker-msc-1');
    scanNotice(3.9 * MIN, hosts['yard-apm'], 'worker-apm-1');
    scanNotice(5.8 * MIN, hosts.ocr, 'worker-gate-1');
    scanNotice(5.6 * MIN, plan.host('msc-terminal', 71), 'worker-msc-1');
    scanNotice(6.1 * MIN, plan.host('apm-terminal', 71), 'worker-apm-1');

    // 4. The reboots, zone by zone. The north gate's OCR portal takes both ANPR lanes with it
    //    and trucks back up at the gate…
    const dark = (min: number, camera: string) =>
      r.at(min * MIN, 'video-analytics', camera, (t) =>
        encodeOnvifVideo({ time: t, camera, rule: 'Video source', kind: 'signal_loss' }),
      );
    dark(reboot.ocr, 'CAM-GN-01');
    dark(reboot.ocr + 0.1, 'CAM-GN-02');
    for (const min of [17, 20, 23])
      r.at(min * MIN, 'video-analytics', 'CAM-GN-03', (t) =>
        encodeOnvifVideo({ time: t, camera: 'CAM-GN-03', rule: 'Truck queue', kind: 'field' }),
      );
    // …the crane OCR PCs take the quay crane cameras, the yard workstations the yard cameras,
    // and the fence controllers on the same LANs lose their server.
    const fenceFault = (min: number, sensor: string) =>
      r.at(min * MIN, 'perimeter', sensor, (t) =>
        encodePids({ time: t, sensor, segment: 1, offsetM: 0, event: 'fault' }),
      );
    dark(reboot['ocr-msc'], 'CAM-MSC-01');
    dark(reboot['yard-msc'] + 0.3, 'CAM-MSC-02');
    fenceFault(reboot['yard-msc'] + 0.6, 'PIDS-MSC-1');
    dark(reboot['ocr-apm'], 'CAM-APM-01');
    dark(reboot['yard-apm'] + 0.2, 'CAM-APM-02');
    fenceFault(reboot['yard-apm'] + 0.5, 'PIDS-APM-1');
    return r.records();
  },
};
