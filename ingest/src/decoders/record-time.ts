// Wire formats write time in many ways (Suricata `+0000`, Zeek epoch floats, Axis epoch
// milliseconds, RFC 3164 without a year); every decoder hands the pipeline one form:
// ISO-8601 UTC with milliseconds. These functions return null instead of throwing so that
// each decoder can name the field in its rejection.

/** Latest instant we accept: 9999-12-31T23:59:59.999Z (beyond it toISOString changes shape). */
const MAX_EPOCH_MS = 253402300799999;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two-digit number at text[start], or a negative number if either is not a digit. */
function twoDigitsAt(text: string, start: number): number {
  const a = text.charCodeAt(start) - 48;
  const b = text.charCodeAt(start + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The number written in text[start, start + count), or -1 if any of it is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

// Zero-padded numbers, looked up rather than formatted: every record's time is built from them.
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
// Larger pieces of the ISO text, so that one is joined from four: `HH:MM:` for each minute of
// the day, `SS.` for each second, `mmmZ` for each millisecond (12 concatenations were 12 strings).
const HOUR_MINUTE = Array.from({ length: 1440 }, (_, n) => `${TWO_DIGITS[Math.floor(n / 60)]}:${TWO_DIGITS[n % 60]}:`);
const SECOND_DOT = Array.from({ length: 60 }, (_, n) => `${TWO_DIGITS[n]}.`);
const MILLIS_Z = THREE_DIGITS.map((text) => `${text}Z`);

/**
 * Whether text starts with `YYYY-MM-DDTHH:MM:SS.mmm` of a real date and time (no leap
 * second): the shape most feeds write, read here in one pass without taking it apart.
 */
function hasCanonicalStart(text: string): boolean {
  if (text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46) return false;
  const century = twoDigitsAt(text, 0);
  const yearOfCentury = twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  if (century < 10 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  if (day > DAYS_IN_MONTH[month - 1]) {
    const year = century * 100 + yearOfCentury;
    if (!(month === 2 && day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  }
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  const ms = text.charCodeAt(22) - 48;
  return (
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    twoDigitsAt(text, 20) >= 0 &&
    ms >= 0 &&
    ms <= 9
  );
}

/**
 * The answer for the two shapes nearly every record has, or undefined for any other text:
 * `…SS.mmmZ` itself, and Suricata's `…SS.ffffff+0000` (up to nine fraction digits, then
 * `Z`, `+0000` or `+00:00`) cut to milliseconds.
 */
function canonicalOrUndefined(text: string): string | undefined {
  const length = text.length;
  if (length < 24 || length > 38 || !hasCanonicalStart(text)) return undefined;
  if (length === 24) return text.charCodeAt(23) === 90 /* Z */ ? text : undefined;
  let i = 23;
  while (i < length && i < 29) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    i++;
  }
  const rest = length - i;
  const zone = text.charCodeAt(i);
  const utc =
    (rest === 1 && zone === 90) ||
    (rest === 5 &&
      zone === 43 &&
      text.charCodeAt(i + 1) === 48 &&
      text.charCodeAt(i + 2) === 48 &&
      text.charCodeAt(i + 3) === 48 &&
      text.charCodeAt(i + 4) === 48) ||
    (rest === 6 &&
      zone === 43 &&
      text.charCodeAt(i + 1) === 48 &&
      text.charCodeAt(i + 2) === 48 &&
      text.charCodeAt(i + 3) === 58 &&
      text.charCodeAt(i + 4) === 48 &&
      text.charCodeAt(i + 5) === 48);
  return utc ? `${text.slice(0, 23)}Z` : undefined;
}

/**
 * ISO-8601 / RFC 3339 text → ISO UTC. Accepts `Z`, `+01:00`, `+0100`, a space instead of
 * `T`, optional seconds, up to nanosecond fractions (truncated to ms). Text without a zone
 * is taken as UTC: devices that omit the zone are, in our experience, configured for UTC,
 * and guessing a local zone would be worse.
 * Hand-written rather than a regular expression because every record of every feed passes
 * here: UTC input (the common case) is rebuilt as text without allocating a Date.
 */
export function isoFromText(text: string): string | null {
  const canonical = canonicalOrUndefined(text);
  if (canonical !== undefined) return canonical;
  const length = text.length;
  if (length < 16 || length > 40) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const sep = text.charCodeAt(10);
  if (year < 1000 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58) return null;
  if (sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32) return null;
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return null;
  let pos = 16;
  let second = 0;
  if (text.charCodeAt(pos) === 58 /* : */) {
    second = digitsAt(text, pos + 1, 2);
    // 60 is a leap second: Date.UTC below rolls it into the next minute.
    if (second < 0 || second > 60) return null;
    pos += 3;
  }
  let millis = 0;
  const dot = text.charCodeAt(pos);
  if (dot === 46 || dot === 44) {
    let i = pos + 1;
    while (i < length && i - pos <= 9) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (i - pos <= 3) millis = millis * 10 + d;
      i++;
    }
    if (i === pos + 1) return null;
    for (let k = i - pos - 1; k < 3; k++) millis *= 10;
    pos = i;
  }
  let offsetMinutes = 0;
  if (pos < length) {
    const zone = text.charCodeAt(pos);
    if (zone === 90 || zone === 122) {
      if (pos + 1 !== length) return null;
    } else if (zone === 43 || zone === 45) {
      const colon = text.charCodeAt(pos + 3) === 58 ? 1 : 0;
      const offHours = digitsAt(text, pos + 1, 2);
      const offMinutes = digitsAt(text, pos + 3 + colon, 2);
      if (pos + 5 + colon !== length || offHours < 0 || offHours > 23 || offMinutes < 0 || offMinutes > 59) return null;
      offsetMinutes = (offHours * 60 + offMinutes) * (zone === 45 ? -1 : 1);
    } else return null;
  }
  if (offsetMinutes === 0 && second < 60) {
    // Seconds and at least three fraction digits (Suricata's microseconds, or already the
    // canonical shape, kept as is): the first 23 characters are the answer.
    if (sep === 84 && text.charCodeAt(19) === 46 && pos >= 23) {
      return length === 24 && pos === 23 && text.charCodeAt(23) === 90 ? text : `${text.slice(0, 23)}Z`;
    }
    return `${text.slice(0, 10)}T${text.slice(11, 16)}:${TWO_DIGITS[second]}.${THREE_DIGITS[millis]}Z`;
  }
  return isoFromEpochMs(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000);
}

/** Milliseconds since 1970 → ISO UTC, or null when not a finite time in years 1970–9999. */
export function isoFromEpochMs(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_EPOCH_MS) return null;
  // Arithmetic instead of new Date(ms).toISOString(), which costs five times as much and is
  // paid for every record of epoch-stamped feeds (Zeek, Axis). Same output for 1970–9999.
  const t = Math.floor(ms);
  const days = Math.floor(t / 86_400_000);
  let rest = t - days * 86_400_000;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  return datePart(days) + HOUR_MINUTE[hour * 60 + minute] + SECOND_DOT[second] + MILLIS_Z[millis];
}

// The `YYYY-MM-DDT` of the last day written: records come in time order, days change seldom.
let lastDays = NaN;
let lastDatePart = '';

function datePart(days: number): string {
  if (days !== lastDays) {
    const [year, month, day] = civilFromDays(days);
    lastDatePart = `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
    lastDays = days;
  }
  return lastDatePart;
}

/** Days since 1970-01-01 → proleptic Gregorian [year, month 1–12, day] (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Seconds since 1970 (Zeek's float `ts`) → ISO UTC. */
export function isoFromEpochSeconds(seconds: number): string | null {
  // Rounding, not flooring: 1710382267.532 * 1000 is 1710382267531.9998 in binary floating point.
  return Number.isFinite(seconds) ? isoFromEpochMs(Math.round(seconds * 1000)) : null;
}

/**
 * An epoch number whose unit the sender did not declare. Values from 1e11 on are taken as
 * milliseconds: as seconds they would be after the year 5000, as milliseconds they are
 * after March 1973, so no plausible record is misread.
 */
export function isoFromEpochGuess(value: number): string | null {
  return value >= 1e11 ? isoFromEpochMs(value) : isoFromEpochSeconds(value);
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Month abbreviation (`Mar`, `MAR`, `mar`) → 0–11, or undefined. */
export function monthIndex(abbreviation: string): number | undefined {
  const key = abbreviation.toLowerCase();
  return Object.hasOwn(MONTHS, key) ? MONTHS[key] : undefined;
}
