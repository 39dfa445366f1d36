// Zeek JSON logs. `notice` records become indicators; `conn` and the other logs only enrich
// and are accepted with no drafts. The log a record belongs to is not always written:
// `_path` is there with some writers, the Kafka plugin wraps the record as {"conn": {...}},
// and plain JSON logs carry neither, so we also recognise a log by its keys.
// Keys are flat and dotted (`id.orig_h`); `ts` is epoch seconds (float), epoch
// milliseconds (JSON::TS_MILLIS) or ISO-8601 (JSON::TS_ISO8601).
import type { Observable, Severity } from '@portwatch/schema';
import {
  accept,
  newDraft,
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
  parseJsonObject,
  readOptionalInteger,
  readOptionalString,
  readString,
  readTime,
  rejectRecord,
  rejectionFrom,
  type JsonObject,
} from '../record-fields.ts';

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

// Kafka-plugin wrappers we unwrap; a single-key object with any other name is not Zeek.
const WRAPPED_LOGS = new Set([
  'conn',
  'notice',
  'dns',
  'http',
  'ssl',
  'files',
  'weird',
  'x509',
  'ssh',
  'smb_files',
  'dhcp',
  'software',
  'intel',
  'modbus',
  'dnp3',
]);

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
    if (path === 'notice' || (path === undefined && record.note !== undefined))
      return accept(noticeDraft(record, time));
    if (
      path === undefined &&
      record.uid === undefined &&
      record.conn_state === undefined &&
      record.fuid === undefined
    ) {
      rejectRecord('not a Zeek log record: no _path, note, uid, fuid or conn_state');
    }
    if (path === 'conn' || record.conn_state !== undefined) checkConn(record);
    return accept();
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
  const mapping = NOTES[note] ?? OTHER_NOTE;
  const ips: string[] = [];
  const observables: Observable[] = [];
  for (const ip of [src, orig, dst, resp]) {
    if (ip !== undefined && !ips.includes(ip)) {
      ips.push(ip);
      observables.push({ type: 'ip', value: clipObservable(ip) });
    }
  }
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
    sourceRef: `${uid ?? ''}|${String(record.ts)}|${note}|${src ?? orig ?? ''}`,
    raw: record,
  });
  if (uid !== undefined) d.correlationKey = uid;
  return d;
}
