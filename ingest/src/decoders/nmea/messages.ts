// AIS message layouts (ITU-R M.1371-5, as tabulated in gpsd's "AIVDM/AIVDO protocol
// decoding"): bit offsets and widths of the fields Portwatch uses. Not-available
// sentinels become null here so no caller has to know them.
import type { BitReader } from './bits.ts';
import { cogAt, dimensionsAt, headingAt, latAt, lonAt, mmsiAt, secondAt, sogAt, type Dimensions } from './fields.ts';
import {
  baseStation,
  classBStatic,
  longRange,
  type BaseStationReport,
  type ClassBStaticReport,
  type LongRangeReport,
} from './layouts-4-24-27.ts';

export type { Dimensions } from './fields.ts';
export type { BaseStationReport, ClassBStaticReport, LongRangeReport } from './layouts-4-24-27.ts';

export interface PositionReport {
  kind: 'position';
  messageType: 1 | 2 | 3 | 18 | 19;
  /** 9 digits, zero-padded (coast and group stations start with 0). */
  mmsi: string;
  /** Class A (types 1–3) or class B (18, 19). */
  aisClass: 'A' | 'B';
  /** ITU navigational status 0–15 (class A only; 15 = not defined). */
  navStatus: number | null;
  /** Raw rate-of-turn indicator −127…127 (class A only). */
  rot: number | null;
  /** Knots. */
  sog: number | null;
  /** Degrees true. */
  cog: number | null;
  heading: number | null;
  lat: number | null;
  lon: number | null;
  accuracy: boolean;
  /** UTC second of the fix, when the transmitter gave one (0–59). */
  second: number | null;
  /** Type 19 carries static data too. */
  name?: string;
  shipType?: number;
  dimensions?: Dimensions;
}

export interface StaticReport {
  kind: 'static';
  messageType: 5;
  mmsi: string;
  imo: number | null;
  callsign: string;
  name: string;
  shipType: number;
  dimensions: Dimensions;
  /** Metres. */
  draught: number | null;
  destination: string;
  /** Month-day hour:minute UTC as sent (the message carries no year), e.g. "05-15T16:00". */
  eta: string | null;
}

export interface AtonReport {
  kind: 'aton';
  messageType: 21;
  mmsi: string;
  aidType: number;
  name: string;
  lat: number | null;
  lon: number | null;
  dimensions: Dimensions;
  offPosition: boolean;
  virtual: boolean;
}

export type AisMessage =
  PositionReport | StaticReport | AtonReport | BaseStationReport | ClassBStaticReport | LongRangeReport;
export type DecodedMessage = { ok: true; message: AisMessage } | { ok: false; reason: string };

/**
 * Shortest payload accepted per type: up to the end of the last field read. Transmitters
 * in the wild cut trailing bits (gpsd keeps a 163-bit type 1 as a test case; some type 5
 * senders stop at 420 bits, dropping DTE and spare), and those messages are still good.
 */
const MIN_BITS: Record<number, number> = {
  1: 143,
  2: 143,
  3: 143,
  4: 138,
  5: 420,
  18: 139,
  19: 301,
  21: 270,
  24: 160,
  27: 95,
};
/** Type 24 part B ends its dimensions at bit 162; part A is 160 bits. */
const MIN_BITS_24B = 162;

export function decodeMessage(bits: BitReader): DecodedMessage {
  const type = bits.uint(0, 6);
  const minimum = MIN_BITS[type];
  if (minimum === undefined) return { ok: false, reason: `message type ${type} not supported` };
  if (bits.length < minimum) {
    return { ok: false, reason: `message type ${type} too short: ${bits.length} bits, expected at least ${minimum}` };
  }
  switch (type) {
    case 1:
    case 2:
    case 3:
      return { ok: true, message: classA(bits, type) };
    case 5:
      return { ok: true, message: staticVoyage(bits) };
    case 18:
      return { ok: true, message: classB(bits) };
    case 19:
      return { ok: true, message: extendedClassB(bits) };
    case 4:
      return { ok: true, message: baseStation(bits) };
    case 24: {
      const part = bits.uint(38, 2);
      if (part > 1) return { ok: false, reason: `message type 24: part number ${part}, expected 0 (A) or 1 (B)` };
      if (part === 1 && bits.length < MIN_BITS_24B)
        return {
          ok: false,
          reason: `message type 24 part B too short: ${bits.length} bits, expected at least ${MIN_BITS_24B}`,
        };
      return { ok: true, message: classBStatic(bits) };
    }
    case 27:
      return { ok: true, message: longRange(bits) };
    default:
      return { ok: true, message: aidToNavigation(bits) };
  }
}

