// Zeek JSON logs. `notice` records, `weird` records and `ssl` records whose certificate failed
// validation become indicators; every other log is "not used", with the log named in the
// reason (logs.ts says how a log is recognised). Keys are flat and dotted (`id.orig_h`);
// `ts` is epoch seconds (float), epoch milliseconds (JSON::TS_MILLIS) or ISO-8601
// (JSON::TS_ISO8601).
import type { Observable, Severity } from '@portwatch/schema';
import {
  accept,
  newDraft,
  notUsed,
  type DecodeContext,
  type DecodeResult,
  type Decoder,
  type DecoderFactory,
  type Draft,
} from '../decoder.ts';
import {
  clipObservable,
  clipTag,
  clipTitle,
  lookup,
  parseJsonObject,
  readOptionalInteger,
  readOptionalString,
  readString,
  readTime,
  rejectRecord,
  rejectionFrom,
  type JsonObject,
} from '../record-fields.ts';
import { logByFields, notUsedReason, WRAPPED_LOGS } from './logs.ts';

export const createZeekDecoder: DecoderFactory = () => {
  const decoder: Decoder = { format: 'zeek', decode: decodeZeek };
  return decoder;
};

interface NoteMapping {
  type: string;
  severity: Severity;
}

// Notes whose meaning Portwatch rules rely on; every other note is a `net.notice`.
const NOTES: Record<string, NoteMapping> = {
  'Scan::Port_Scan': { type: 'net.scan', severity: 3 },
  'Scan::Address_Scan': { type: 'net.scan', severity: 3 },
  'Scan::Random_Scan': { type: 'net.scan', severity: 3 },
  'SSH::Password_Guessing': { type: 'auth.failure', severity: 3 },
  'FTP::Bruteforcing': { type: 'auth.failure', severity: 3 },
};
const OTHER_NOTE: NoteMapping = { type: 'net.notice', severity: 2 };

function decodeZeek(payload: string, ctx: DecodeContext): DecodeResult {
  try {
    let record = parseJsonObject(payload, 'a Zeek JSON log record', ctx);
    let path = readOptionalString(record, '_path');
    if (path === undefined) {
      const keys = Object.keys(record);
      if (keys.length === 1 && WRAPPED_LOGS.has(keys[0])) {
        const inner = record[keys[0]];
        if (inner === null || typeof inner !== 'object' || Array.isArray(inner))
          rejectRecord(`${keys[0]}: expected the ${keys[0]} log record object`);
        path = keys[0];
        record = inner as JsonObject;
      }
    }
    const time = readTime(record, 'ts', 'ts', 'guess');
    const log = path ?? logByFields(record);
    if (log === undefined)
      rejectRecord(
        'not a Zeek log record: no _path, and none of the fields of a Zeek log (note, uid, fuid, conn_state, name…)',
      );
    switch (log) {
      case 'notice':
        return accept(noticeDraft(record, time));
      case 'weird':
        return accept(weirdDraft(record, time));
      case 'ssl':
        return sslResult(record, time);
      case 'conn':
        checkConn(record);
        return notUsed(notUsedReason('conn'));
      default:
        return notUsed(notUsedReason(log));
    }
  } catch (error) {
    return rejectionFrom(error);
  }
}

/** Zeek writes `id.orig_h`; a few shippers nest it as {"id": {"orig_h": …}}. */
const FLAT_KEYS = { orig_h: 'id.orig_h', resp_h: 'id.resp_h', orig_p: 'id.orig_p', resp_p: 'id.resp_p' } as const;

function endpoint(record: JsonObject, field: 'orig_h' | 'resp_h' | 'orig_p' | 'resp_p'): unknown {
  // Keys from a table rather than built per call: a key made anew is looked up by its text.
  const flat = record[FLAT_KEYS[field]];
  if (flat !== undefined) return flat;
  const id = record.id;
  return id !== null && typeof id === 'object' ? (id as JsonObject)[field] : undefined;
}

function address(record: JsonObject, field: 'orig_h' | 'resp_h'): string | undefined {
  const value = endpoint(record, field);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '')
    rejectRecord(`id.${field}: expected an IP address string, got ${JSON.stringify(value)?.slice(0, 60)}`);
  return value;
}

function checkConn(record: JsonObject): void {
  readString(record, 'uid');
  address(record, 'orig_h');
  address(record, 'resp_h');
  readOptionalString(record, 'conn_state');
}

