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
    // Lone surrogates are hashed as U+FFFD, as Buffer.from(text) encodes them.
    expect(recordHash('a\uD800b')).toBe('hhL5L3qnrw587MNifOzDYg');
    expect(recordHash('x\uDFFF'.repeat(30))).toBe('PoqDl3agc7vWUKZXs4XzmQ');
    expect(recordHash('\uD83D\uDEA2|\uD83D')).toBe('M9Rh3iKZpm3RF0nN0RdJzQ');
  });

  it('gives the same reference values at every tail length, with zero, one and two blocks', () => {
    const base = 'Door/State/DoorAlarm|2026-01-15T09:02:30.000Z|DOOR-GN-01|';
    const expected = [
      'AAAAAAAAAAAAAAAAAAAAAA',
      'mI6sGT6yF2A-shdgPrIXYA',
      'WE1kZ65gPQGuYD0BrmA9AQ',
      '0C19MkR5HL9EeRy_RHkcvw',
      '1NVSP0mLJ89JiyfPSYsnzw',
      'zPni30Oe9ASTa9PIk2vTyA',
      'Co-6v6uxY6ItsxW0LbMVtA',
      'VuU4tsBi5Ev6B2gW-gdoFg',
      '-3uH7W8_WIEoZMRgKGTEYA',
      'eXYzdSaGEkub6KRZzvCkUg',
      'mJeKpSTKirQkYSTVWOUC2Q',
      'eDAbNr8N62vLHlEU5-Ilxw',
      'XuuVYorPJX98F9kx6Fj3HQ',
      'oXgG_Z6DVyoDFiAUk2YnHA',
      '9l5VUGAhvCtQbWiL8cw0Cg',
      '6h5IHPBSYVCZIH3sRVvIpw',
      'wcbZUudCJsOzA0NcyY208A',
      'WFxj7bxztHlcRAX9Le6gOw',
      '3bqMMy2sR2qbEGuprTu9HQ',
      'CxoAAAaFNZdX3rz6tnkGew',
      'C_lGQ4Wd5Py83ZgTua-9jQ',
      '2gQxqIdudo0Kh8qLr0UWOw',
      'O004GSLVktw5gqHXWR7yew',
      'y3Jcv2dW0cuy5JtUY2cmpg',
      'r9ipPgxE7V1yz0cyt9_rKw',
      'jdAUG1gouzBzerJb8yjWjQ',
      'UTRjSPrrt3MbiOVWdmdhWQ',
      'De5Lz79OquJI0WQwDyEbKA',
      'YnGr_V2asGU3X0-PWSIPHw',
      'f2TMKvIPSL8-U3ZoDuKIXQ',
      'N7CsjUDeTG3Te2ooSEoE8g',
      'bOQ_551H7UmU32NZ2vrOzQ',
      'IDfGxI2HlllNi6rW04HqdA',
    ];
    expect(expected.map((_, n) => recordHash(base.slice(0, n), n))).toEqual(expected);
    // Non-ASCII text at the end or the start, and the last ASCII character.
    expect(recordHash(`${base}é`)).toBe('sqAmnaZJZsjJ5GORi78kNA');
    expect(recordHash(`é${base}`)).toBe('AWaDyKZ9FzFzrKp1UEfOww');
    expect(recordHash(`${base}\u007f`)).toBe('Am1PZOrNbYOM2B_1mi8PWQ');
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
