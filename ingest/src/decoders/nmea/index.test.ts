import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DecodeContext, DecodeResult, Draft } from '../decoder.ts';
import { unarmor } from './bits.ts';
import { createNmeaDecoder } from './index.ts';

const ctx: DecodeContext = { feedId: 'ais-valencia', topic: 'ais/nmea', receivedAt: new Date('2025-03-14T10:00:00Z') };

function fixture(name: string): string[] {
  return readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

function decodeAll(lines: string[], decoder = createNmeaDecoder()): DecodeResult[] {
  return lines.map((line) => decoder.decode(line, ctx));
}

function draftsOf(results: DecodeResult[]): Draft[] {
  return results.flatMap((r) => (r.ok ? r.drafts : []));
}

function byMmsi(drafts: Draft[], mmsi: string, type = 'ais.position'): Draft {
  const found = drafts.find((d) => d.type === type && (d.raw as { mmsi: string }).mmsi === mmsi);
  if (!found) throw new Error(`no ${type} draft for ${mmsi}`);
  return found;
}

describe('published sample sentences decode to their published values', () => {
  const results = decodeAll(fixture('published-samples.nmea'));
  const drafts = draftsOf(results);

  it('accepts every sample sentence', () => {
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it('type 1: position, speed, course, heading, turn', () => {
    const d = byMmsi(drafts, '371798000');
    expect(d).toMatchObject({
      type: 'ais.position',
      domain: 'physical',
      severity: 1,
      correlationKey: 'mmsi:371798000',
      sensorId: null,
    });
    expect(d.location!.lon).toBeCloseTo(-123.395383333, 6);
    expect(d.location!.lat).toBeCloseTo(48.38163333333, 6);
    expect(d.raw).toMatchObject({
      messageType: 1,
      sog: 12.3,
      cog: 224,
      heading: 215,
      navStatus: 0,
      rot: -127,
      accuracy: true,
      second: 33,
    });
    expect(d.observables).toEqual([{ type: 'mmsi', value: '371798000' }]);
    expect(d.time).toBe('2025-03-14T10:00:00.000Z');
  });

  it('type 1 with turn rate and heading not available', () => {
    const d = byMmsi(drafts, '440348000');
    expect(d.raw).toMatchObject({ sog: 0, cog: 93.4, heading: null, rot: null, second: 13 });
    expect(d.location).toEqual({ lat: 43.08015, lon: -70.7582 });
  });

  it('types 2 and 3', () => {
    expect(byMmsi(drafts, '356302000').raw).toMatchObject({
      messageType: 2,
      sog: 13.9,
      cog: 87.7,
      heading: 91,
      rot: 127,
    });
    const moored = byMmsi(drafts, '563808000');
    expect(moored.raw).toMatchObject({ messageType: 3, navStatus: 5, sog: 0, cog: 252, heading: 352 });
    expect(moored.location!.lat).toBeCloseTo(36.91, 6);
    expect(moored.title).toContain('moored');
  });

  it('the AIVDM document example', () => {
    const d = byMmsi(drafts, '477553000');
    expect(d.location!.lon).toBeCloseTo(-122.345833, 5);
    expect(d.location!.lat).toBeCloseTo(47.582833, 5);
    expect(d.raw).toMatchObject({ navStatus: 5, sog: 0, cog: 51, heading: 181, second: 15 });
  });

  it('type 5 over two sentences: static and voyage data', () => {
    const d = byMmsi(drafts, '351759000', 'ais.static');
    expect(d).toMatchObject({ severity: 1, location: null, correlationKey: 'mmsi:351759000' });
    expect(d.raw).toMatchObject({
      imo: 9134270,
      callsign: '3FOF8',
      name: 'EVER DIADEM',
      shipType: 70,
      dimensions: { toBow: 225, toStern: 70, toPort: 1, toStarboard: 31 },
      draught: 12.2,
      destination: 'NEW YORK',
      eta: '05-15T14:00',
    });
    expect(d.observables).toEqual([
      { type: 'mmsi', value: '351759000' },
      { type: 'imo', value: '9134270' },
    ]);
    expect(d.title).toBe(
      'Static data: EVER DIADEM (MMSI 351759000, IMO 9134270, call sign 3FOF8), cargo, bound for NEW YORK',
    );
  });

  it('the first fragment of a two-sentence message yields no draft yet', () => {
    const decoder = createNmeaDecoder();
    const [first, second] = fixture('published-samples.nmea').filter((l) => l.includes(',2,'));
    expect(decoder.decode(first, ctx)).toEqual({
      ok: true,
      drafts: [],
      notUsed: 'AIS sentence 1 of 2: held until the rest of its message arrives',
    });
    expect(decoder.decode(second, ctx)).toMatchObject({ ok: true, drafts: [{ type: 'ais.static' }] });
  });

  it('type 18 (class B)', () => {
    const d = byMmsi(drafts, '338087471');
    expect(d.raw).toMatchObject({
      messageType: 18,
      aisClass: 'B',
      sog: 0.1,
      cog: 79.6,
      heading: null,
      navStatus: null,
      second: 49,
    });
    expect(d.location!.lon).toBeCloseTo(-74.072131667, 6);
    expect(d.location!.lat).toBeCloseTo(40.68454, 6);
    expect(d.tags).toContain('class_b');
    expect(byMmsi(drafts, '368161000').raw).toMatchObject({ sog: 5.1, cog: 34.9, accuracy: true, second: 17 });
  });

  it('type 19 (extended class B) carries the name', () => {
    const d = byMmsi(drafts, '367059850');
    expect(d.raw).toMatchObject({
      messageType: 19,
      sog: 8.7,
      cog: 335.9,
      heading: null,
      name: 'CAPT.J.RIMES',
      shipType: 70,
    });
    expect((d.raw as { dimensions: unknown }).dimensions).toEqual({ toBow: 5, toStern: 21, toPort: 4, toStarboard: 4 });
    expect(d.location!.lon).toBeCloseTo(-88.8103916667, 6);
    expect(d.location!.lat).toBeCloseTo(29.543695, 6);
    expect(d.title).toMatch(/^CAPT\.J\.RIMES \(MMSI 367059850\)/);
  });

  it('type 21 (aid to navigation) with a name extension, and its invalid MMSI', () => {
    const d = byMmsi(drafts, '123456789', 'ais.aton');
    expect(d.raw).toMatchObject({
      aidType: 20,
      name: 'CHINA ROSE MURPHY EXPRESS ALERT',
      offPosition: false,
      virtual: false,
    });
    expect(d.location!.lon).toBeCloseTo(-122.698591667, 6);
    expect(d.location!.lat).toBeCloseTo(47.9206183333, 6);
    // 123456789 is the placeholder MMSI of the sample: no station kind starts with 12.
    const invalid = byMmsi(drafts, '123456789', 'ais.invalid_mmsi');
    expect(invalid).toMatchObject({ severity: 3, location: d.location, correlationKey: 'mmsi:123456789' });
    expect(invalid.sourceRef).not.toBe(d.sourceRef);
  });

  it('a tag block gives the time and the receiving station', () => {
    const d = drafts.find((x) => x.sensorId === 'r003669945')!;
    expect(d.time).toBe('2009-05-05T17:20:35.000Z');
    expect(d.type).toBe('ais.position');
  });
});

describe('rejections say why', () => {
  it('a bad checksum', () => {
    expect(decodeAll(fixture('bad-checksum.nmea'))).toEqual([{ ok: false, reason: 'checksum: expected 5C, got 5D' }]);
  });

  it('unsupported message types and non-AIS lines', () => {
    const reasons = decodeAll(fixture('unsupported.nmea')).map((r) => (r.ok ? 'accepted' : r.reason));
    // Types 24 and 27, once here, are decoded now (types-4-24-27.test.ts).
    expect(reasons[0]).toBe('message type 10 not supported');
    expect(reasons[1]).toMatch(/^not an AIS sentence/);
  });

  it('a fragment whose first part was lost, without disturbing interleaved messages', () => {
    const results = decodeAll(fixture('fragments.nmea'));
    expect(results[0]).toEqual({
      ok: false,
      reason: 'fragment 2 of 2 without the fragments before it (sequential id 1, channel A)',
    });
    const held = { ok: true, drafts: [], notUsed: 'AIS sentence 1 of 2: held until the rest of its message arrives' };
    expect(results.slice(1, 3)).toEqual([held, held]);
    const statics = draftsOf(results.slice(3));
    expect(statics.map((d) => d.type)).toEqual(['ais.static', 'ais.static']);
    expect(statics[0].raw).toMatchObject({
      mmsi: '271010059',
      name: 'HEALTH CONTROL 13',
      callsign: 'TCA2350',
      shipType: 55,
    });
  });
});

describe('not-available values', () => {
  it('the fixture really carries the sentinel values (read raw, at the ITU-R M.1371 offsets)', () => {
    const classA = unarmor(fixture('not-available.nmea')[0].split(',')[5], 0);
    if (!classA.ok) throw new Error(classA.reason);
    const b = classA.bits;
    expect([
      b.int(42, 8),
      b.uint(50, 10),
      b.int(61, 28),
      b.int(89, 27),
      b.uint(116, 12),
      b.uint(128, 9),
      b.uint(137, 6),
    ]).toEqual([-128, 1023, 181 * 600_000, 91 * 600_000, 3600, 511, 60]);
  });

  it('become null, and a position without coordinates has no location', () => {
    const drafts = draftsOf(decodeAll(fixture('not-available.nmea')));
    expect(drafts.map((d) => d.location)).toEqual([null, null]);
    expect(drafts[0].raw).toMatchObject({ sog: null, cog: null, heading: null, rot: null, second: null, navStatus: 0 });
    expect(drafts[1].raw).toMatchObject({ aisClass: 'B', sog: null, cog: null, heading: null });
    expect(drafts[0].title).toBe('MMSI 224123450: under way using engine, speed not available, position not available');
  });

  it('a class A report cut to 163 bits still decodes', () => {
    const [result] = decodeAll(fixture('short-type1.nmea'));
    expect(result).toMatchObject({
      ok: true,
      drafts: [{ type: 'ais.position', raw: { mmsi: '244740981', second: 45 } }],
    });
  });
});

describe('state kept across sentences', () => {
  const [static1, static2] = fixture('published-samples.nmea').filter(
    (l) => l.includes('55?MbV02') || l.includes('88888888880'),
  );
  // A class A report from the same MMSI (built with the simulators' encoder).
  const position = '!AIVDM,1,1,,A,15?MbV0P1kJe1bPG>l@0j0bH0000,0*67';

  it('a position report after a type 5 names the vessel and carries its IMO number', () => {
    const decoder = createNmeaDecoder();
    decodeAll([static1, static2], decoder);
    const result = decoder.decode(position, ctx);
    expect(result.ok).toBe(true);
    const [d] = (result as { drafts: Draft[] }).drafts;
    expect(d.observables).toEqual([
      { type: 'mmsi', value: '351759000' },
      { type: 'imo', value: '9134270' },
    ]);
    expect(d.raw).toMatchObject({ name: 'EVER DIADEM', imo: 9134270 });
    expect(d.title).toMatch(/^EVER DIADEM \(MMSI 351759000\)/);
  });

  it('remembers a bounded number of vessels', () => {
    const decoder = createNmeaDecoder({ maxVessels: 1 });
    decodeAll([static1, static2, ...fixture('fragments.nmea')], decoder);
    const [d] = (decoder.decode(position, ctx) as { drafts: Draft[] }).drafts;
    expect(d.observables).toEqual([{ type: 'mmsi', value: '351759000' }]);
  });

  it('reports an invalid MMSI once per 10 minutes of event time, not on every report', () => {
    const decoder = createNmeaDecoder();
    const aton = fixture('published-samples.nmea').filter((l) => l.includes(',5,B,'));
    const at = (iso: string) => ({ ...ctx, receivedAt: new Date(iso) });
    const count = (iso: string) =>
      aton
        .flatMap((l) => {
          const r = decoder.decode(l, at(iso));
          return r.ok ? r.drafts : [];
        })
        .filter((d) => d.type === 'ais.invalid_mmsi').length;
    expect(count('2025-03-14T10:00:00Z')).toBe(1);
    expect(count('2025-03-14T10:09:59Z')).toBe(0);
    expect(count('2025-03-14T10:10:00Z')).toBe(1);
  });

  it('the same sentence heard later is a different record; redelivered, the same', () => {
    const decoder = createNmeaDecoder();
    const ref = (iso: string) => {
      const r = decoder.decode(position, { ...ctx, receivedAt: new Date(iso) });
      return r.ok ? r.drafts[0].sourceRef : undefined;
    };
    expect(ref('2025-03-14T10:00:00Z')).toBe(ref('2025-03-14T10:00:00Z'));
    expect(ref('2025-03-14T10:00:00Z')).not.toBe(ref('2025-03-14T10:06:00Z'));
  });

  it('own-ship sentences (VDO) are tagged', () => {
    const vdo = '!AIVDO,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5E';
    expect(createNmeaDecoder().decode(vdo, ctx)).toMatchObject({
      ok: true,
      drafts: [{ tags: ['ais', 'own_ship', 'class_a'] }],
    });
  });
});
