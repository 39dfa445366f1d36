import { describe, expect, it } from 'vitest';
import { recordHash } from './record-hash.ts';

describe('recordHash', () => {
  // Reference values from the C MurmurHash3_x86_128 (seed 0 unless given) over the UTF-8 bytes, as
  // base64url: a change here changes every indicator id, which must never happen quietly.
  it('gives the MurmurHash3 x86_128 of the text, block and tail lengths alike', () => {
    expect(recordHash('')).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(recordHash('a')).toBe('PJOUpxuwVlUbsFZVG7BWVQ');
    expect(recordHash('abcdefgh')).toBe('NhH0rocUsa2SgGz6koBs-g');
    expect(recordHash('abcdefghijklmno')).toBe('aR1t7q7VGkpXFM6EqGGnrQ');
    expect(recordHash('Grüße, 世界 🚢')).toBe('COod403F6jjl60pYY4sN3Q');
    expect(recordHash('x'.repeat(1000), 7)).toBe('9CxU635H6rIY-oheYXidqA');
    expect(recordHash('Door/State/DoorAlarm|2026-01-15T09:02:30.000Z|DOOR-GN-01|', 1)).toBe('y032vaHWpg6aSMDvapDZIA');
    expect(recordHash('abc', 0xffffffff)).toBe('HCAQ0fYKQLX2CkC19gpAtQ');
  });

  it('hashes long texts (beyond the reused buffer) as short ones', () => {
    const long = 'z€'.repeat(40_000);
    expect(recordHash(long, 5)).toBe(recordHash(long, 5));
    expect(recordHash(long.slice(1), 5)).not.toBe(recordHash(long, 5));
    expect(recordHash('abc', 0xffffffff)).toBe('HCAQ0fYKQLX2CkC19gpAtQ');
  });

  it('tells apart texts that differ in one character, anywhere', () => {
    const base = 'Door/State/DoorAlarm|2026-01-15T09:02:30.000Z|DOOR-GN-01|';
    const seen = new Set([recordHash(base)]);
    for (let i = 0; i < base.length; i++) seen.add(recordHash(base.slice(0, i) + '#' + base.slice(i + 1)));
    expect(seen.size).toBe(base.length + 1);
  });
});
