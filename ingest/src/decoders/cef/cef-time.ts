// CEF time fields (`rt`, `start`, `end`) come in the forms the CEF specification lists:
// epoch milliseconds, or `MMM dd yyyy HH:mm:ss[.SSS] [zone]` (the year may be missing);
// vendors also send ISO-8601, and Trend Micro an offset after the zone name
// (`Mar 22 2018 08:23:23 GMT+00:00`). Named zones other than UTC/GMT/Z cannot be resolved
// without a time-zone database guess, so they are refused rather than silently shifted (the
// decoder then falls back on the syslog or arrival time, and says so).
import { isoFromEpochMs, isoFromText, monthIndex } from '../record-time.ts';

const CEF_DATE =
  /^([A-Za-z]{3}) +(\d{1,2})(?: (\d{4}))? (\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?(?: (?:UTC|GMT|Z|(?:UTC|GMT)?([+-]\d\d:?\d\d)))?$/;

export function isoFromCefTime(text: string, receivedAt: Date): string | null {
  if (text.length === 0 || text.length > 40) return null;
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    if (text.length >= 10 && text.length <= 15 && allDigits(text)) return isoFromEpochMs(+text);
    return isoFromText(text);
  }
  const m = CEF_DATE.exec(text);
  if (m === null) return null;
  const month = monthIndex(m[1]);
  if (month === undefined) return null;
  const day = +m[2];
  const year = m[3] === undefined ? receivedAt.getUTCFullYear() : +m[3];
  const [h, mi, s] = [+m[4], +m[5], +m[6]];
  if (day < 1 || day > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = m[7] === undefined ? 0 : +m[7].padEnd(3, '0');
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined) {
    const digits = zone.replace(':', '');
    offset = (+digits.slice(1, 3) * 60 + +digits.slice(3, 5)) * (zone[0] === '-' ? -1 : 1);
  }
  let at = Date.UTC(year, month, day, h, mi, s, ms);
  if (new Date(at).getUTCDate() !== day) return null;
  at -= offset * 60_000;
  // Without a year, a time more than a day after arrival belongs to the previous year.
  if (m[3] === undefined && at > receivedAt.getTime() + 86_400_000)
    at = Date.UTC(year - 1, month, day, h, mi, s, ms) - offset * 60_000;
  return isoFromEpochMs(at);
}

function allDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
