// Suricata EVE JSON records as Suricata writes them: microsecond timestamps with a `+0000`
// offset, a 64-bit flow_id shared by every record of a flow, the Community ID, and the
// protocol object named after the event type.
import { communityId } from './community-id.ts';
import { toDate, type EventTime } from './event-time.ts';

export type EveKind = 'alert' | 'anomaly' | 'flow' | 'dns' | 'http' | 'tls';

export interface EveEvent {
  time: EventTime;
  kind: EveKind;
  /** The Suricata sensor name (`host`). */
  host: string;
  srcIp: string;
  srcPort: number;
  destIp: string;
  destPort: number;
  /** TCP, UDP, ICMP… */
  proto: string;
  signature?: string;
  signatureId?: number;
  category?: string;
  /** Suricata severity: 1 is the highest. */
  severity?: number;
  /** `blocked` for an IPS drop. */
  action?: 'allowed' | 'blocked';
  /** Default: derived from the five-tuple, so the records of one flow share it. */
  flowId?: bigint | number;
  inIface?: string;
  /** For `anomaly`: e.g. `decoder.ipv4.trunc_pkt`. */
  anomalyEvent?: string;
  /** For `dns`: the query and its answers; `dnsVersion` picks the Suricata 7 (2) or 8 (3) layout. */
  rrname?: string;
  rrtype?: string;
  answers?: string[];
  dnsVersion?: 2 | 3;
  /** For `http`, and carried by alerts on HTTP traffic. */
  http?: { hostname: string; url: string; method?: string; status?: number; userAgent?: string };
  /** For `tls`, and carried by alerts on TLS traffic. */
  sni?: string;
  /** For `flow`: bytes each way. */
  bytesToServer?: number;
  bytesToClient?: number;
}

/** `2025-03-14T02:11:07.532000+0000` */
export function eveTimestamp(time: EventTime): string {
  const iso = toDate(time).toISOString();
  return `${iso.slice(0, 23)}000+0000`;
}

export function encodeEve(e: EveEvent): string {
  const hasPorts = !e.proto.toUpperCase().includes('ICMP');
  const record: Record<string, unknown> = {
    timestamp: eveTimestamp(e.time),
    flow_id: '__FLOW_ID__',
    in_iface: e.inIface ?? 'eth0',
    event_type: e.kind,
    src_ip: e.srcIp,
    ...(hasPorts && { src_port: e.srcPort }),
    dest_ip: e.destIp,
    ...(hasPorts && { dest_port: e.destPort }),
    proto: e.proto.toUpperCase(),
    community_id: communityId(e.srcIp, hasPorts ? e.srcPort : 0, e.destIp, hasPorts ? e.destPort : 0, e.proto),
    host: e.host,
  };
  Object.assign(record, body(e));
  const flowId = e.flowId !== undefined ? BigInt(e.flowId) : tupleFlowId(e);
  // flow_id is a 64-bit integer written as a bare number; JSON.stringify cannot write a bigint.
  return JSON.stringify(record).replace('"__FLOW_ID__"', flowId.toString());
}

function body(e: EveEvent): Record<string, unknown> {
  switch (e.kind) {
    case 'alert':
      return {
        alert: {
          action: e.action ?? 'allowed',
          gid: 1,
          signature_id: e.signatureId ?? 2000000,
          rev: 1,
          signature: e.signature ?? 'ET POLICY Suspicious traffic',
          category: e.category ?? 'Potentially Bad Traffic',
          severity: e.severity ?? 2,
        },
        ...(e.http && { http: httpObject(e.http) }),
        ...(e.sni !== undefined && { tls: { sni: e.sni } }),
        ...(e.rrname !== undefined && { dns: { query: [{ rrname: e.rrname, rrtype: e.rrtype ?? 'A' }] } }),
      };
    case 'anomaly':
      return { anomaly: { type: 'decode', event: e.anomalyEvent ?? 'decoder.ipv4.trunc_pkt' } };
    case 'flow':
      return {
        app_proto: e.http ? 'http' : e.sni !== undefined ? 'tls' : 'failed',
        flow: {
          pkts_toserver: 10,
          pkts_toclient: 8,
          bytes_toserver: e.bytesToServer ?? 1200,
          bytes_toclient: e.bytesToClient ?? 5400,
          start: eveTimestamp(e.time),
          end: eveTimestamp(e.time),
          age: 0,
          state: 'closed',
          reason: 'timeout',
          alerted: false,
        },
      };
    case 'dns':
      return { dns: dnsObject(e) };
    case 'http':
      return { http: httpObject(e.http ?? { hostname: e.destIp, url: '/' }) };
    case 'tls':
      return { tls: { sni: e.sni ?? e.destIp, version: 'TLS 1.3' } };
  }
}

function dnsObject(e: EveEvent): Record<string, unknown> {
  const rrname = e.rrname ?? 'example.org';
  const rrtype = e.rrtype ?? 'A';
  const answers = (e.answers ?? []).map((rdata) => ({ rrname, rrtype, ttl: 300, rdata }));
  if (e.dnsVersion === 3) {
    return {
      version: 3,
      type: e.answers ? 'response' : 'request',
      id: 4242,
      queries: [{ rrname, rrtype }],
      ...(e.answers && { rcode: 'NOERROR', answers }),
    };
  }
  if (e.answers) return { version: 2, type: 'answer', id: 4242, rrname, rrtype, rcode: 'NOERROR', answers };
  return { type: 'query', id: 4242, rrname, rrtype, tx_id: 0 };
}

function httpObject(h: NonNullable<EveEvent['http']>): Record<string, unknown> {
  return {
    hostname: h.hostname,
    url: h.url,
    http_user_agent: h.userAgent ?? 'Mozilla/5.0',
    http_method: h.method ?? 'GET',
    protocol: 'HTTP/1.1',
    status: h.status ?? 200,
    length: 0,
  };
}

/** FNV-1a over the five-tuple, kept below 2^63 like Suricata's ids. */
function tupleFlowId(e: EveEvent): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const ch of `${e.host}|${e.srcIp}|${e.srcPort}|${e.destIp}|${e.destPort}|${e.proto}`) {
    hash ^= BigInt(ch.charCodeAt(0));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash & 0x7fffffffffffffffn;
}