/** The addresses a record names, in order, each once: as `ips` (to locate the zone) and observables. */
function addresses(candidates: (string | undefined)[]): { ips: string[]; observables: Observable[] } {
  const ips: string[] = [];
  const observables: Observable[] = [];
  for (const ip of candidates) {
    if (ip !== undefined && !ips.includes(ip)) {
      ips.push(ip);
      observables.push({ type: 'ip', value: clipObservable(ip) });
    }
  }
  return { ips, observables };
}

function noticeDraft(record: JsonObject, time: string): Draft {
  const note = readString(record, 'note');
  const msg = readOptionalString(record, 'msg') ?? note;
  const uid = readOptionalString(record, 'uid');
  // Scan notices name the scanner in `src` and have no connection id.
  const src = readOptionalString(record, 'src');
  const dst = readOptionalString(record, 'dst');
  const orig = address(record, 'orig_h');
  const resp = address(record, 'resp_h');
  readOptionalInteger(record, 'p', 'p', 0, 65535);
  const mapping = lookup(NOTES, note) ?? OTHER_NOTE;
  const { ips, observables } = addresses([src, orig, dst, resp]);
  const d = newDraft({
    time,
    domain: 'cyber',
    type: mapping.type,
    title: clipTitle(`${note}: ${msg}`),
    severity: mapping.severity,
    confidence: 80,
    location: null,
    // `peer_descr` names the Zeek node (worker) that raised the notice.
    sensorId: readOptionalString(record, 'peer_descr') ?? null,
    vendor: 'Zeek',
    product: 'Zeek',
    observables,
    tags: [clipTag(`note:${note}`)],
    ips,
    // Two notices of one note from one source in one instant differ in what they are about:
    // the target and the message (a scan of another host, another count).
    sourceRef: `${uid ?? ''}|${String(record.ts)}|${note}|${src ?? orig ?? ''}|${dst ?? resp ?? ''}|${msg}`,
    raw: record,
  });
  if (uid !== undefined) d.correlationKey = uid;
  return d;
}

/**
 * A weird: traffic that does not follow its protocol — broken software, or someone evading
 * or confusing the sensor (Zeek's own words). The same kind of finding as a Suricata anomaly.
 */
function weirdDraft(record: JsonObject, time: string): Draft {
  const name = readString(record, 'name');
  const addl = readOptionalString(record, 'addl');
  const uid = readOptionalString(record, 'uid');
  const orig = address(record, 'orig_h');
  const resp = address(record, 'resp_h');
  const { ips, observables } = addresses([orig, resp]);
  const d = newDraft({
    time,
    domain: 'cyber',
    type: 'ids.anomaly',
    title: clipTitle(`Zeek weird: ${name}${addl === undefined ? '' : ` (${addl})`}`),
    severity: 2,
    confidence: 50,
    location: null,
    sensorId: readOptionalString(record, 'peer') ?? null,
    vendor: 'Zeek',
    product: 'Zeek',
    observables,
    tags: [clipTag(`weird:${name}`)],
    ips,
    sourceRef: `weird|${uid ?? ''}|${String(record.ts)}|${name}|${addl ?? ''}|${orig ?? ''}|${resp ?? ''}`,
    raw: record,
  });
  if (uid !== undefined) d.correlationKey = uid;
  return d;
}

/**
 * ssl.log carries `validation_status` when the site loads policy/protocols/ssl/validate-certs:
 * "ok", or OpenSSL's reason the chain failed ("self signed certificate", "certificate has
 * expired"…). A failure is an indicator (a spoofed or intercepted service); the rest is not used.
 */
function sslResult(record: JsonObject, time: string): DecodeResult {
  const status = readOptionalString(record, 'validation_status');
  if (status === undefined || status === 'ok')
    return notUsed(
      `zeek ssl log: ${status === undefined ? 'certificate not validated by the sensor' : 'certificate valid'}`,
    );
  const uid = readString(record, 'uid');
  const server = readOptionalString(record, 'server_name');
  const orig = address(record, 'orig_h');
  const resp = address(record, 'resp_h');
  const { ips, observables } = addresses([orig, resp]);
  if (server !== undefined) observables.push({ type: 'hostname', value: clipObservable(server) });
  const d = newDraft({
    time,
    domain: 'cyber',
    type: 'tls.cert_invalid',
    title: clipTitle(`TLS certificate of ${server ?? resp ?? 'a server'} failed validation: ${status}`),
    severity: 2,
    confidence: 70,
    location: null,
    sensorId: null,
    vendor: 'Zeek',
    product: 'Zeek',
    observables,
    tags: [clipTag(`validation:${status}`)],
    ips,
    correlationKey: uid,
    sourceRef: `ssl|${uid}|${String(record.ts)}|${status}`,
    raw: record,
  });
  return accept(d);
}
