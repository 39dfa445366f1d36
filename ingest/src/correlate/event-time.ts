// Event time of an indicator in epoch ms. The pipeline writes times in one canonical form
// (2026-01-15T09:00:00.000Z): that form is read by arithmetic, which costs a fraction of
// Date.parse; anything else (offsets, no milliseconds, an impossible date) goes to Date.parse.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function eventTimeMs(iso: string): number {
  if (
    iso.length !== 24 ||
    iso.charCodeAt(4) !== 45 || // -
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(10) !== 84 || // T
    iso.charCodeAt(13) !== 58 || // :
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(19) !== 46 || // .
    iso.charCodeAt(23) !== 90 // Z
  )
    return Date.parse(iso);
  const y = d2(iso, 0) * 100 + d2(iso, 2);
  const mo = d2(iso, 5);
  const d = d2(iso, 8);
  const h = d2(iso, 11);
  const mi = d2(iso, 14);
  const s = d2(iso, 17);
  const ms = d2(iso, 20) * 10 + d1(iso, 22);
  // A non-digit makes its field negative; out-of-range fields are left to Date.parse to judge.
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0)
    return Date.parse(iso);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : DAYS[mo - 1])) return Date.parse(iso);
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

function d1(s: string, at: number): number {
  const c = s.charCodeAt(at) - 48;
  return c >= 0 && c <= 9 ? c : -1e6;
}

function d2(s: string, at: number): number {
  return d1(s, at) * 10 + d1(s, at + 1);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
