import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoFromEpochGuess, isoFromEpochMs, isoFromEpochSeconds, isoFromText } from './record-time.ts';

describe('isoFromText', () => {
  it('reads the forms the feeds write', () => {
    expect(isoFromText('2025-03-14T02:11:07.532417+0000')).toBe('2025-03-14T02:11:07.532Z');
    expect(isoFromText('2025-03-14T02:11:07.532Z')).toBe('2025-03-14T02:11:07.532Z');
    expect(isoFromText('2025-03-14T03:11:07.532+01:00')).toBe('2025-03-14T02:11:07.532Z');
    expect(isoFromText('2025-03-13T21:11:07-0500')).toBe('2025-03-14T02:11:07.000Z');
    expect(isoFromText('2025-03-14 02:11:07,5')).toBe('2025-03-14T02:11:07.500Z');
    expect(isoFromText('2025-03-14T02:11Z')).toBe('2025-03-14T02:11:00.000Z');
    expect(isoFromText('2025-03-14T02:11:07.123456789Z')).toBe('2025-03-14T02:11:07.123Z');
    expect(isoFromText('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(isoFromText('2016-12-31T23:59:60Z')).toBe('2017-01-01T00:00:00.000Z');
  });

  it('refuses impossible or malformed times', () => {
    for (const bad of [
      '2025-02-29T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-03-14T24:00:00Z',
      '2025-03-14T02:11:07.Z',
      '2025-03-14T02:11:07+25:00',
      '2025-03-14T02:11:07Zjunk',
      '14/03/2025 02:11:07',
      '0999-01-01T00:00:00Z',
      '2025-03-14T02:11:07.1234567890Z',
    ]) {
      expect(isoFromText(bad), bad).toBeNull();
    }
  });

  it('agrees with Date for any instant written with any offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-02T00:00:00Z'), max: new Date('9998-12-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -23 * 60, max: 23 * 60 }),
        (date, offset) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? '-' : '+';
          const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
          return isoFromText(local + zone) === date.toISOString();
        },
      ),
    );
  });
});

describe('isoFromText on text already in the canonical shape', () => {
  it('keeps a real instant as it is and refuses an impossible one', () => {
    expect(isoFromText('2024-02-29T23:59:59.999Z')).toBe('2024-02-29T23:59:59.999Z');
    for (const bad of [
      '2025-02-29T00:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
      '2025-04-31T00:00:00.000Z',
      '2025-03-14T24:00:00.000Z',
      '2025-03-14T02:60:00.000Z',
      '2025-03-14T02:11:07.5x2Z',
      '2025-00-14T02:11:07.532Z',
      '2025-13-14T02:11:07.532Z',
    ]) {
      expect(isoFromText(bad), bad).toBeNull();
    }
  });

  it('reads it, with Suricata microseconds and +0000 too, as the general reading (a space for the T) does', () => {
    const chars = '0123456789-:.TtZz +';
    const zones = [
      'Z',
      '+0000',
      '+00:00',
      '-0000',
      '+0100',
      '+1000',
      '+0001',
      '+00:01',
      '+10:00',
      'z',
      '',
      'Z0',
      '+000',
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.nat(22),
        fc.nat(chars.length - 1),
        fc.stringMatching(/^\d{0,7}$/),
        fc.nat(zones.length - 1),
        (date, at, pick, moreDigits, zone) => {
          const iso = date.toISOString();
          if (
            zone < 3 &&
            isoFromText(`${iso.slice(0, 23)}${moreDigits}${zones[zone]}`) !== (moreDigits.length <= 6 ? iso : null)
          )
            return false;
          const changed = `${iso.slice(0, at)}${chars[pick]}${iso.slice(at + 1, 23)}${moreDigits}${zones[zone]}`;
          return (
            changed[10] !== 'T' || isoFromText(changed) === isoFromText(`${changed.slice(0, 10)} ${changed.slice(11)}`)
          );
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('epoch numbers', () => {
  it('reads Zeek float seconds without floating-point drift and guesses ms from size', () => {
    expect(isoFromEpochSeconds(1741918267.532)).toBe('2025-03-14T02:11:07.532Z');
    expect(isoFromEpochGuess(1741918267532)).toBe('2025-03-14T02:11:07.532Z');
    expect(isoFromEpochGuess(1741918267)).toBe('2025-03-14T02:11:07.000Z');
    expect(isoFromEpochGuess(-1)).toBeNull();
    expect(isoFromEpochGuess(Number.NaN)).toBeNull();
  });

  it('writes any instant of 1970–9999 as Date does', () => {
    for (const ms of [0, 86_399_999, 951_782_400_000, 951_868_800_000, 4_107_542_400_000, 253_402_300_799_999])
      expect(isoFromEpochMs(ms)).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 253_402_300_799_999, noNaN: true }),
        (ms) => isoFromEpochMs(ms) === new Date(Math.floor(ms)).toISOString(),
      ),
      { numRuns: 2000 },
    );
    expect(isoFromEpochMs(253_402_300_800_000)).toBeNull();
  });
});
