import { describe, expect, it } from 'vitest';
import { recordHash } from './record-hash.ts';

describe('recordHash', () => {
  // Reference values from the C MurmurHash3_x86_128 (seed 0 unless given) over the UTF-16LE bytes, as
  // base64url: a change here changes every indicator id, which must never happen quietly.
  it('gives the MurmurHash3 x86_128 of the text, block and tail lengths alike', () => {
    expect(recordHash('')).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(recordHash('a')).toBe('lrE7A-FP78zhT-_M4U_vzA');
    expect(recordHash('abcdefgh')).toBe('VXY1bKGY-I0NI22nFHEUQg');
    expect(recordHash('abcdefghijklmno')).toBe('UzgqbRJREn8VMYttg9eYvA');
    expect(recordHash('Grüße, 世界 🚢')).toBe('FWeQ6CnfZbbNgycwp8Guog');
    expect(recordHash('x'.repeat(1000), 7)).toBe('yhYo3-Y9lcSVboqRvU034A');
    expect(recordHash('Door/State/DoorAlarm|2026-01-15T09:02:30.000Z|DOOR-GN-01|', 1)).toBe('VcOEa85YB0jymd3gU82j6A');
    expect(recordHash('abc', 0xffffffff)).toBe('YYgjSj3AFX0tfl8ELX5fBA');
  });

  it('tells apart texts that differ in one character, anywhere', () => {
    const base = 'Door/State/DoorAlarm|2026-01-15T09:02:30.000Z|DOOR-GN-01|';
    const seen = new Set([recordHash(base)]);
    for (let i = 0; i < base.length; i++) seen.add(recordHash(base.slice(0, i) + '#' + base.slice(i + 1)));
    expect(seen.size).toBe(base.length + 1);
  });
});
