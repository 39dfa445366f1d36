// Zeek JSON log records (LogAscii::use_json=T) as Zeek writes them: flat dotted connection
// keys, `ts` as epoch seconds with microseconds — or ISO-8601 when the site sets
// JSON::TS_ISO8601 — and the field order of the conn and notice logs.
import { communityId } from './community-id.ts';
import { toDate, type EventTime } from './event-time.ts';

export type ZeekTimestamps = 'epoch' | 'iso8601';

export interface ZeekNotice {
  time: EventTime;
  /** e.g. Scan::Port_Scan, SSH::Password_Guessing */
  note: string;
  msg: string;
  sub?: string;
  /** The scanner / guesser; scan notices have no connection. */
  src?: string;
  dst?: string;
  /** The service port the notice is about. */
  port?: number;
  /** Set when the notice is about one connection. */
  uid?: string;
  origHost?: string;
  origPort?: number;
  respHost?: string;
  respPort?: number;
  /** The Zeek node that raised it (peer_descr), e.g. worker-dc-1. */
  peer?: string;
  timestamps?: ZeekTimestamps;
}

export interface ZeekConn {
  time: EventTime;
  uid: string;
  origHost: string;
  origPort: number;
  respHost: string;
  respPort: number;
  proto: 'tcp' | 'udp' | 'icmp';
  service?: string;
  duration?: number;
  origBytes?: number;
  respBytes?: number;
  /** SF, S0, REJ, RSTO… */
  connState: string;
  history?: string;
  timestamps?: ZeekTimestamps;
}

/** Zeek writes epoch seconds with microsecond precision: 1741918267.532417 */
function zeekTs(time: EventTime, style: ZeekTimestamps | undefined): number | string {
  const date = toDate(time);
  if (style === 'iso8601') return `${date.toISOString().slice(0, 23)}000Z`;
  return date.getTime() / 1000;
}

export function encodeZeekNotice(n: ZeekNotice): string {
  const record: Record<string, unknown> = { ts: zeekTs(n.time, n.timestamps) };
  if (n.uid !== undefined) record.uid = n.uid;
  if (n.origHost !== undefined) {
    record['id.orig_h'] = n.origHost;
    record['id.orig_p'] = n.origPort ?? 0;
    record['id.resp_h'] = n.respHost ?? '0.0.0.0';
    record['id.resp_p'] = n.respPort ?? 0;
    record.proto = 'tcp';
  }
  Object.assign(record, { note: n.note, msg: n.msg });
  if (n.sub !== undefined) record.sub = n.sub;
  if (n.src !== undefined) record.src = n.src;
  if (n.dst !== undefined) record.dst = n.dst;
  if (n.port !== undefined) record.p = n.port;
  if (n.peer !== undefined) record.peer_descr = n.peer;
  record.actions = ['Notice::ACTION_LOG'];
  record.email_dest = [];
  record.suppress_for = 3600.0;
  return JSON.stringify(record);
}

export function encodeZeekConn(c: ZeekConn): string {
  const record: Record<string, unknown> = {
    ts: zeekTs(c.time, c.timestamps),
    uid: c.uid,
    'id.orig_h': c.origHost,
    'id.orig_p': c.origPort,
    'id.resp_h': c.respHost,
    'id.resp_p': c.respPort,
    proto: c.proto,
  };
  if (c.service !== undefined) record.service = c.service;
  if (c.duration !== undefined) record.duration = c.duration;
  if (c.origBytes !== undefined) record.orig_bytes = c.origBytes;
  if (c.respBytes !== undefined) record.resp_bytes = c.respBytes;
  Object.assign(record, { conn_state: c.connState, local_orig: true, local_resp: true, missed_bytes: 0 });
  if (c.history !== undefined) record.history = c.history;
  record.community_id = communityId(c.origHost, c.origPort, c.respHost, c.respPort, c.proto);
  return JSON.stringify(record);
}