function classA(bits: BitReader, type: 1 | 2 | 3): PositionReport {
  const rot = bits.int(42, 8);
  return {
    kind: 'position',
    messageType: type,
    mmsi: mmsiAt(bits),
    aisClass: 'A',
    navStatus: bits.uint(38, 4),
    rot: rot === -128 ? null : rot,
    sog: sogAt(bits, 50),
    accuracy: bits.bool(60),
    lon: lonAt(bits, 61),
    lat: latAt(bits, 89),
    cog: cogAt(bits, 116),
    heading: headingAt(bits, 128),
    second: secondAt(bits, 137),
  };
}

/** Types 18 and 19 share their first 133 bits' meaning. */
function classBCommon(bits: BitReader, type: 18 | 19): PositionReport {
  return {
    kind: 'position',
    messageType: type,
    mmsi: mmsiAt(bits),
    aisClass: 'B',
    navStatus: null,
    rot: null,
    sog: sogAt(bits, 46),
    accuracy: bits.bool(56),
    lon: lonAt(bits, 57),
    lat: latAt(bits, 85),
    cog: cogAt(bits, 112),
    heading: headingAt(bits, 124),
    second: secondAt(bits, 133),
  };
}

function classB(bits: BitReader): PositionReport {
  return classBCommon(bits, 18);
}

function extendedClassB(bits: BitReader): PositionReport {
  return {
    ...classBCommon(bits, 19),
    name: bits.text(143, 20),
    shipType: bits.uint(263, 8),
    dimensions: dimensionsAt(bits, 271),
  };
}

function staticVoyage(bits: BitReader): StaticReport {
  const imo = bits.uint(40, 30);
  const month = bits.uint(274, 4);
  const day = bits.uint(278, 5);
  const hour = bits.uint(283, 5);
  const minute = bits.uint(288, 6);
  // ETA fields use 0 / 24 / 60 for not available; a partial ETA is not worth showing.
  const etaKnown = month >= 1 && month <= 12 && day >= 1 && hour < 24 && minute < 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const draught = bits.uint(294, 8);
  return {
    kind: 'static',
    messageType: 5,
    mmsi: mmsiAt(bits),
    imo: imo === 0 ? null : imo,
    callsign: bits.text(70, 7),
    name: bits.text(112, 20),
    shipType: bits.uint(232, 8),
    dimensions: dimensionsAt(bits, 240),
    draught: draught === 0 ? null : draught / 10,
    destination: bits.text(302, 20),
    eta: etaKnown ? `${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}` : null,
  };
}

function aidToNavigation(bits: BitReader): AtonReport {
  // Names longer than 20 characters continue in an extension of up to 14 characters
  // after bit 272 (its length is whatever the message has left, in whole characters).
  const extensionChars = Math.min(14, Math.floor((bits.length - 272) / 6));
  const extension = extensionChars > 0 ? bits.text(272, extensionChars) : '';
  return {
    kind: 'aton',
    messageType: 21,
    mmsi: mmsiAt(bits),
    aidType: bits.uint(38, 5),
    name: (extension ? bits.text(43, 20, false) + extension : bits.text(43, 20)).trim(),
    lon: lonAt(bits, 164),
    lat: latAt(bits, 192),
    dimensions: dimensionsAt(bits, 219),
    offPosition: bits.bool(259),
    virtual: bits.bool(269),
  };
}
