// Real-format records for delivery tests: each produces exactly one indicator.
import { encodeOnvifAccess } from '../../simulators/src/encoders/onvif.ts';
import { encodeEve } from '../../simulators/src/encoders/eve.ts';

const READERS = [
  'AP-CT-01',
  'AP-CT-02',
  'AP-FT-01',
  'AP-GN-01',
  'AP-GN-02',
  'AP-DC-01',
  'AP-HQ-01',
  'AP-MSC-01',
  'AP-CSP-01',
  'AP-APM-01',
];
const TAPS = ['ids-ct-01', 'ids-dc-01', 'ids-hq-01', 'ids-msc-01', 'ids-csp-01', 'ids-apm-01'];
const NETS = ['10.20.1', '10.20.5', '10.20.4', '10.20.6', '10.20.7', '10.20.8'];

/**
 * The n-th badge swipe: MQTT topic and ONVIF payload. By default each swipe is a badge of its
 * own, 10 ms after the one before; `gapMs` and `badges` (a population the swipes cycle
 * through) make steadier traffic. With `badges` a multiple of the readers, a badge always
 * swipes at the same reader.
 */
export function badgeRecord(
  n: number,
  base: number,
  opts: { gapMs?: number; badges?: number } = {},
): { topic: string; payload: string } {
  const reader = READERS[n % READERS.length];
  const badge = opts.badges ? n % opts.badges : n;
  return {
    topic: `valencia/access/${reader}`,
    payload: encodeOnvifAccess({
      time: new Date(base + Math.floor(n * (opts.gapMs ?? 10))),
      accessPoint: reader,
      badge: `BADGE-${String(badge).padStart(6, '0')}`,
      granted: true,
    }),
  };
}

/** Readers badgeRecord cycles through. */
export const BADGE_READERS = READERS.length;

/** The n-th low-severity Suricata alert (EVE JSON) for the Kafka raw topic. */
export function eveRecord(n: number, base: number): string {
  const i = n % TAPS.length;
  return encodeEve({
    time: new Date(base + n * 10),
    kind: 'alert',
    host: TAPS[i],
    srcIp: `${NETS[i]}.${100 + (n % 100)}`,
    srcPort: 30000 + (n % 30000),
    destIp: '93.184.216.34',
    destPort: 443,
    proto: 'TCP',
    signature: 'ET POLICY curl User-Agent Outbound',
    signatureId: 2013028,
    category: 'Attempted Information Leak',
    severity: 3,
    flowId: 1_000_000 + n,
  });
}
