// AIS messages as NMEA 0183 `!AIVDM` sentences, the way a shore receiver puts them on the
// wire: 6-bit armored payload, fill bits, fragments of at most 60 payload characters (so a
// sentence stays within NMEA's 82 characters), checksum, and optionally an NMEA 4.10 tag
// block naming the receiver and the time it heard the message.

export interface AisDimensions {
  /** Metres from the GNSS antenna to bow, stern, port and starboard. */
  toBow: number;
  toStern: number;
  toPort: number;
  toStarboard: number;
}

export interface AisPositionInput {
  mmsi: number | string;
  /** Degrees; null encodes "not available" (91 / 181). */
  lat: number | null;
  lon: number | null;
  /** Knots; null encodes 1023 (not available). */
  sog: number | null;
  /** Degrees true; null encodes 3600. */
  cog: number | null;
  /** Degrees true; null encodes 511. */
  heading: number | null;
  /** ITU navigational status 0–15 (class A only). */
  navStatus: number;
  /** UTC second of the fix; null encodes 60 (not available). */
  second: number | null;
  /** Class B transponder: a type 18 report instead of type 1. */
  classB?: boolean;
}

export interface AisStaticInput {
  mmsi: number | string;
  /** Null encodes 0 (not available). */
  imo: number | null;
  callsign: string;
  name: string;
  /** Ship-and-cargo type 0–99 (70 cargo, 80 tanker, 60 passenger…). */
  shipType: number;
  destination: string;
  /** Metres; null encodes 0 (not available). */
  draught: number | null;
  dimensions: AisDimensions;
  /** UTC; omitted encodes "not available". */
  eta?: { month: number; day: number; hour: number; minute: number };
}

export interface NmeaEncodeOptions {
  /** VHF channel the message was heard on (default A). */
  channel?: 'A' | 'B';
  /** Sequential message id 0–9 linking the fragments of a multi-sentence message (default 1). */
  sequenceId?: number;
  /** Prefix each sentence with `\s:<source>,c:<unixTime>*hh\`. */
  tagBlock?: { source: string; unixTime: number };
}

const MAX_FRAGMENT_CHARS = 60;

class BitWriter {
  readonly bits: Uint8Array;

  constructor(length: number) {
    this.bits = new Uint8Array(length);
  }

  /** Writes `value` as a `width`-bit big-endian field; negative values as two's complement. */
  put(start: number, width: number, value: number): void {
    let v = value < 0 ? 2 ** width + value : value;
    for (let i = width - 1; i >= 0; i--) {
      this.bits[start + i] = v % 2;
      v = Math.floor(v / 2);
    }
  }

  /**
   * 6-bit text, upper-cased; characters outside the AIS alphabet become spaces. An empty
   * field is all '@' (the standard's "not available"); a short one is padded with spaces,
   * as deployed transponders do.
   */
  text(start: number, chars: number, value: string): void {
    const upper = value.toUpperCase();
    const pad = upper.length === 0 ? 64 : 32;
    for (let i = 0; i < chars; i++) {
      const code = i < upper.length ? upper.charCodeAt(i) : pad;
      const sixbit = code >= 64 && code <= 95 ? code - 64 : code >= 32 && code <= 63 ? code : 32;
      this.put(start + i * 6, 6, sixbit);
    }
  }

  armor(): { payload: string; fillBits: number } {
    const chars = Math.ceil(this.bits.length / 6);
    let payload = '';
    for (let c = 0; c < chars; c++) {
      let value = 0;
      for (let b = 0; b < 6; b++) value = value * 2 + (this.bits[c * 6 + b] ?? 0);
      payload += String.fromCharCode(value < 40 ? value + 48 : value + 56);
    }
    return { payload, fillBits: chars * 6 - this.bits.length };
  }
}

function checksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

function tagBlockOf(tag: NmeaEncodeOptions['tagBlock']): string {
  if (!tag) return '';
  const body = `s:${tag.source},c:${Math.floor(tag.unixTime)}`;
  return `\\${body}*${checksum(body)}\\`;
}

