import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The simulator is tested against the decoder that will read its traffic.
import { createNmeaDecoder } from '../../ingest/src/decoders/nmea/index.ts';
import type { Draft } from '../../ingest/src/decoders/decoder.ts';
import {
  encodeAisPosition,
  encodeAisStatic,
  type AisPositionInput,
  type AisStaticInput,
} from '../../simulators/src/encoders/nmea.ts';

const ctx = { feedId: 'ais', topic: 'ais/nmea', receivedAt: new Date('2025-03-14T10:00:00Z') };

function decode(sentences: string[]): Draft[] {
  const decoder = createNmeaDecoder();
  const drafts: Draft[] = [];
  for (const sentence of sentences) {
    const result = decoder.decode(sentence, ctx);
    if (!result.ok) throw new Error(`${sentence}: ${result.reason}`);
    drafts.push(...result.drafts);
  }
  return drafts;
}

const EVER_DIADEM: AisStaticInput = {
  mmsi: 351759000,
  imo: 9134270,
  callsign: '3FOF8',
  name: 'EVER DIADEM',
  shipType: 70,
  destination: 'NEW YORK',
  draught: 12.2,
  dimensions: { toBow: 225, toStern: 70, toPort: 1, toStarboard: 31 },
  eta: { month: 5, day: 15, hour: 14, minute: 0 },
};

describe('encodeAisStatic', () => {
  it('reproduces a real transmitter’s type 5 sentences byte for byte (gpsd sample)', () => {
    expect(encodeAisStatic(EVER_DIADEM)).toEqual([
      '!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C',
      '!AIVDM,2,2,1,A,88888888880,2*25',
    ]);
  });

  it('round-trips through the decoder', () => {
    const input: AisStaticInput = {
      mmsi: '247320160',
      imo: null,
      callsign: 'IBCD',
      name: 'Grimaldi Lines',
      shipType: 60,
      destination: 'ESVLC',
      draught: null,
      dimensions: { toBow: 150, toStern: 50, toPort: 15, toStarboard: 15 },
    };
    const sentences = encodeAisStatic(input, { channel: 'B', sequenceId: 7 });
    expect(sentences).toHaveLength(2);
    expect(sentences.every((s) => s.startsWith('!AIVDM,2,') && s.includes(',7,B,'))).toBe(true);
    const [draft] = decode(sentences);
    expect(draft.type).toBe('ais.static');
    expect(draft.raw).toMatchObject({
      mmsi: '247320160',
      imo: null,
      callsign: 'IBCD',
      name: 'GRIMALDI LINES',
      shipType: 60,
      destination: 'ESVLC',
      draught: null,
      dimensions: input.dimensions,
      eta: null,
    });
  });
});

const position = fc.record({
  mmsi: fc.integer({ min: 201_000_000, max: 775_999_999 }),
  lat: fc.option(fc.double({ min: -90, max: 90, noNaN: true })),
  lon: fc.option(fc.double({ min: -180, max: 180, noNaN: true })),
  sog: fc.option(fc.integer({ min: 0, max: 1022 }).map((n) => n / 10)),
  cog: fc.option(fc.integer({ min: 0, max: 3599 }).map((n) => n / 10)),
  heading: fc.option(fc.integer({ min: 0, max: 359 })),
  navStatus: fc.integer({ min: 0, max: 15 }),
  second: fc.option(fc.integer({ min: 0, max: 59 })),
  classB: fc.boolean(),
});

describe('encodeAisPosition', () => {
  it('round-trips any report through the decoder, to the resolution of the format', () => {
    fc.assert(
      fc.property(position, (input: AisPositionInput & { classB: boolean }) => {
        const sentences = encodeAisPosition(input);
        expect(sentences).toHaveLength(1);
        expect(sentences[0]).toMatch(/^!AIVDM,1,1,,A,[0-W`-w]{28},0\*[0-9A-F]{2}$/);
        const [draft] = decode(sentences);
        expect(draft.raw).toMatchObject({
          messageType: input.classB ? 18 : 1,
          mmsi: String(input.mmsi),
          sog: input.sog,
          cog: input.cog,
          heading: input.heading,
          navStatus: input.classB ? null : input.navStatus,
          second: input.second,
        });
        if (input.lat === null || input.lon === null) {
          expect(draft.location).toBeNull();
        } else {
          // 1/10 000 minute is about 0.2 m.
          expect(Math.abs(draft.location!.lat - input.lat)).toBeLessThanOrEqual(1 / 1_200_000 + 1e-12);
          expect(Math.abs(draft.location!.lon - input.lon)).toBeLessThanOrEqual(1 / 1_200_000 + 1e-12);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('encodes "not available" so the decoder reads null', () => {
    const [draft] = decode(
      encodeAisPosition({
        mmsi: 224123450,
        lat: null,
        lon: null,
        sog: null,
        cog: null,
        heading: null,
        navStatus: 0,
        second: null,
      }),
    );
    expect(draft.location).toBeNull();
    expect(draft.raw).toMatchObject({ sog: null, cog: null, heading: null, second: null, rot: null });
  });

  it('adds a tag block with the receiver and the time', () => {
    const sentences = encodeAisPosition(
      { mmsi: 224123450, lat: 39.44, lon: -0.3, sog: 12.3, cog: 45, heading: 44, navStatus: 0, second: 7 },
      { tagBlock: { source: 'rcv01', unixTime: 1710382267 }, channel: 'B' },
    );
    expect(sentences[0]).toMatch(/^\\s:rcv01,c:1710382267\*57\\!AIVDM,1,1,,B,/);
    const [draft] = decode(sentences);
    expect(draft).toMatchObject({ sensorId: 'rcv01', time: '2024-03-14T02:11:07.000Z' });
  });

  it('puts the tag block on both fragments of a static report', () => {
    const sentences = encodeAisStatic(EVER_DIADEM, { tagBlock: { source: 'rcv01', unixTime: 1710382267 } });
    expect(sentences.every((s) => s.startsWith('\\s:rcv01,c:1710382267*57\\!AIVDM'))).toBe(true);
    expect(decode(sentences)[0]).toMatchObject({ sensorId: 'rcv01', type: 'ais.static' });
  });
});
