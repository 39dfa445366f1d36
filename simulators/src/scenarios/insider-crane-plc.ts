// An insider with a cloned badge: at the start of the early shift a crane technician's badge
// is granted at the north gate, and a minute later at the APM terminal entrance three
// kilometres away — one of the two is a copy. Later in the same shift a laptop on the APM crane
// network reads, then rewrites, the registers of a ship-to-shore crane's PLC. The badge and
// the writes from a host outside the PLC's engineering list are two incidents; joining them
// (same shift, same zone) is left to incident grouping.
import { encodeEve } from '../encoders/eve.ts';
import { encodeOnvifAccess } from '../encoders/onvif.ts';
import { encodeZeekConn } from '../encoders/zeek.ts';
import { recorder, type Scenario } from '../scenario.ts';
import { SitePlan } from '../site-plan.ts';

const MIN = 60_000;
// Outside the background's badge range (BADGE-004000…006793): no routine swipe of it.
const BADGE = 'BADGE-007311';
const HOLDER = 'J. Ferrer';

export const insiderCranePlc: Scenario = {
  id: 'insider-crane-plc',
  title: 'Cloned badge at the north gate and the APM terminal a minute apart, then crane PLC writes in the same shift',
  sites: ['valencia'],
  basedOn:
    'Insider cases: the Maroochy Shire sewage SCADA sabotage (Queensland, 2000: a former contractor sent unauthorised commands to field controllers) and corrupted port insiders giving criminals access, as Europol’s 2023 report “Criminal networks in EU ports” describes (DESIGN.md scenario 5)',
  description:
    'The same badge is granted at the north gate and, 75 seconds later, at the APM terminal entrance some 3 km away (access control). Twenty minutes on, a laptop on the APM terminal LAN polls the crane 1 PLC over Modbus (Zeek connections) and then writes its registers three times (Suricata: Modbus writes from a host outside the engineering list). Expected in apm-terminal: the cloned-badge incident, where the second grant was, and the OT write from an unlisted host when the laptop first writes the PLC.',
  durationMs: 30 * MIN,
  injects: [
    { atS: 0, title: 'The badge is granted at the north gate', feeds: ['access-control'] },
    { atS: 75, title: 'The same badge opens the APM terminal gate 3 km away', feeds: ['access-control'] },
    { atS: 1200, title: 'A laptop on the APM LAN polls the crane PLC over Modbus', feeds: ['zeek'] },
    { atS: 1440, title: 'The laptop rewrites the crane PLC registers', feeds: ['suricata'] },
    { atS: 1620, title: 'The genuine holder badges in at the north gate again', feeds: ['access-control'] },
  ],
  expected: () => [
    { ruleId: 'cloned-badge', zoneId: 'apm-terminal', deadlineMs: 3 * MIN },
    { ruleId: 'ot-write-from-unlisted-host', zoneId: 'apm-terminal', deadlineMs: 26 * MIN },
  ],
  build(ctx) {
    const r = recorder(ctx);
    const plan = new SitePlan(ctx.site);
    const plc = plan.ip('apm-crane-plc-01');
    const laptop = plan.host('apm-terminal', 213);
    const grant = (offset: number, reader: string) =>
      r.at(offset, 'access-control', reader, (t) =>
        encodeOnvifAccess({ time: t, accessPoint: reader, badge: BADGE, holder: HOLDER, granted: true }),
      );

    // 1. The badge holder drives in through the north gate; the copy opens the APM gate.
    grant(0, 'AP-GN-01');
    grant(75_000, 'AP-APM-01');
    // The genuine holder goes on working at the gate later in the shift.
    grant(27 * MIN, 'AP-GN-02');

    // 2. From a laptop on the terminal LAN: Modbus polls of the crane PLC (normal reads)…
    // Consecutive source ports (polls, then writes at +10…+12), all of them valid.
    const sport = ctx.rng.int(49152, 65535 - 12);
    for (let k = 0; k < 6; k++) {
      const uid = `C${Math.floor(ctx.rng.next() * 36 ** 10).toString(36)}`;
      r.at(20 * MIN + k * 30_000, 'zeek', 'zeek-01', (t) =>
        encodeZeekConn({
          time: t,
          uid,
          origHost: laptop,
          origPort: sport + k,
          respHost: plc,
          respPort: 502,
          proto: 'tcp',
          service: 'modbus',
          duration: 0.08,
          origBytes: 36,
          respBytes: 261,
          connState: 'SF',
          history: 'ShADadFf',
        }),
      );
    }
    // …then writes to the hoist load-limit and twistlock-interlock registers, which only
    // the crane maintenance laptop may send (a site rule in Suricata's local rules).
    for (const [i, offset] of [24 * MIN, 24 * MIN + 40_000, 25 * MIN + 30_000].entries()) {
      r.at(offset, 'suricata', 'ids-apm-01', (t) =>
        encodeEve({
          time: t,
          kind: 'alert',
          host: 'ids-apm-01',
          srcIp: laptop,
          srcPort: sport + 10 + i,
          destIp: plc,
          destPort: 502,
          proto: 'TCP',
          signature:
            i === 2
              ? 'PORTWATCH LOCAL Modbus Write Single Coil to a crane PLC from a host outside the engineering list'
              : 'PORTWATCH LOCAL Modbus Write Multiple Registers to a crane PLC from a host outside the engineering list',
          signatureId: i === 2 ? 1000502 : 1000501,
          category: 'Attempted Administrator Privilege Gain',
          severity: 1,
        }),
      );
    }
    return r.records();
  },
};
