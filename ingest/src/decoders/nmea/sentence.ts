// The NMEA 0183 envelope of one AIS sentence: optional NMEA 4.10 tag block, the
// `!xxVDM` / `!xxVDO` fields and the checksum. Knows nothing of the AIS payload.

/** What an NMEA 4.10 tag block says about the sentence after it (the parts we use). */
export interface TagBlock {
  /** `c:` — when the receiver heard the sentence, in unix milliseconds. */
  unixMs: number | null;
  /** `s:` — the source (receiving station) identifier. */
  source: string | null;
}

export interface AisSentence {
  /** VDO: the receiver's own ship; VDM: heard from others. */
  ownShip: boolean;
  fragmentCount: number;
  fragmentNumber: number;
  /** Sequential message id linking the fragments of one message ('' on single sentences). */
  sequenceId: string;
  /** Radio channel, usually A or B (some receivers write 1 / 2, some leave it empty). */
  channel: string;
  payload: string;
  fillBits: number;
  tag: TagBlock | null;
}

export type ParsedSentence = { ok: true; sentence: AisSentence } | { ok: false; reason: string };

const fail = (reason: string): ParsedSentence => ({ ok: false, reason });

function hex2(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}

/** XOR of the character codes in text[from, to): the NMEA checksum. */
function xorChecksum(text: string, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum ^= text.charCodeAt(i);
  return sum;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Checks `*hh` at `star` against the XOR of text[from, star); null when it matches. */
function checksumError(text: string, from: number, star: number, what: string): string | null {
  const high = hexDigit(text.charCodeAt(star + 1));
  const low = hexDigit(text.charCodeAt(star + 2));
  if (high < 0 || low < 0) return `${what} missing or malformed after '*'`;
  const expected = xorChecksum(text, from, star);
  return expected === high * 16 + low
    ? null
    : `${what}: expected ${hex2(expected)}, got ${text.slice(star + 1, star + 3).toUpperCase()}`;
}

/** A one-character decimal field within [min, max], else NaN. */
function digitField(field: string, min: number, max: number): number {
  const value = field.length === 1 ? field.charCodeAt(0) - 48 : NaN;
  return value >= min && value <= max ? value : NaN;
}

/** `xxVDM` / `xxVDO` with an upper-case talker id; checked by hand because it runs per sentence. */
function isVdmOrVdo(kind: string): boolean {
  if (kind.length !== 5 || kind[2] !== 'V' || kind[3] !== 'D' || (kind[4] !== 'M' && kind[4] !== 'O')) return false;
  const a = kind.charCodeAt(0);
  const b = kind.charCodeAt(1);
  return a >= 65 && a <= 90 && b >= 65 && b <= 90;
}

// Below 1e11 a `c:` value reads as seconds (until year 5138); above it, some providers
// (and gpsd's own output) write milliseconds.
const MS_THRESHOLD = 1e11;

function parseTagBlock(text: string): { ok: true; tag: TagBlock } | { ok: false; reason: string } {
  const star = text.indexOf('*');
  if (star >= 0) {
    const error = checksumError(text, 0, star, 'tag block checksum');
    if (error) return { ok: false, reason: error };
  }
  const tag: TagBlock = { unixMs: null, source: null };
  for (const field of (star >= 0 ? text.slice(0, star) : text).split(',')) {
    const value = field.slice(2);
    if (field.startsWith('c:')) {
      const number = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
      const ms = number < MS_THRESHOLD ? number * 1000 : number;
      if (!Number.isFinite(ms) || ms > 8.64e15)
        return { ok: false, reason: `tag block: c:${value} is not a unix time` };
      tag.unixMs = ms;
    } else if (field.startsWith('s:') && value.length > 0) {
      tag.source = value;
    }
  }
  return { ok: true, tag };
}

/**
 * Parses one line: `[\tag block\]!AIVDM,count,number,seqid,channel,payload,fill*hh`.
 * Trailing receiver metadata after the checksum (USCG `,s…,d…,T…` fields) is ignored.
 */
export function parseSentence(line: string): ParsedSentence {
  let text = line.trim();
  let tag: TagBlock | null = null;
  if (text.startsWith('\\')) {
    const close = text.indexOf('\\', 1);
    if (close < 0) return fail('tag block not closed by a backslash');
    const parsed = parseTagBlock(text.slice(1, close));
    if (!parsed.ok) return parsed;
    tag = parsed.tag;
    text = text.slice(close + 1);
  }
  if (text.length === 0) return fail('empty line');
  if (text[0] !== '!')
    return fail(`not an AIS sentence: expected '!AIVDM' or '!AIVDO', got ${JSON.stringify(text.slice(0, 8))}`);
  const star = text.indexOf('*');
  if (star < 0) return fail("checksum missing: no '*' in the sentence");
  const checksum = checksumError(text, 1, star, 'checksum');
  if (checksum) return fail(checksum);
  if (text.length > star + 3 && text[star + 3] !== ',') return fail('unexpected text after the checksum');

  const fields = text.slice(1, star).split(',');
  const kind = fields[0];
  if (!isVdmOrVdo(kind)) return fail(`sentence ${JSON.stringify(kind)} is not VDM or VDO`);
  if (fields.length !== 7) return fail(`expected 7 fields in a ${kind} sentence, got ${fields.length}`);
  const [, countField, numberField, sequenceId, channel, payload, fillField] = fields;

  const fragmentCount = digitField(countField, 1, 9);
  if (Number.isNaN(fragmentCount)) return fail(`fragment count ${JSON.stringify(countField)} is not 1–9`);
  const fragmentNumber = digitField(numberField, 1, 9);
  if (Number.isNaN(fragmentNumber) || fragmentNumber > fragmentCount) {
    return fail(`fragment number ${JSON.stringify(numberField)} is not 1–${fragmentCount}`);
  }
  if (sequenceId !== '' && Number.isNaN(digitField(sequenceId, 0, 9)))
    return fail(`sequential message id ${JSON.stringify(sequenceId)} is not 0–9`);
  if (channel.length > 2) return fail(`channel ${JSON.stringify(channel)} is not A, B, 1 or 2`);
  if (payload.length === 0) return fail('empty payload');
  const fillBits = digitField(fillField, 0, 5);
  if (Number.isNaN(fillBits)) return fail(`fill bits ${JSON.stringify(fillField)} is not 0–5`);

  return {
    ok: true,
    sentence: { ownShip: kind[4] === 'O', fragmentCount, fragmentNumber, sequenceId, channel, payload, fillBits, tag },
  };
}
