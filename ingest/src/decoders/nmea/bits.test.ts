import { describe, expect, it } from 'vitest';
import { unarmor, type BitReader } from './bits.ts';

function bits(payload: string, fill = 0): BitReader {
  const result = unarmor(payload, fill);
  if (!result.ok) throw new Error(result.reason);
  return result.bits;
}

describe('6-bit armoring', () => {
  it('maps both halves of the armor alphabet', () => {
    // '0' is 0, 'W' is 39, '`' is 40, 'w' is 63.
    expect(bits('0W`w').uint(0, 24)).toBe(0b000000_100111_101000_111111);
  });

  it('subtracts fill bits from the length', () => {
    expect(bits('88888888880', 2).length).toBe(64);
  });

  it('rejects characters outside the armor set and impossible fill', () => {
    expect(unarmor('15RT x', 0)).toEqual({ ok: false, reason: 'invalid payload character " " at position 5' });
    expect(unarmor('X', 0)).toMatchObject({ ok: false });
    expect(unarmor('1', 5).ok).toBe(true);
  });
});

describe('BitReader', () => {
  it('reads fields across character boundaries, up to 32 bits, unsigned', () => {
    const r = bits('wwwwww');
    expect(r.uint(3, 30)).toBe(2 ** 30 - 1);
    expect(r.uint(0, 32)).toBe(2 ** 32 - 1);
  });

  it('reads two’s-complement signed fields', () => {
    const r = bits('w0'); // 111111 000000
    expect(r.int(0, 6)).toBe(-1);
    expect(r.int(4, 4)).toBe(-4); // 1100
    expect(r.int(6, 6)).toBe(0);
  });

  it('reads past the end as zeros instead of failing', () => {
    expect(bits('w').uint(6, 12)).toBe(0);
  });

  it('decodes 6-bit text, stopping at @ and trimming padding spaces', () => {
    // 'H'=8, 'I'=9, ' '=32, '@'=0 in the AIS alphabet; armored as 8, 9, P, 0.
    expect(bits('89PP').text(0, 4)).toBe('HI');
    expect(bits('89PP').text(0, 4, false)).toBe('HI  ');
    expect(bits('8098').text(0, 4)).toBe('H');
  });
});
