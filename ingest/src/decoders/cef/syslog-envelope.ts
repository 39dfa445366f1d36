// The syslog line around a CEF message. Firewalls and VPN concentrators send CEF as
// RFC 5424 (`<134>1 2025-03-14T02:11:07.532Z fw-gate-01 CEF - - - CEF:0|…`), as BSD/RFC 3164
// (`<134>Mar 14 02:11:07 fw-gate-01 CEF:0|…`, often with a tag, sometimes without the PRI
// when read from a file), or bare (`CEF:0|…`). We need the time, the host and the message.
import { rejectRecord, show } from '../record-fields.ts';
import { isoFromEpochMs, isoFromText, monthIndex } from '../record-time.ts';

export interface SyslogEnvelope {
  /** ISO UTC, or null when the line carries no usable time. */
  time: string | null;
  host: string | null;
  /** The CEF message, starting at `CEF:`. */
  message: string;
}

export function openSyslog(line: string, receivedAt: Date): SyslogEnvelope {
  if (line.startsWith('CEF:')) return { time: null, host: null, message: line };
  let pos = 0;
  if (line.charCodeAt(0) === 60 /* < */) {
    const close = line.indexOf('>');
    if (close < 2 || close > 4 || !/^\d+$/.test(line.slice(1, close)) || +line.slice(1, close) > 191)
      rejectRecord(`syslog PRI: expected <0>–<191>, got ${show(line.slice(0, 6))}`);
    pos = close + 1;
    // RFC 5424 puts a version digit and a space right after PRI.
    if (line.charCodeAt(pos) >= 49 && line.charCodeAt(pos) <= 57 && line.charCodeAt(pos + 1) === 32)
      return rfc5424(line, pos + 2);
  }
  return bsd(line, pos, receivedAt);
}

function rfc5424(line: string, start: number): SyslogEnvelope {
  const fields: string[] = [];
  let pos = start;
  // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID, each "-" when absent.
  for (let n = 0; n < 5; n++) {
    const space = line.indexOf(' ', pos);
    if (space === -1)
      rejectRecord(
        'syslog header: RFC 5424 header ends before the message (expected TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD)',
      );
    fields.push(line.slice(pos, space));
    pos = space + 1;
  }
  pos = skipStructuredData(line, pos);
  let message = line.slice(pos);
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  const [stamp, hostField] = fields;
  let time: string | null = null;
  if (stamp !== '-') {
    time = isoFromText(stamp);
    if (time === null) rejectRecord(`syslog timestamp: expected RFC 3339 time, got ${show(stamp)}`);
  }
  return { time, host: hostField === '-' ? null : hostField, message: requireCef(message) };
}

/** `-`, or one or more `[id name="value"…]` elements whose values escape `"`, `\` and `]`. */
function skipStructuredData(line: string, pos: number): number {
  if (line.charCodeAt(pos) === 45 /* - */) return line.charCodeAt(pos + 1) === 32 ? pos + 2 : pos + 1;
  while (line.charCodeAt(pos) === 91 /* [ */) {
    let inQuotes = false;
    let i = pos + 1;
    for (; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (inQuotes && c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inQuotes = !inQuotes;
      else if (!inQuotes && c === 93 /* ] */) break;
    }
    if (i >= line.length) rejectRecord('syslog structured data: unterminated [ element');
    pos = i + 1;
  }
  return line.charCodeAt(pos) === 32 ? pos + 1 : pos;
}

function bsd(line: string, pos: number, receivedAt: Date): SyslogEnvelope {
  const cef = line.indexOf('CEF:', pos);
  if (cef === -1) rejectRecord('not CEF: no "CEF:" header in the line');
  const header = line.slice(pos, cef).trim();
  if (header === '') return { time: null, host: null, message: line.slice(cef) };
  // `Mmm dd hh:mm:ss host [tag:]`, or an RFC 3339 stamp in its place (rsyslog's forward format).
  const parts = words(header, 6);
  let time: string | null;
  let hostIndex: number;
  if (parts.length >= 3 && monthIndex(parts[0]) !== undefined) {
    time = bsdTime(parts[0], parts[1], parts[2], receivedAt);
    if (time === null)
      rejectRecord(`syslog timestamp: expected "Mmm dd hh:mm:ss", got ${show(parts.slice(0, 3).join(' '))}`);
    hostIndex = 3;
  } else {
    time = isoFromText(parts[0]);
    if (time === null)
      rejectRecord(`syslog timestamp: expected "Mmm dd hh:mm:ss" or RFC 3339 time, got ${show(parts[0])}`);
    hostIndex = 1;
  }
  const host = parts[hostIndex];
  return { time, host: host === undefined || host.endsWith(':') ? null : host, message: line.slice(cef) };
}

/**
 * RFC 3164 stamps have no year and no zone: the year is the one that puts the time nearest
 * before arrival (a December record read in January belongs to last year), the zone UTC.
 */
function bsdTime(month: string, day: string, clock: string, receivedAt: Date): string | null {
  const m = monthIndex(month);
  const d = +day;
  if (
    m === undefined ||
    !Number.isInteger(d) ||
    d < 1 ||
    d > 31 ||
    clock.length !== 8 ||
    clock.charCodeAt(2) !== 58 ||
    clock.charCodeAt(5) !== 58
  )
    return null;
  const h = twoDigits(clock, 0);
  const mi = twoDigits(clock, 3);
  const s = twoDigits(clock, 6);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return null;
  let year = receivedAt.getUTCFullYear();
  let at = Date.UTC(year, m, d, h, mi, s);
  if (at > receivedAt.getTime() + 86_400_000) {
    year -= 1;
    at = Date.UTC(year, m, d, h, mi, s);
  }
  // Date.UTC rolls 31 April into 1 May: such a day does not exist.
  if (d > 28 && new Date(at).getUTCDate() !== d) return null;
  return isoFromEpochMs(at) ?? new Date(at).toISOString();
}

/** The two-digit number at text[at, at + 2), or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function requireCef(message: string): string {
  // RFC 5424 lets a UTF-8 MSG start with a byte-order mark (Microsoft ATA sends one).
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  if (!message.startsWith('CEF:'))
    rejectRecord(`not CEF: the syslog message starts with ${show(message.slice(0, 20))}, expected "CEF:"`);
  return message;
}

/** The first `max` space-separated words (runs of spaces count as one), as split(/ +/, max). */
function words(text: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < max) {
    const space = text.indexOf(' ', start);
    if (space === -1) {
      out.push(text.slice(start));
      break;
    }
    out.push(text.slice(start, space));
    start = space + 1;
    while (text.charCodeAt(start) === 32) start++;
  }
  return out;
}
