import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertValidDraft, decoderContract, fixture } from '../decoder-contract.case.ts';
import type { DecodeContext, DecodeResult, DecoderFactory } from '../decoder.ts';
import { createNmeaDecoder } from './index.ts';

// The registry stores factories of this type.
const factory: DecoderFactory = createNmeaDecoder;

const published = (name: string) =>
  fixture(import.meta.url, name)
    .split('\n')
    .filter((line) => line.startsWith('!') || line.startsWith('\\'));

// Two vessels' position reports heard in the same millisecond (the identity is channel,
// payload and time: the same sentence heard again later is a new report).
const [positionA, positionB] = published('published-samples.nmea');
decoderContract(factory, {
  samples: [...published('published-samples.nmea'), ...published('types-4-24-27.nmea')],
  twins: [positionA, positionB],
});

const ctx: DecodeContext = { feedId: 'ais', topic: 'ais/nmea', receivedAt: new Date('2025-03-14T10:00:00Z') };
const ARMOR = '0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw';

function checksum(body: string): string {
  let sum = 0;
  for (const c of body) sum ^= c.charCodeAt(0);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** Decoded, or rejected with a reason, and every draft becomes a schema-valid Indicator. */
function wellFormed(result: DecodeResult): void {
  if (!result.ok) {
    expect(result.reason.length).toBeGreaterThan(0);
    return;
  }
  for (const draft of result.drafts) {
    expect(draft.type).toMatch(/^ais\.[a-z_]+$/);
    assertValidDraft(draft, 'nmea');
  }
}

const field = (values: string[]) => fc.oneof(fc.constantFrom(...values), fc.string({ maxLength: 3 }));
const payload = fc.array(fc.constantFrom(...ARMOR), { maxLength: 90 }).map((chars) => chars.join(''));

/** `!AIVDM,…` shaped records: mostly plausible fields, sometimes garbage, usually a correct checksum. */
const aisShaped = fc
  .record({
    talker: fc.constantFrom('AIVDM', 'AIVDO', 'BSVDM', 'AIVDX'),
    count: field(['1', '2', '3']),
    number: field(['1', '2', '3']),
    seq: field(['', '1', '7']),
    channel: field(['A', 'B', '', '1']),
    payload: fc.oneof(payload, fc.string({ maxLength: 40 })),
    fill: field(['0', '2', '4', '5']),
    goodChecksum: fc.boolean(),
    tag: fc.option(
      fc.record({ s: fc.string({ maxLength: 8 }), c: fc.oneof(fc.nat().map(String), fc.string({ maxLength: 5 })) }),
    ),
    trailer: fc.constantFrom('', '\r\n', ',s36310,d-081'),
  })
  .map((r) => {
    const body = `${r.talker},${r.count},${r.number},${r.seq},${r.channel},${r.payload},${r.fill}`;
    const sum = r.goodChecksum ? checksum(body) : '00';
    const tag = r.tag ? `\\s:${r.tag.s},c:${r.tag.c}\\` : '';
    return `${tag}!${body}*${sum}${r.trailer}`;
  });

describe('the NMEA decoder never throws', () => {
  it('on arbitrary strings', () => {
    const decoder = createNmeaDecoder();
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        wellFormed(decoder.decode(line, ctx));
      }),
      { numRuns: 2000 },
    );
  });

  it('on arbitrary !AIVDM-shaped sentences, fed in sequence to one decoder', () => {
    const decoder = createNmeaDecoder({ maxPendingFragments: 8 });
    fc.assert(
      fc.property(fc.array(aisShaped, { maxLength: 10 }), (lines) => {
        for (const line of lines) wellFormed(decoder.decode(line, ctx));
      }),
      { numRuns: 2000 },
    );
  });

  it('on well-formed single sentences with random payloads: decoded or rejected for a stated reason', () => {
    const decoder = createNmeaDecoder();
    fc.assert(
      fc.property(fc.constantFrom(...'12358BCEK'), payload, fc.integer({ min: 0, max: 5 }), (type, rest, fill) => {
        const body = `AIVDM,1,1,,A,${type}${rest},${fill}`;
        const result = decoder.decode(`!${body}*${checksum(body)}`, ctx);
        wellFormed(result);
        if (!result.ok) expect(result.reason).not.toMatch(/internal decoder error/);
      }),
      { numRuns: 3000 },
    );
  });
});
