// A record's identity → 128 bits, for indicator ids: MurmurHash3 x86_128 of the text's
// UTF-8 bytes, in JavaScript over a reused buffer. A SHA-1 call into OpenSSL cost an eighth
// of the pipeline's time per record; this costs a third of that. The function is fixed for
// good (ids of stored indicators and of redelivered records must match), and any MurmurHash3
// library over `Buffer.from(text)` gives the same bytes (lone surrogates read as U+FFFD).
// Not collision-resistant against crafted input: ids deduplicate deliveries of one record,
// and the identities hashed are mostly fields a decoder picked (flow id, time, signature),
// not text a sender controls whole.

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;
const ALPHABET = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', (c) =>
  c.charCodeAt(0),
);
/** Beyond this many UTF-16 units a text is encoded into a buffer of its own, not kept. */
const KEEP_BUFFER_UNITS = 65_536;

const encoder = new TextEncoder();
// A Buffer for its write(), which returns the byte count: TextEncoder#encodeInto returns a
// fresh object for it on every call. Same bytes (lone surrogates as U+FFFD).
let scratch = Buffer.alloc(4096);
let scratchWords = new Int32Array(scratch.buffer, scratch.byteOffset, scratch.length >> 2);
/** Blocks are read a 32-bit word at a time where words are little-endian, as MurmurHash3 reads them. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The 16 bytes of the hash as 22 base64url characters (no padding); `seed` is a uint32. */
export function recordHash(text: string, seed = 0): string {
  let bytes: Uint8Array;
  let length: number;
  if (text.length * 3 <= scratch.length) {
    bytes = scratch;
    length = scratch.write(text, 0);
  } else if (text.length <= KEEP_BUFFER_UNITS) {
    scratch = Buffer.alloc(KEEP_BUFFER_UNITS * 3);
    scratchWords = new Int32Array(scratch.buffer, scratch.byteOffset, scratch.length >> 2);
    bytes = scratch;
    length = scratch.write(text, 0);
  } else {
    bytes = encoder.encode(text);
    length = bytes.length;
  }
  return murmur3x86x128(bytes, length, seed);
}

