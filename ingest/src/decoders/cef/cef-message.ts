// The CEF message itself:
//   CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension
// Header fields escape `|` and `\` with a backslash. The extension is `key=value` pairs
// separated by spaces; values may contain spaces (a value runs until the next ` key=`) and
// escape `=`, `\`, newlines (`\n`, `\r`). Both passes are single linear scans: no regular
// expressions that could backtrack on a hostile line.
import { rejectRecord } from '../record-fields.ts';

export interface CefMessage {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  /** Null-prototype object: a key named `__proto__` in a record is just a key. */
  extension: Record<string, string>;
}

const HEADER_FIELDS = [
  'Version',
  'Device Vendor',
  'Device Product',
  'Device Version',
  'Signature ID',
  'Name',
  'Severity',
];
const PIPE = 124;
const BACKSLASH = 92;
const EQUALS = 61;
const SPACE = 32;

export function parseCefMessage(message: string): CefMessage {
  const fields: string[] = [];
  let start = 4; // after "CEF:"
  let escaped = false;
  let i = start;
  for (; i < message.length && fields.length < 7; i++) {
    const c = message.charCodeAt(i);
    if (c === BACKSLASH) {
      escaped = true;
      i++;
    } else if (c === PIPE) {
      fields.push(headerField(message.slice(start, i), escaped));
      start = i + 1;
      escaped = false;
    }
  }
  // The spec ends the header with a pipe even when the extension is empty; some senders omit it.
  if (fields.length === 6 && start < message.length) {
    fields.push(headerField(message.slice(start), escaped));
    start = message.length;
  }
  if (fields.length < 7) {
    // What follows the last pipe is a field too (cut short), unless the line ends at a pipe.
    const found = fields.length + (start < message.length && message.slice(start).trim() !== '' ? 1 : 0);
    rejectRecord(
      `CEF header: expected 7 pipe-separated fields (Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity), found ${found}: ${HEADER_FIELDS.slice(found).join(', ')} missing`,
    );
  }
  const [rawVersion, vendor, product, deviceVersion, signatureId, name, severity] = fields;
  // FortiGate's own documented CEF writes "CEF: 0|…".
  const version = rawVersion.trim();
  if (version !== '0' && version !== '1')
    rejectRecord(`CEF header: version expected 0 or 1, got ${JSON.stringify(version.slice(0, 20))}`);
  return {
    version,
    vendor,
    product,
    deviceVersion,
    signatureId,
    name,
    severity: severity.trim(),
    extension: parseExtension(message, start),
  };
}

function headerField(raw: string, escaped: boolean): string {
  if (!escaped) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // Only \| and \\ are header escapes; any other backslash is kept as written.
    if (c === BACKSLASH && (raw.charCodeAt(i + 1) === PIPE || raw.charCodeAt(i + 1) === BACKSLASH)) {
      out += raw[i + 1];
      i++;
    } else out += raw[i];
  }
  return out;
}

function isKeyChar(c: number): boolean {
  // Letters, digits, `_`, and `.`/`-`/`[`/`]` seen in vendor keys (ArcSight `ad.` keys).
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 45 ||
    c === 91 ||
    c === 93
  );
}

function parseExtension(message: string, from: number): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const end = trimmedEnd(message);
  let key: string | null = null;
  let valueStart = from;
  let segment = from; // where the current value began: a key cannot reach back past it
  let escaped = false;
  for (let i = from; i < end; i++) {
    const c = message.charCodeAt(i);
    if (c === BACKSLASH) {
      escaped = true;
      i++;
      continue;
    }
    if (c !== EQUALS) continue;
    let k = i - 1;
    while (k >= segment && isKeyChar(message.charCodeAt(k))) k--;
    const keyStart = k + 1;
    // A key is a run of key characters preceded by a space (or the start of the extension).
    const atBoundary = keyStart < i && (k < from || message.charCodeAt(k) === SPACE);
    if (!atBoundary) continue; // an unescaped `=` inside a value, as some vendors write them
    if (key !== null) out[key] = extensionValue(message, valueStart, k, escaped);
    escaped = false;
    key = message.slice(keyStart, i);
    valueStart = i + 1;
    segment = i + 1;
  }
  if (key !== null) out[key] = extensionValue(message, valueStart, end, escaped);
  else if (message.slice(from, end).trim() !== '') rejectRecord('CEF extension: expected key=value pairs');
  return out;
}

function extensionValue(message: string, start: number, end: number, escaped: boolean): string {
  while (end > start && message.charCodeAt(end - 1) === SPACE) end--;
  const raw = message.slice(start, end);
  if (!escaped) return raw;
  // Copies the runs between escapes whole: a character at a time cost a quarter second on a
  // megabyte value.
  let out = '';
  let from = 0;
  for (let i = raw.indexOf('\\'); i !== -1 && i + 1 < raw.length; i = raw.indexOf('\\', from)) {
    out += raw.slice(from, i);
    const next = raw[i + 1];
    if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else if (next === '=' || next === '\\' || next === '|') out += next;
    else out += `\\${next}`;
    from = i + 2;
  }
  return out + raw.slice(from);
}

function trimmedEnd(message: string): number {
  let end = message.length;
  while (end > 0) {
    const c = message.charCodeAt(end - 1);
    if (c !== SPACE && c !== 10 && c !== 13 && c !== 9) break;
    end--;
  }
  return end;
}
