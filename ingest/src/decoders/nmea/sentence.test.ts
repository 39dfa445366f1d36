import { describe, expect, it } from 'vitest';
import { parseSentence } from './sentence.ts';

const SAMPLE = '!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C';

/** A sentence with its checksum recomputed, to test the fields behind a valid checksum. */
function withChecksum(body: string): string {
  let sum = 0;
  for (const c of body) sum ^= c.charCodeAt(0);
  return `!${body}*${sum.toString(16).toUpperCase().padStart(2, '0')}`;
}

describe('parseSentence', () => {
  it('reads the envelope fields', () => {
    expect(parseSentence(SAMPLE)).toEqual({
      ok: true,
      sentence: {
        ownShip: false,
        fragmentCount: 1,
        fragmentNumber: 1,
        sequenceId: '',
        channel: 'B',
        payload: '177KQJ5000G?tO`K>RA1wUbN0TKH',
        fillBits: 0,
        tag: null,
      },
    });
  });

  it('tolerates line endings, lower-case checksums and receiver metadata after the checksum', () => {
    expect(parseSentence(`${SAMPLE}\r\n`).ok).toBe(true);
    expect(parseSentence(SAMPLE.replace('*5C', '*5c')).ok).toBe(true);
    expect(parseSentence(`${SAMPLE},s36310,d-081,T59.01777335`).ok).toBe(true);
  });

  it('rejects text glued to the checksum (two sentences on one line, say)', () => {
    expect(parseSentence(`${SAMPLE}${SAMPLE}`)).toEqual({ ok: false, reason: 'unexpected text after the checksum' });
  });

  it('names both checksums when they differ', () => {
    expect(parseSentence(SAMPLE.replace('*5C', '*5D'))).toEqual({ ok: false, reason: 'checksum: expected 5C, got 5D' });
    expect(parseSentence(SAMPLE.replace('*5C', ''))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^checksum missing/),
    });
    expect(parseSentence(SAMPLE.replace('*5C', '*Z'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^checksum missing or malformed/),
    });
  });

  it('accepts other AIS talkers (base stations) and own-ship VDO', () => {
    expect(parseSentence(withChecksum('BSVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0'))).toMatchObject({ ok: true });
    expect(parseSentence(withChecksum('AIVDO,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0'))).toMatchObject({
      ok: true,
      sentence: { ownShip: true },
    });
  });

  it.each([
    ['GPGGA,1,1,,A,x,0', /is not VDM or VDO/],
    ['AIVDM,1,1,,A,x', /expected 7 fields/],
    ['AIVDM,0,1,,A,x,0', /fragment count "0"/],
    ['AIVDM,2,3,1,A,x,0', /fragment number "3" is not 1–2/],
    ['AIVDM,2,1,12,A,x,0', /sequential message id "12"/],
    ['AIVDM,1,1,,A,,0', /empty payload/],
    ['AIVDM,1,1,,A,x,6', /fill bits "6"/],
  ])('rejects %s', (body, reason) => {
    expect(parseSentence(withChecksum(body))).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('rejects what is not an AIS sentence', () => {
    expect(parseSentence('')).toEqual({ ok: false, reason: 'empty line' });
    expect(parseSentence('$GPGGA,123519,4807.038,N*47')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^not an AIS sentence/),
    });
  });

  describe('NMEA 4.10 tag blocks', () => {
    it('reads the source and the unix time, in seconds or milliseconds', () => {
      expect(parseSentence(`\\g:1-2-73874,n:157036,s:r003669945,c:1241544035*4A\\${SAMPLE}`)).toMatchObject({
        ok: true,
        sentence: { tag: { source: 'r003669945', unixMs: 1241544035000 } },
      });
      expect(parseSentence(`\\c:1710382267123\\${SAMPLE}`)).toMatchObject({
        ok: true,
        sentence: { tag: { source: null, unixMs: 1710382267123 } },
      });
    });

    it('verifies the tag block checksum when there is one', () => {
      expect(parseSentence(`\\g:1-2-73874,n:157036,s:r003669945,c:1241544035*40\\${SAMPLE}`)).toEqual({
        ok: false,
        reason: 'tag block checksum: expected 4A, got 40',
      });
    });

    it('rejects an unclosed block or a time that is not a number', () => {
      expect(parseSentence(`\\s:rcv01,c:1710382267${SAMPLE}`)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/not closed/),
      });
      expect(parseSentence(`\\s:rcv01,c:yesterday\\${SAMPLE}`)).toEqual({
        ok: false,
        reason: 'tag block: c:yesterday is not a unix time',
      });
    });
  });
});