function murmur3x86x128(b: Uint8Array, length: number, seed: number): string {
  let h1 = seed | 0;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const blockEnd = length - (length & 15);
  // The reused buffer, seen as words (its blocks start at multiples of 16), saves three
  // quarters of the reads; any other buffer is read a byte at a time.
  const words = LITTLE_ENDIAN && b === scratch ? scratchWords : null;
  let i = 0;
  for (; i < blockEnd; i += 16) {
    let k1: number, k2: number, k3: number, k4: number;
    if (words !== null) {
      const w = i >> 2;
      k1 = words[w];
      k2 = words[w + 1];
      k3 = words[w + 2];
      k4 = words[w + 3];
    } else {
      k1 = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
      k2 = b[i + 4] | (b[i + 5] << 8) | (b[i + 6] << 16) | (b[i + 7] << 24);
      k3 = b[i + 8] | (b[i + 9] << 8) | (b[i + 10] << 16) | (b[i + 11] << 24);
      k4 = b[i + 12] | (b[i + 13] << 8) | (b[i + 14] << 16) | (b[i + 15] << 24);
    }

    k1 = Math.imul(k1, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, C2);
    h1 = (h1 << 19) | (h1 >>> 13);
    h1 = (h1 + h2) | 0;
    h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0;

    k2 = Math.imul(k2, C2);
    k2 = (k2 << 16) | (k2 >>> 16);
    h2 ^= Math.imul(k2, C3);
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = (h2 + h3) | 0;
    h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;

    k3 = Math.imul(k3, C3);
    k3 = (k3 << 17) | (k3 >>> 15);
    h3 ^= Math.imul(k3, C4);
    h3 = (h3 << 15) | (h3 >>> 17);
    h3 = (h3 + h4) | 0;
    h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0;

    k4 = Math.imul(k4, C4);
    k4 = (k4 << 18) | (k4 >>> 14);
    h4 ^= Math.imul(k4, C1);
    h4 = (h4 << 13) | (h4 >>> 19);
    h4 = (h4 + h1) | 0;
    h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0;
  }

  // The last 0–15 bytes, as the reference reads them; a word left 0 mixes in nothing.
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  let k4 = 0;
  switch (length & 15) {
    case 15:
      k4 ^= b[i + 14] << 16;
    // falls through
    case 14:
      k4 ^= b[i + 13] << 8;
    // falls through
    case 13:
      k4 ^= b[i + 12];
    // falls through
    case 12:
      k3 ^= b[i + 11] << 24;
    // falls through
    case 11:
      k3 ^= b[i + 10] << 16;
    // falls through
    case 10:
      k3 ^= b[i + 9] << 8;
    // falls through
    case 9:
      k3 ^= b[i + 8];
    // falls through
    case 8:
      k2 ^= b[i + 7] << 24;
    // falls through
    case 7:
      k2 ^= b[i + 6] << 16;
    // falls through
    case 6:
      k2 ^= b[i + 5] << 8;
    // falls through
    case 5:
      k2 ^= b[i + 4];
    // falls through
    case 4:
      k1 ^= b[i + 3] << 24;
    // falls through
    case 3:
      k1 ^= b[i + 2] << 16;
    // falls through
    case 2:
      k1 ^= b[i + 1] << 8;
    // falls through
    case 1:
      k1 ^= b[i];
  }
  k4 = Math.imul(k4, C4);
  k4 = (k4 << 18) | (k4 >>> 14);
  h4 ^= Math.imul(k4, C1);
  k3 = Math.imul(k3, C3);
  k3 = (k3 << 17) | (k3 >>> 15);
  h3 ^= Math.imul(k3, C4);
  k2 = Math.imul(k2, C2);
  k2 = (k2 << 16) | (k2 >>> 16);
  h2 ^= Math.imul(k2, C3);
  k1 = Math.imul(k1, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  h1 ^= Math.imul(k1, C2);

  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return base64url(h1, h2, h3, h4);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
/** h1…h4 as the little-endian bytes MurmurHash3 writes, in base64url. */
function base64url(h1: number, h2: number, h3: number, h4: number): string {
  // Bytes 0–14 as five groups of three, then byte 15 alone (22 characters, no padding).
  const t1 = ((h1 & 255) << 16) | (((h1 >>> 8) & 255) << 8) | ((h1 >>> 16) & 255);
  const t2 = ((h1 >>> 24) << 16) | ((h2 & 255) << 8) | ((h2 >>> 8) & 255);
  const t3 = (((h2 >>> 16) & 255) << 16) | ((h2 >>> 24) << 8) | (h3 & 255);
  const t4 = (((h3 >>> 8) & 255) << 16) | (((h3 >>> 16) & 255) << 8) | (h3 >>> 24);
  const t5 = ((h4 & 255) << 16) | (((h4 >>> 8) & 255) << 8) | ((h4 >>> 16) & 255);
  return String.fromCharCode(
    ALPHABET[t1 >>> 18],
    ALPHABET[(t1 >>> 12) & 63],
    ALPHABET[(t1 >>> 6) & 63],
    ALPHABET[t1 & 63],
    ALPHABET[t2 >>> 18],
    ALPHABET[(t2 >>> 12) & 63],
    ALPHABET[(t2 >>> 6) & 63],
    ALPHABET[t2 & 63],
    ALPHABET[t3 >>> 18],
    ALPHABET[(t3 >>> 12) & 63],
    ALPHABET[(t3 >>> 6) & 63],
    ALPHABET[t3 & 63],
    ALPHABET[t4 >>> 18],
    ALPHABET[(t4 >>> 12) & 63],
    ALPHABET[(t4 >>> 6) & 63],
    ALPHABET[t4 & 63],
    ALPHABET[t5 >>> 18],
    ALPHABET[(t5 >>> 12) & 63],
    ALPHABET[(t5 >>> 6) & 63],
    ALPHABET[t5 & 63],
    ALPHABET[h4 >>> 26],
    ALPHABET[((h4 >>> 24) & 3) << 4],
  );
}
