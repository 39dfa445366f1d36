// AIS payload armoring (ITU-R M.1371 / IEC 61162-1): each payload character carries six
// bits. The payload is unpacked once into a Uint8Array of sextets and fields are read
// straight from it, so a sentence never becomes a string of '0'/'1' characters (that is
// what makes naive decoders slow).

/** The AIS 6-bit text alphabet: value 0 is '@' (padding), 32 is space. */
const TEXT_ALPHABET = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !"#$%&\'()*+,-./0123456789:;<=>?';

/** A payload character's 6-bit value, or -1 when the character is not in the armor set. */
function sextetOf(code: number): number {
  // '0'..'W' map to 0..39, '`'..'w' to 40..63; everything else is outside the armor set.
  if (code >= 48 && code <= 87) return code - 48;
  if (code >= 96 && code <= 119) return code - 56;
  return -1;
}

export type Unarmored = { ok: true; bits: BitReader } | { ok: false; reason: string };

/**
 * Unpacks an armored payload. `fillBits` (0–5) are the pad bits the sender added to the
 * last character; they are not part of the message.
 */
export function unarmor(payload: string, fillBits: number): Unarmored {
  const sextets = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) {
    const value = sextetOf(payload.charCodeAt(i));
    if (value < 0)
      return { ok: false, reason: `invalid payload character ${JSON.stringify(payload[i])} at position ${i + 1}` };
    sextets[i] = value;
  }
  const bitLength = payload.length * 6 - fillBits;
  if (bitLength < 0) return { ok: false, reason: `fill bits ${fillBits} exceed the ${payload.length * 6}-bit payload` };
  return { ok: true, bits: new BitReader(sextets, bitLength) };
}

/** Big-endian field reader over unpacked sextets. Reads past the end yield zero bits. */
export class BitReader {
  constructor(
    private readonly sextets: Uint8Array,
    readonly length: number,
  ) {}

  /** Unsigned field of up to 32 bits starting at bit `start`. */
  uint(start: number, width: number): number {
    let value = 0;
    let bit = start;
    let remaining = width;
    while (remaining > 0) {
      const index = (bit / 6) | 0;
      const offset = bit - index * 6; // bits already consumed in this sextet
      const take = Math.min(6 - offset, remaining);
      const sextet = index < this.sextets.length && bit < this.length ? this.sextets[index] : 0;
      const chunk = (sextet >> (6 - offset - take)) & ((1 << take) - 1);
      // Multiplication instead of << keeps 31- and 32-bit fields positive.
      value = value * (1 << take) + chunk;
      bit += take;
      remaining -= take;
    }
    return value;
  }

  /** Two's-complement signed field. */
  int(start: number, width: number): number {
    const value = this.uint(start, width);
    const half = 2 ** (width - 1);
    return value >= half ? value - 2 * half : value;
  }

  bool(start: number): boolean {
    return this.uint(start, 1) === 1;
  }

  /**
   * 6-bit text of `chars` characters. Stops at the first '@' (the standard's padding) and
   * trims the trailing spaces many transmitters pad with instead (unless `trim` is false,
   * for a field that another field continues).
   */
  text(start: number, chars: number, trim = true): string {
    let out = '';
    for (let i = 0; i < chars; i++) {
      const bit = start + i * 6;
      if (bit + 6 > this.length) break;
      const value = this.uint(bit, 6);
      if (value === 0) break;
      out += TEXT_ALPHABET[value];
    }
    return trim ? out.trimEnd() : out;
  }
}
