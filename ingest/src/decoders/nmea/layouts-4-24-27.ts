// AIS message types 4, 24 and 27 (ITU-R M.1371-5; bit offsets as tabulated in gpsd's
// "AIVDM/AIVDO protocol decoding"):
//   4  base station report: the station's UTC date and time and its surveyed position
//   24 class B static data, sent in two parts: A the name; B ship type, vendor, call sign
//      and dimensions (or the mother ship of an auxiliary craft)
//   27 long-range broadcast (for satellite reception): a position in 1/10 minute, speed in
//      whole knots and course in whole degrees
import type { BitReader } from './bits.ts';
import { dimensionsAt, latAt, lonAt, mmsiAt, type Dimensions } from './fields.ts';

export interface BaseStationReport {
  kind: 'base_station';
  messageType: 4;
  mmsi: string;
  /** The station's UTC clock, ISO-8601; null when it sent not-available values. */
  utc: string | null;
  lat: number | null;
  lon: number | null;
  accuracy: boolean;
  /** Type of position fixing device (7 = surveyed, 0 = undefined). */
  epfd: number;
}

export interface ClassBStaticReport {
  kind: 'static_b';
  messageType: 24;
  mmsi: string;
  part: 'A' | 'B';
  /** Part A. */
  name?: string;
  /** Part B. */
  shipType?: number;
  vendorId?: string;
  callsign?: string;
  dimensions?: Dimensions;
  /** Part B of an auxiliary craft (MMSI 98MIDxxxx): its mother ship instead of dimensions. */
  mothershipMmsi?: string;
}

export interface LongRangeReport {
  kind: 'long_range';
  messageType: 27;
  mmsi: string;
  navStatus: number;
  /** Knots, whole; null when not available (63). */
  sog: number | null;
  /** Degrees, whole; null when not available (511). */
  cog: number | null;
  lat: number | null;
  lon: number | null;
  accuracy: boolean;
  /** False when the position is not from the GNSS (the standard's flag 1). */
  gnss: boolean;
}

export function baseStation(bits: BitReader): BaseStationReport {
  const year = bits.uint(38, 14);
  const month = bits.uint(52, 4);
  const day = bits.uint(56, 5);
  const hour = bits.uint(61, 5);
  const minute = bits.uint(66, 6);
  const second = bits.uint(72, 6);
  // Not available: year 0, month 0, day 0, hour 24, minute 60, second 60.
  let utc: string | null = null;
  if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && hour < 24 && minute < 60 && second < 60) {
    const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (at.getUTCDate() === day) utc = at.toISOString();
  }
  return {
    kind: 'base_station',
    messageType: 4,
    mmsi: mmsiAt(bits),
    utc,
    accuracy: bits.bool(78),
    lon: lonAt(bits, 79),
    lat: latAt(bits, 107),
    epfd: bits.uint(134, 4),
  };
}

/** Part number 0 is A, 1 is B; 2 and 3 are not defined (the caller has checked). */
export function classBStatic(bits: BitReader): ClassBStaticReport {
  const mmsi = mmsiAt(bits);
  if (bits.uint(38, 2) === 0) return { kind: 'static_b', messageType: 24, mmsi, part: 'A', name: bits.text(40, 20) };
  const report: ClassBStaticReport = {
    kind: 'static_b',
    messageType: 24,
    mmsi,
    part: 'B',
    shipType: bits.uint(40, 8),
    vendorId: bits.text(48, 3),
    callsign: bits.text(90, 7),
  };
  if (mmsi.startsWith('98')) report.mothershipMmsi = String(bits.uint(132, 30)).padStart(9, '0');
  else report.dimensions = dimensionsAt(bits, 132);
  return report;
}

export function longRange(bits: BitReader): LongRangeReport {
  // 1/10 minute: 181° (108600) and 91° (54600) mean not available.
  const lon = bits.int(44, 18) / 600;
  const lat = bits.int(62, 17) / 600;
  const sog = bits.uint(79, 6);
  const cog = bits.uint(85, 9);
  return {
    kind: 'long_range',
    messageType: 27,
    mmsi: mmsiAt(bits),
    accuracy: bits.bool(38),
    navStatus: bits.uint(40, 4),
    lon: lon >= -180 && lon <= 180 ? lon : null,
    lat: lat >= -90 && lat <= 90 ? lat : null,
    sog: sog === 63 ? null : sog,
    cog: cog > 359 ? null : cog,
    gnss: !bits.bool(94),
  };
}
