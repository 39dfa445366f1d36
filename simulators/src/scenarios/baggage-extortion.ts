// Baggage-handling extortion at an airport, at night (DESIGN.md scenario 6): SATIE's Zagreb
// pilot exercised ransomware and DDoS against the baggage-handling controllers. Ransomware
// crews go in through the remote access a BHS vendor keeps for maintenance (as in the 2023
// attacks on airport and logistics OT); here a vendor VPN account logs in at 02:00, a
// remote-desktop session reaches the BHS SCADA server, and the payload runs there. It spreads
// over SMB to the two operator stations and the baggage hall's video recorder, encrypts them
// (the hall's cameras go dark), and floods the sorter and make-up PLCs so that the belts
// stop: the ransom note promises the flood ends when the airport pays, before the morning wave.
import { encodeCefSyslog } from '../encoders/cef.ts';
import { encodeEve } from '../encoders/eve.ts';
import { encodeOnvifVideo } from '../encoders/onvif.ts';
import { encodeZeekConn, encodeZeekNotice } from '../encoders/zeek.ts';
import { recorder, type Scenario } from '../scenario.ts';
import { SitePlan } from '../site-plan.ts';

const MIN = 60_000;
/** Where the vendor VPN account logs in from: a documentation address (RFC 5737). */
const ATTACKER = '203.0.113.66';
/** The VPN pool address the attacker's session is given. */
const VPN_POOL = 200;

