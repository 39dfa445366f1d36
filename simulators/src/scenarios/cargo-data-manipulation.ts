// Cargo data manipulation, as drug traffickers had it done at Antwerp (2011–2013): into the
// port's network, change the records of the containers that carry the load so that they are
// released without inspection, and let the ship come in unremarked. Here: a password spray on
// the staff Wi-Fi, a sweep of the data centre from the Wi-Fi client, injected customs-status
// changes in the port community system, and the feeder carrying those containers switching
// its AIS off on the approach, to reappear moored at the terminal twenty minutes later.
import { encodeCefSyslog } from '../encoders/cef.ts';
import { encodeEve } from '../encoders/eve.ts';
import { encodeAisPosition, encodeAisStatic } from '../encoders/nmea.ts';
import { encodeZeekNotice } from '../encoders/zeek.ts';
import { recorder, type Scenario } from '../scenario.ts';
import { SitePlan } from '../site-plan.ts';

const MIN = 60_000;
const ATTACKER_MAC = '3c:22:fb:9a:11:07';
/** Container numbers with valid ISO 6346 check digits: the ones whose customs hold is lifted. */
const CONTAINERS = ['MSCU7310426', 'TGHU8841500', 'CAIU6129770'];
const SPRAYED = [
  'a.ferrer',
  'j.ortega',
  'm.soler',
  'operaciones',
  'p.vidal',
  'admin',
  'r.marti',
  'c.navarro',
  'seguridad',
  'l.roig',
  'e.camps',
  'v.pons',
];
const FEEDER = { mmsi: 636021804, name: 'MARE EXEMPLUM', callsign: 'D5ZZ9' };

