// IPv4 as unsigned 32-bit integers: CIDR membership becomes one mask and compare, which is
// what the ingest hot path needs when it maps every alert's addresses to a zone.

export interface Cidr {
  network: number;
  mask: number;
  prefix: number;
}

export function parseIpv4(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    // Rejects '', '+1', ' 1', '01' (leading zeros are octal to some tools) and out-of-range octets.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function parseCidr(cidr: string): Cidr | null {
  const slash = cidr.indexOf('/');
  if (slash < 0) return null;
  const address = parseIpv4(cidr.slice(0, slash));
  const prefixText = cidr.slice(slash + 1);
  if (address === null || !/^(0|[1-9][0-9]?)$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > 32) return null;
  // `<< 32` is a no-op in JS, so /0 needs its own case.
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (address & mask) >>> 0, mask, prefix };
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return (address & cidr.mask) >>> 0 === cidr.network;
}

/** True when the address has bits set below the prefix, e.g. 10.0.0.5/24. */
export function hasHostBits(cidr: string): boolean {
  const parsed = parseCidr(cidr);
  const address = parseIpv4(cidr.slice(0, cidr.indexOf('/')));
  return parsed !== null && address !== null && parsed.network !== address;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const mask = a.prefix < b.prefix ? a.mask : b.mask;
  return (a.network & mask) >>> 0 === (b.network & mask) >>> 0;
}
