// AIS types 4 (base station), 24 (class B static data) and 27 (long range) on published
// sample sentences, checked against their published decodes.
import { describe, expect, it } from 'vitest';
import { decodeOk, fixture, testContext } from '../decoder-contract.case.ts';
import { fixFromPosition } from '../../pipeline/ais-drafts.ts';
import { createNmeaDecoder } from './index.ts';

const [type4, type24a, type24b, type18, type27Received, type27Standard] = fixture(import.meta.url, 'types-4-24-27.nmea')
  .split('\n')
  .filter((l) => l.startsWith('!'));

describe('AIS type 4: base station report', () => {
  it('gives the station, its surveyed position and its UTC clock', () => {
    const [d] = decodeOk(createNmeaDecoder(), type4);
    expect(d).toMatchObject({ type: 'ais.base_station', domain: 'physical', severity: 1 });
    expect(d.location!.lat).toBeCloseTo(36.883767, 5);
    expect(d.location!.lon).toBeCloseTo(-76.352362, 5);
    expect(d.observables).toEqual([{ type: 'mmsi', value: '003669702' }]);
    expect(d.raw).toMatchObject({ messageType: 4, utc: '2007-05-14T19:57:39.000Z', epfd: 7 });
    expect(d.title).toBe('AIS base station MMSI 003669702, clock 2007-05-14T19:57:39.000Z');
  });
});

describe('AIS type 24: class B static data', () => {
  it('part A names the vessel; part B gives type, call sign and size, titled with the name', () => {
    const decoder = createNmeaDecoder();
    const [a] = decodeOk(decoder, type24a);
    expect(a).toMatchObject({ type: 'ais.static', title: 'Static data: PROGUY (MMSI 271041815), class B part A' });
    expect(a.raw).toEqual({ messageType: 24, mmsi: '271041815', part: 'A', name: 'PROGUY' });
    const [b] = decodeOk(decoder, type24b);
    expect(b.title).toBe('Static data: PROGUY (MMSI 271041815, call sign TC6163), passenger, class B part B');
    expect(b.raw).toMatchObject({
      part: 'B',
      shipType: 60,
      callsign: 'TC6163',
      dimensions: { toBow: 0, toStern: 15, toPort: 0, toStarboard: 5 },
    });
  });

  it("names the class B vessel's later position reports, the way type 5 names class A tracks", () => {
    const decoder = createNmeaDecoder();
    const [before] = decodeOk(decoder, type18);
    expect(before.title).toMatch(/^MMSI 271041815: 6\.4 kn/);
    decodeOk(decoder, type24a);
    const [after] = decodeOk(decoder, type18);
    expect(after.title).toMatch(/^PROGUY \(MMSI 271041815\): 6\.4 kn, course 45\.0°/);
    // The tracker takes the name from the position report: the track is named.
    expect(fixFromPosition(after)).toMatchObject({ mmsi: '271041815', name: 'PROGUY', aisClass: 'B' });
  });

  it('rejects a part number the standard does not define', () => {
    // Part number 2 (bits 38–39 = 10) in an otherwise part A sentence.
    const decoder = createNmeaDecoder();
    const body = 'AIVDM,1,1,,A,H42O55q18tMET00000000000000,2';
    let sum = 0;
    for (const c of body) sum ^= c.charCodeAt(0);
    const result = decoder.decode(`!${body}*${sum.toString(16).toUpperCase().padStart(2, '0')}`, testContext);
    expect(result).toEqual({ ok: false, reason: 'message type 24: part number 2, expected 0 (A) or 1 (B)' });
  });
});

describe('AIS type 27: long-range broadcast', () => {
  it('reads the 1/10-minute position, whole knots and degrees, as received (168 bits) and at 96 bits', () => {
    for (const sentence of [type27Received, type27Standard]) {
      const [d] = decodeOk(createNmeaDecoder(), sentence);
      expect(d).toMatchObject({ type: 'ais.long_range', correlationKey: 'mmsi:206914217' });
      expect(d.location!.lat).toBeCloseTo(4.84, 6);
      expect(d.location!.lon).toBeCloseTo(137.023333, 5);
      expect(d.raw).toMatchObject({ mmsi: '206914217', navStatus: 2, sog: 57, cog: 167, gnss: true });
      expect(d.title).toBe('MMSI 206914217: long-range report, not under command, 57 kn, course 167°');
      expect(d.tags).toContain('long_range');
    }
  });

  it('is not a position report for the tracker (its 3-minute interval would read as going dark)', () => {
    const [d] = decodeOk(createNmeaDecoder(), type27Standard);
    expect(fixFromPosition(d)).toBeNull();
  });

  it('takes not-available values as null', () => {
    // lon 181°, lat 91°, speed 63, course 511: built from the type 27 layout.
    const bits = [
      [27, 6],
      [0, 2],
      [206914217, 30],
      [0, 1],
      [0, 1],
      [15, 4],
      [181 * 600, 18],
      [91 * 600, 17],
      [63, 6],
      [511, 9],
      [1, 1],
      [0, 1],
    ]
      .map(([v, w]) => v.toString(2).padStart(w, '0'))
      .join('');
    const ARMOR = '0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw';
    let payload = '';
    for (let i = 0; i < bits.length; i += 6) payload += ARMOR[parseInt(bits.slice(i, i + 6), 2)];
    const body = `AIVDM,1,1,,A,${payload},0`;
    let sum = 0;
    for (const c of body) sum ^= c.charCodeAt(0);
    const [d] = decodeOk(createNmeaDecoder(), `!${body}*${sum.toString(16).toUpperCase().padStart(2, '0')}`);
    expect(d.location).toBeNull();
    expect(d.raw).toMatchObject({ sog: null, cog: null, lat: null, lon: null, gnss: false });
  });
});
