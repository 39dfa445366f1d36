// Fields that several AIS message layouts share (ITU-R M.1371-5): where they are and what
// their not-available values are. Not-available sentinels become null here so that no caller
// has to know them.
import type { BitReader } from './bits.ts';

export interface Dimensions {
  /** Metres from the position reference to bow, stern, port and starboard. */
  toBow: number;
  toStern: number;
  toPort: number;
  toStarboard: number;
}

export function mmsiAt(bits: BitReader): string {
  return String(bits.uint(8, 30)).padStart(9, '0');
}

/** Longitude in 1/10 000 minute: 181° means not available; anything else off the globe is garbage. */
export function lonAt(bits: BitReader, start: number): number | null {
  const lon = bits.int(start, 28) / 600_000;
  return lon >= -180 && lon <= 180 ? lon : null;
}

export function latAt(bits: BitReader, start: number): number | null {
  const lat = bits.int(start, 27) / 600_000;
  return lat >= -90 && lat <= 90 ? lat : null;
}

/** SOG in 0.1 kn; 1023 = not available (1022 means 102.2 kn or more). */
export function sogAt(bits: BitReader, start: number): number | null {
  const raw = bits.uint(start, 10);
  return raw === 1023 ? null : raw / 10;
}

/** COG in 0.1°; 3600 = not available, above it is invalid. */
export function cogAt(bits: BitReader, start: number): number | null {
  const raw = bits.uint(start, 12);
  return raw >= 3600 ? null : raw / 10;
}

/** True heading in degrees; 511 = not available. */
export function headingAt(bits: BitReader, start: number): number | null {
  const raw = bits.uint(start, 9);
  return raw > 359 ? null : raw;
}

/** UTC second; 60 = not available, 61–63 = positioning system modes, not a time. */
export function secondAt(bits: BitReader, start: number): number | null {
  const raw = bits.uint(start, 6);
  return raw < 60 ? raw : null;
}

export function dimensionsAt(bits: BitReader, start: number): Dimensions {
  return {
    toBow: bits.uint(start, 9),
    toStern: bits.uint(start + 9, 9),
    toPort: bits.uint(start + 18, 6),
    toStarboard: bits.uint(start + 24, 6),
  };
}