export const cargoDataManipulation: Scenario = {
  id: 'cargo-data-manipulation',
  title: 'Port Wi-Fi intrusion, customs holds lifted in the port community system, a feeder goes dark on the approach',
  sites: ['valencia'],
  basedOn:
    'The Antwerp container-terminal hacking case (2011–2013, disclosed by Belgian and Dutch police in 2013: traffickers had port IT breached to alter container data and collect cocaine shipments unchecked) and vessels switching AIS off before port calls (DESIGN.md scenario 3)',
  description:
    'At night a client on the staff Wi-Fi sprays passwords until one works (the RADIUS server logs each try), sweeps the data-centre network (the core firewall denies hundreds of probes, Zeek raises an address scan), then injects customs-status changes into the port community system (Suricata: SQL injection and status updates from a Wi-Fi address; the PCS logs the changes under a forwarder’s account). Twenty minutes later a feeder coming in from the anchorage stops transmitting AIS in the approach channel and is next heard moored in the inner basin. Expected: the Wi-Fi credential spraying and the port scan in port-authority-hq (where the Wi-Fi client is), the vessel gone dark in approach-channel, and — joining the PCS manipulation in the data centre to the vessel on the water — the cargo-tampering-then-dark incident in approach-channel.',
  durationMs: 56 * MIN,
  injects: [
    { atS: 0, title: 'Password spray against the staff Wi-Fi', feeds: ['cef'] },
    {
      atS: 300,
      title: 'SQL Server sweep of the data-centre network from the Wi-Fi client',
      feeds: ['firewall', 'zeek'],
    },
    {
      atS: 540,
      title: 'SQL injection and falsified customs status in the port community system',
      feeds: ['firewall', 'suricata', 'cef'],
    },
    {
      atS: 1200,
      title: 'The feeder comes in from the anchorage and goes dark in the approach channel',
      feeds: ['ais'],
    },
    { atS: 3000, title: 'The feeder is next heard moored at the container quay', feeds: ['ais'] },
  ],
  expected: () => [
    { ruleId: 'wifi-credential-spraying', zoneId: 'port-authority-hq', deadlineMs: 4 * MIN },
    { ruleId: 'port-scan', zoneId: 'port-authority-hq', deadlineMs: 7 * MIN },
    { ruleId: 'ais-gap-near-port', zoneId: 'approach-channel', deadlineMs: 33 * MIN },
    { ruleId: 'cargo-tampering-then-vessel-dark', zoneId: 'approach-channel', deadlineMs: 33 * MIN },
  ],
  build(ctx) {
    const r = recorder(ctx);
    const plan = new SitePlan(ctx.site);
    const wifiCtl = plan.ip('wifi-ctl');
    const pcs = plan.ip('pcs-app');
    const intruder = plan.host('port-authority-hq', 231); // the staff Wi-Fi DHCP pool
    const dcFw = 'dc-core-fw';
    const port = () => ctx.rng.int(49152, 65535);
    const radius = (offset: number, user: string, ok: boolean) =>
      r.at(offset, 'cef', 'wifi-ctl', (t) =>
        encodeCefSyslog({
          time: t,
          host: 'wifi-ctl',
          vendor: 'Aruba Networks',
          product: 'ClearPass',
          version: '6.11',
          signatureId: ok ? '0-1-0' : '0-1-1',
          name: ok ? 'RADIUS Authentication Accepted' : 'RADIUS Authentication Failed',
          severity: ok ? 3 : 5,
          extension: {
            dvc: wifiCtl,
            smac: ATTACKER_MAC,
            suser: user,
            cat: 'Wireless 802.1X',
            cs1Label: 'SSID',
            cs1: 'PORT-STAFF',
            outcome: ok ? 'success' : 'failure',
          },
        }),
      );

    // 1. Password spray against the staff SSID's 802.1X, one account after another.
    SPRAYED.forEach((user, i) => radius(i * 17_000 + ctx.rng.int(0, 4_000), user, false));
    radius(SPRAYED.length * 17_000 + 9_000, 'j.ortega', true);

    // 2. From its DHCP address the client sweeps the data-centre /24 for SQL Server, in
    //    random order; the core firewall denies (and logs) every probe.
    const sweepAt = 5 * MIN;
    const hosts = Array.from({ length: 254 }, (_, i) => i + 1);
    for (let i = hosts.length - 1; i > 0; i--) {
      const j = ctx.rng.int(0, i);
      [hosts[i], hosts[j]] = [hosts[j], hosts[i]];
    }
    hosts.forEach((last, i) => {
      r.at(sweepAt + Math.round(i * 140 + ctx.rng.next() * 100), 'firewall', dcFw, (t) =>
        encodeCefSyslog({
          time: t,
          host: dcFw,
          vendor: 'Fortinet',
          product: 'FortiGate',
          version: '7.2',
          signatureId: 13,
          name: 'Denied by policy',
          severity: 3,
          extension: {
            src: intruder,
            spt: port(),
            dst: plan.host('data-centre', last),
            dpt: 1433,
            proto: 6,
            act: 'deny',
          },
        }),
      );
    });
    r.at(sweepAt + 38_000, 'zeek', 'zeek-01', (t) =>
      encodeZeekNotice({
        time: t,
        note: 'Scan::Address_Scan',
        msg: `${intruder} scanned at least 25 unique hosts on port 1433/tcp in 0m36s`,
        sub: 'local',
        src: intruder,
        port: 1433,
        peer: 'worker-dc-1',
      }),
    );

    // 3. The PCS web API is open to the office network: SQL injection first, then customs
    //    status updates for three containers; the PCS audits them as a forwarder's changes.
    r.at(9 * MIN, 'firewall', dcFw, (t) =>
      encodeCefSyslog({
        time: t,
        host: dcFw,
        vendor: 'Fortinet',
        product: 'FortiGate',
        version: '7.2',
        signatureId: 2,
        name: 'Allowed by policy',
        severity: 3,
        extension: { src: intruder, spt: port(), dst: pcs, dpt: 443, proto: 6, act: 'accept', app: 'HTTPS' },
      }),
    );
    const pcsAlert = (offset: number, signature: string, sid: number, url: string, method: string) =>
      r.at(offset, 'suricata', 'ids-dc-01', (t) =>
        encodeEve({
          time: t,
          kind: 'alert',
          host: 'ids-dc-01',
          srcIp: intruder,
          srcPort: port(),
          destIp: pcs,
          destPort: 443,
          proto: 'TCP',
          signature,
          signatureId: sid,
          category: 'Web Application Attack',
          severity: 1,
          http: { hostname: 'pcs.valenciaport.local', url, method },
        }),
      );
    pcsAlert(
      10 * MIN,
      'ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT',
      2006446,
      '/api/v2/containers/search?bl=VLC24%27%20UNION%20SELECT%20user,token%20FROM%20sessions--',
      'GET',
    );
    CONTAINERS.forEach((container, i) => {
      const at = 12 * MIN + i * 50_000;
      pcsAlert(
        at,
        'PORTWATCH LOCAL PCS customs status update from a Wi-Fi client address',
        1000301,
        `/api/v2/containers/${container}/customs-status`,
        'PUT',
      );
      r.at(at + 1_200, 'cef', 'pcs-app', (t) =>
        encodeCefSyslog({
          time: t,
          host: 'pcs-app',
          vendor: 'Valenciaport',
          product: 'ValenciaportPCS',
          version: '4.8',
          signatureId: 'CUSTOMS_STATUS_CHANGED',
          name: 'Container customs status changed',
          severity: 3,
          extension: {
            dvc: pcs,
            suser: 'fwd.agent17',
            cs1Label: 'container',
            cs1: container,
            cs2Label: 'status',
            cs2: 'INSPECTION -> RELEASED',
            msg: `Release PIN reissued for ${container}`,
          },
        }),
      );
    });

    // 4. The feeder carrying them comes in from the anchorage at 9.5 kn, heard by the
    //    breakwater receiver every 10 s, and stops transmitting inside the approach channel.
    const receiver = 'AIS-VLC-01';
    const ais = (offset: number, sentences: (unixTime: number) => string[]) => {
      const t = ctx.start + offset;
      for (const s of sentences(Math.floor(t / 1000))) r.at(offset, 'ais', receiver, s);
    };
    const tag = (unixTime: number) => ({ tagBlock: { source: receiver, unixTime } });
    const static5 = (offset: number) =>
      ais(offset, (u) =>
        encodeAisStatic(
          {
            mmsi: FEEDER.mmsi,
            imo: null,
            callsign: FEEDER.callsign,
            name: FEEDER.name,
            shipType: 70,
            destination: 'ESVLC',
            draught: 9.8,
            dimensions: { toBow: 120, toStern: 28, toPort: 12, toStarboard: 12 },
          },
          { ...tag(u), channel: 'B', sequenceId: 3 },
        ),
      );
    const inbound = { at: 20 * MIN, lat: 39.4497, fromLon: -0.262, toLon: -0.292, sog: 9.5 };
    const nmPerDegLon = 60 * Math.cos((inbound.lat * Math.PI) / 180);
    const legMs = (((inbound.fromLon - inbound.toLon) * nmPerDegLon) / inbound.sog) * 3_600_000;
    static5(inbound.at - 5_000);
    for (let dt = 0; dt <= legMs; dt += 10_000) {
      const lon = inbound.fromLon + (inbound.toLon - inbound.fromLon) * (dt / legMs);
      const t = ctx.start + inbound.at + dt;
      ais(inbound.at + dt, (u) =>
        encodeAisPosition(
          {
            mmsi: FEEDER.mmsi,
            lat: inbound.lat + (ctx.rng.next() - 0.5) * 0.00002,
            lon,
            sog: inbound.sog,
            cog: 270,
            heading: 271,
            navStatus: 0,
            second: new Date(t).getUTCSeconds(),
          },
          tag(u),
        ),
      );
    }
    // 5. Next heard moored in the inner basin, alongside the container quay.
    for (const offset of [50 * MIN, 53 * MIN]) {
      const t = ctx.start + offset;
      ais(offset, (u) =>
        encodeAisPosition(
          {
            mmsi: FEEDER.mmsi,
            lat: 39.44,
            lon: -0.3102,
            sog: 0,
            cog: 0,
            heading: 181,
            navStatus: 5,
            second: new Date(t).getUTCSeconds(),
          },
          tag(u),
        ),
      );
    }
    static5(50 * MIN + 6_000);
    return r.records();
  },
};