function sentences(writer: BitWriter, options: NmeaEncodeOptions): string[] {
  const { payload, fillBits } = writer.armor();
  const count = Math.ceil(payload.length / MAX_FRAGMENT_CHARS);
  const sequenceId = count > 1 ? String((options.sequenceId ?? 1) % 10) : '';
  const channel = options.channel ?? 'A';
  const tag = tagBlockOf(options.tagBlock);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const part = payload.slice(i * MAX_FRAGMENT_CHARS, (i + 1) * MAX_FRAGMENT_CHARS);
    const body = `AIVDM,${count},${i + 1},${sequenceId},${channel},${part},${i === count - 1 ? fillBits : 0}`;
    out.push(`${tag}!${body}*${checksum(body)}`);
  }
  return out;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function mmsiNumber(mmsi: number | string): number {
  return clamp(Math.trunc(Number(mmsi)) || 0, 0, 2 ** 30 - 1);
}

/** One sentence: a type 1 (class A) or type 18 (class B) position report. */
export function encodeAisPosition(report: AisPositionInput, options: NmeaEncodeOptions = {}): string[] {
  const w = new BitWriter(168);
  const classB = report.classB === true;
  const lon = report.lon === null ? 181 * 600_000 : Math.round(clamp(report.lon, -180, 180) * 600_000);
  const lat = report.lat === null ? 91 * 600_000 : Math.round(clamp(report.lat, -90, 90) * 600_000);
  const sog = report.sog === null ? 1023 : clamp(Math.round(report.sog * 10), 0, 1022);
  const cog = report.cog === null ? 3600 : Math.round((((report.cog % 360) + 360) % 360) * 10) % 3600;
  const heading = report.heading === null ? 511 : Math.round(((report.heading % 360) + 360) % 360) % 360;
  const second = report.second === null ? 60 : clamp(Math.trunc(report.second), 0, 63);
  w.put(0, 6, classB ? 18 : 1);
  w.put(8, 30, mmsiNumber(report.mmsi));
  if (classB) {
    w.put(46, 10, sog);
    w.put(57, 28, lon);
    w.put(85, 27, lat);
    w.put(112, 12, cog);
    w.put(124, 9, heading);
    w.put(133, 6, second);
    // A "CS" unit (carrier-sense, the common kind) with display, DSC, whole band and
    // message 22 support, in ITDMA communication state: what a typical leisure set sends.
    w.put(141, 5, 0b10111);
    w.put(148, 1, 1);
  } else {
    w.put(38, 4, clamp(Math.trunc(report.navStatus), 0, 15));
    w.put(42, 8, -128); // no rate-of-turn sensor: the default of most installations
    w.put(50, 10, sog);
    w.put(61, 28, lon);
    w.put(89, 27, lat);
    w.put(116, 12, cog);
    w.put(128, 9, heading);
    w.put(137, 6, second);
  }
  return sentences(w, options);
}

/** Two sentences: a type 5 static and voyage report (424 bits) split in two fragments. */
export function encodeAisStatic(report: AisStaticInput, options: NmeaEncodeOptions = {}): string[] {
  const w = new BitWriter(424);
  w.put(0, 6, 5);
  w.put(8, 30, mmsiNumber(report.mmsi));
  w.put(40, 30, report.imo === null ? 0 : clamp(Math.trunc(report.imo), 0, 2 ** 30 - 1));
  w.text(70, 7, report.callsign);
  w.text(112, 20, report.name);
  w.put(232, 8, clamp(Math.trunc(report.shipType), 0, 255));
  const d = report.dimensions;
  w.put(240, 9, clamp(Math.round(d.toBow), 0, 511));
  w.put(249, 9, clamp(Math.round(d.toStern), 0, 511));
  w.put(258, 6, clamp(Math.round(d.toPort), 0, 63));
  w.put(264, 6, clamp(Math.round(d.toStarboard), 0, 63));
  w.put(270, 4, 1); // position fix from GPS
  const eta = report.eta;
  w.put(274, 4, eta ? clamp(eta.month, 1, 12) : 0);
  w.put(278, 5, eta ? clamp(eta.day, 1, 31) : 0);
  w.put(283, 5, eta ? clamp(eta.hour, 0, 23) : 24);
  w.put(288, 6, eta ? clamp(eta.minute, 0, 59) : 60);
  w.put(294, 8, report.draught === null ? 0 : clamp(Math.round(report.draught * 10), 0, 255));
  w.text(302, 20, report.destination);
  return sentences(w, options);
}