export const baggageExtortion: Scenario = {
  id: 'baggage-extortion',
  title: 'Ransomware and DDoS against the baggage-handling controllers at night: the sorter stops',
  sites: ['zagreb-airport'],
  basedOn:
    'The SATIE project’s pilot at Zagreb Franjo Tuđman Airport (EU H2020, 2019–2022), which exercised ransomware and DDoS against the baggage-handling system’s controllers; ransomware entering OT through vendor remote access (DESIGN.md scenario 6)',
  description:
    'At night a BHS vendor’s VPN account logs in from abroad (firewall), and a remote-desktop session reaches the BHS SCADA server in the data centre (Zeek). Its endpoint agent sees LockBit run and fails to quarantine it. From the server the ransomware sweeps the BHS network for SMB and copies itself to both operator stations and the hall’s video recorder, which sweep in turn (Zeek, Suricata); their agents report files being encrypted, and the baggage-hall cameras on that recorder go dark. The infected stations then flood the sorter and make-up PLCs (the BHS firewall reports SYN floods) and the belts stop. Expected: the ransomware in data-centre and in baggage-hall; in baggage-hall the SMB worm spread (when the third host sweeps), the denial of service against the controllers, the cascade from the BHS SCADA server (asset graph) and the hybrid incident (encryption and floods with the cameras dark).',
  durationMs: 24 * MIN,
  injects: [
    {
      atS: 0,
      title: 'The vendor VPN account logs in from abroad; RDP to the SCADA server follows',
      feeds: ['firewall', 'zeek'],
    },
    {
      atS: 300,
      title: 'Ransomware payload runs on the SCADA server; the endpoint agent cannot stop it',
      feeds: ['firewall', 'zeek'],
    },
    { atS: 360, title: 'SMB spread to the operator stations and the video recorder', feeds: ['suricata'] },
    { atS: 660, title: 'Encryption: baggage-hall cameras on that recorder go dark', feeds: ['video-analytics'] },
    { atS: 780, title: 'DoS flood against the PLCs; the belts stop', feeds: ['firewall'] },
    { atS: 960, title: 'The EDS-line camera sees bags piling up', feeds: ['video-analytics'] },
  ],
  expected: () => [
    { ruleId: 'ransomware-detected', zoneId: 'data-centre', deadlineMs: 7 * MIN },
    { ruleId: 'ransomware-detected', zoneId: 'baggage-hall', deadlineMs: 11 * MIN },
    { ruleId: 'smb-worm-spread', zoneId: 'baggage-hall', deadlineMs: 10 * MIN },
    { ruleId: 'dos-against-ot', zoneId: 'baggage-hall', deadlineMs: 16 * MIN },
    { ruleId: 'cyber-physical-cascade', zoneId: 'baggage-hall', deadlineMs: 13 * MIN },
    { ruleId: 'hybrid-zone-activity', zoneId: 'baggage-hall', deadlineMs: 13 * MIN },
  ],
  build(ctx) {
    const r = recorder(ctx);
    const plan = new SitePlan(ctx.site);
    const scada = plan.ip('bhs-scada-srv');
    const vpn = plan.host('data-centre', VPN_POOL);
    const hmi1 = plan.ip('bhs-hmi-01');
    const hmi2 = plan.ip('bhs-hmi-02');
    const nvr = plan.host('baggage-hall', 40);
    const sorter = plan.ip('bhs-plc-sorter');
    const makeup = plan.ip('bhs-plc-makeup');
    const port = () => ctx.rng.int(49152, 65535);
    const uid = () => `C${Math.floor(ctx.rng.next() * 36 ** 10).toString(36)}`;
    const fortigate = (offsetMs: number, host: string, id: number, name: string, severity: number, ext: object) =>
      r.at(offsetMs, 'firewall', host, (t) =>
        encodeCefSyslog({
          time: t,
          host,
          vendor: 'Fortinet',
          product: 'FortiGate',
          version: '7.2',
          signatureId: id,
          name,
          severity,
          extension: ext as Record<string, string | number>,
        }),
      );
    const edr = (offsetMs: number, host: string, ip: string, name: string, severity: number, extra: object) =>
      r.at(offsetMs, 'firewall', host, (t) =>
        encodeCefSyslog({
          time: t,
          host,
          vendor: 'Trend Micro',
          product: 'Deep Security Agent',
          version: '20.0.0',
          signatureId: 4000000,
          name,
          severity,
          extension: { dvc: ip, dvchost: host, ...extra } as Record<string, string | number>,
        }),
      );
    const sweep = (offsetMs: number, src: string) =>
      r.at(offsetMs, 'zeek', 'zeek-01', (t) =>
        encodeZeekNotice({
          time: t,
          note: 'Scan::Address_Scan',
          msg: `${src} scanned at least 25 unique hosts on port 445/tcp in 0m${ctx.rng.int(15, 45)}s`,
          sub: 'local',
          src,
          port: 445,
          peer: 'worker-bhs-1',
        }),
      );

    // 1. The vendor's VPN account logs in from abroad; RDP to the SCADA server follows.
    fortigate(0, 'fw-edge-01', 39947, 'SSL VPN tunnel up', 3, {
      src: ATTACKER,
      duser: 'bhs-vendor-svc',
      c6a2: vpn,
      act: 'tunnel-up',
      cs1Label: 'vpntype',
      cs1: 'ssl-tunnel',
    });
    r.at(2 * MIN, 'zeek', 'zeek-01', (t) =>
      encodeZeekConn({
        time: t,
        uid: uid(),
        origHost: vpn,
        origPort: port(),
        respHost: scada,
        respPort: 3389,
        proto: 'tcp',
        service: 'rdp',
        duration: 1260.4,
        origBytes: 2_104_331,
        respBytes: 18_220_907,
        connState: 'SF',
      }),
    );

    // 2. The payload on the SCADA server: the agent cannot stop it.
    edr(5 * MIN, 'bhs-scada-srv', scada, 'Ransom.Win32.LOCKBIT.YXDBJ - quarantine failed', 8, {
      fname: 'bhs_update.exe',
      filePath: 'C:\\ProgramData\\bhs_update.exe',
      sproc: 'explorer.exe',
      act: 'quarantine failed',
    });
    sweep(5.5 * MIN, scada);
    // 3. Over SMB to the operator stations and the video recorder (PsExec-style service creation).
    for (const [k, dst] of [hmi1, hmi2, nvr].entries()) {
      r.at(6 * MIN + k * 20_000, 'suricata', 'ids-bh-01', (t) =>
        encodeEve({
          time: t,
          kind: 'alert',
          host: 'ids-bh-01',
          srcIp: scada,
          srcPort: port(),
          destIp: dst,
          destPort: 445,
          proto: 'TCP',
          signature: 'PORTWATCH LOCAL SMB remote service creation (PsExec-style) towards a BHS host',
          signatureId: 9000310,
          category: 'Attempted Administrator Privilege Gain',
          severity: 1,
        }),
      );
    }
    sweep(7.5 * MIN, hmi1);
    sweep(8 * MIN, hmi2);
    // 4. Encryption: the stations and the recorder; the hall's cameras on that recorder go dark.
    edr(9 * MIN, 'bhs-hmi-01', hmi1, 'Ransom.Win32.LOCKBIT.YXDBJ - file encryption behaviour', 9, {
      act: 'log',
    });
    edr(9.5 * MIN, 'bhs-hmi-02', hmi2, 'Ransom.Win32.LOCKBIT.YXDBJ - file encryption behaviour', 9, {
      act: 'log',
    });
    for (const [k, camera] of ['CAM-BH-01', 'CAM-BH-02'].entries())
      r.at(11 * MIN + k * 15_000, 'video-analytics', camera, (t) =>
        encodeOnvifVideo({ time: t, camera, rule: 'Video source', kind: 'signal_loss' }),
      );

    // 5. The flood: the infected stations hammer the PLCs' S7 port; the BHS firewall reports it
    //    every 20 s per target while it lasts. The belts stop.
    for (let at = 13 * MIN; at < 22 * MIN; at += 20_000) {
      for (const [src, dst] of [
        [hmi1, sorter],
        [hmi2, makeup],
      ])
        fortigate(at + ctx.rng.int(0, 3_000), 'bhs-ot-fw', 18432, 'tcp_syn_flood', 8, {
          src,
          dst,
          dpt: 102,
          proto: 6,
          act: 'clear_session',
          cnt: ctx.rng.int(4_000, 9_000),
        });
    }
    // The camera over the EDS line, on another recorder, sees the bags piling up.
    r.at(16 * MIN, 'video-analytics', 'CAM-BH-03', (t) =>
      encodeOnvifVideo({ time: t, camera: 'CAM-BH-03', rule: 'Conveyor jam', kind: 'field' }),
    );
    return r.records();
  },
};
