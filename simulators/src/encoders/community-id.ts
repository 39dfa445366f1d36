// Community ID v1 (corelight/community-id-spec): a flow hash that Suricata and Zeek compute
// the same way, so simulated EVE and Zeek records of one flow can be correlated like real ones.
import { createHash } from 'node:crypto';

const PROTOCOL_NUMBERS: Record<string, number> = {
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  IPV6_ICMP: 58,
  'IPV6-ICMP': 58,
  SCTP: 132,
};

export function communityId(
  srcIp: string,
  srcPort: number,
  destIp: string,
  destPort: number,
  proto: string,
  seed = 0,
): string {
  const protocol = PROTOCOL_NUMBERS[proto.toUpperCase()] ?? 0;
  let a = addressBytes(srcIp);
  let b = addressBytes(destIp);
  let pa = srcPort;
  let pb = destPort;
  // The tuple is ordered so both directions of a flow hash alike.
  if (compare(a, b) > 0 || (compare(a, b) === 0 && pa > pb)) {
    [a, b] = [b, a];
    [pa, pb] = [pb, pa];
  }
  const head = Buffer.alloc(2);
  head.writeUInt16BE(seed);
  const tail = Buffer.alloc(6);
  tail.writeUInt8(protocol, 0);
  tail.writeUInt16BE(pa, 2);
  tail.writeUInt16BE(pb, 4);
  const digest = createHash('sha1').update(head).update(a).update(b).update(tail).digest('base64');
  return `1:${digest}`;
}

function compare(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b);
}

function addressBytes(ip: string): Buffer {
  if (ip.includes(':')) return ipv6Bytes(ip);
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new RangeError(`not an IPv4 address: ${ip}`);
  return Buffer.from(parts);
}

function ipv6Bytes(ip: string): Buffer {
  const [head, tail] = ip.split('::');
  const groups = (s: string | undefined) => (s === undefined || s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = groups(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) throw new RangeError(`not an IPv6 address: ${ip}`);
  const all = [...left, ...Array<string>(missing).fill('0'), ...right];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
