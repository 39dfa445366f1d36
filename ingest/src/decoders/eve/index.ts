// Suricata EVE JSON, one record per line. `alert` and `anomaly` records become indicators;
// the protocol records (`flow`, `dns`, `http`, `tls`, `fileinfo`, `stats`…) make none and are
// counted as "not used", naming the event type. DNS records are checked in both the v2 layout
// (`dns.type`, `dns.answers`) and the v3 layout of Suricata 8 (`dns.version`, `dns.queries`).
import type { Observable, Severity } from '@portwatch/schema';
import {
  accept,
  notUsed,
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
  lookup,
  parseJsonObject,
  readInteger,
  readIsoTime,
  readObject,
  readOptionalArray,
  readOptionalInteger,
  readOptionalString,
  readString,
  rejectRecord,
  rejectionFrom,
  show,
  type JsonObject,
} from '../record-fields.ts';
import { flowIdText } from './flow-id.ts';

export const createEveDecoder: DecoderFactory = () => {
  const decoder: Decoder = { format: 'eve', decode: decodeEve };
  return decoder;
};

/** Suricata: 1 is the most severe. Rule sets use 1–3; anything else is informational. */
function severityOf(eveSeverity: number): Severity {
  return eveSeverity === 1 ? 4 : eveSeverity === 2 ? 3 : eveSeverity === 3 ? 2 : 1;
}

// Emerging Threats rules carry `metadata: {confidence: ["High"]}`.
const CONFIDENCE: Record<string, number> = { High: 90, Medium: 70, Low: 40 };

/** The fields every EVE record type shares. */
interface Common {
  record: JsonObject;
  timestampText: string;
  time: string;
  flowId: string | undefined;
  srcIp: string | undefined;
  destIp: string | undefined;
  sensorId: string | null;
  tags: string[];
}

function decodeEve(payload: string, ctx: DecodeContext): DecodeResult {
  try {
    const record = parseJsonObject(payload, 'a Suricata EVE record', ctx);
    const eventType = readString(record, 'event_type');
    if (eventType === 'alert') return accept(alertDraft(common(record, payload)));
    if (eventType === 'anomaly') return accept(anomalyDraft(common(record, payload)));
    readIsoTime(record, 'timestamp');
    if (eventType === 'dns') checkDnsLayout(record);
    return notUsed(
      `eve ${eventType.slice(0, 40)} record: ${eventType === 'flow' || eventType === 'netflow' ? 'flow records make no indicator of their own' : 'only alert and anomaly records make indicators'}`,
    );
  } catch (error) {
    return rejectionFrom(error);
  }
}

function common(record: JsonObject, payload: string): Common {
  const timestampText = readString(record, 'timestamp');
  const time = readIsoTime(record, 'timestamp');
  const srcIp = readOptionalString(record, 'src_ip');
  const destIp = readOptionalString(record, 'dest_ip');
  readOptionalInteger(record, 'src_port', 'src_port', 0, 65535);
  readOptionalInteger(record, 'dest_port', 'dest_port', 0, 65535);
  // `host` is what Suricata writes when `sensor-name` is set; some shippers rename it.
  const sensorId = readOptionalString(record, 'host') ?? readOptionalString(record, 'sensor_name') ?? null;
  const tags: string[] = [];
  const iface = readOptionalString(record, 'in_iface');
  if (iface !== undefined) tags.push(clipTag(`iface:${iface}`));
  return { record, timestampText, time, flowId: flowIdText(record, payload), srcIp, destIp, sensorId, tags };
}

function alertDraft(c: Common): Draft {
  const alert = readObject(c.record, 'alert');
  const signatureId = readInteger(alert, 'signature_id', 'alert.signature_id', 0, 0xffffffff);
  const signature = readString(alert, 'signature', 'alert.signature');
  const category = readOptionalString(alert, 'category', 'alert.category');
  const severity = readInteger(alert, 'severity', 'alert.severity', 1, 255);
  const action = readOptionalString(alert, 'action', 'alert.action');
  if (category !== undefined) c.tags.push(clipTag(category));
  if (action === 'blocked') c.tags.push('blocked');
  const d = draft(c, 'ids.alert', signature, severityOf(severity), confidenceOf(alert));
  d.sourceRef = identity(c, String(signatureId));
  addHostnames(c.record, d.observables);
  return d;
}

function anomalyDraft(c: Common): Draft {
  const anomaly = readObject(c.record, 'anomaly');
  const event = readString(anomaly, 'event', 'anomaly.event');
  const kind = readOptionalString(anomaly, 'type', 'anomaly.type') ?? 'unknown';
  const d = draft(c, 'ids.anomaly', `Protocol anomaly (${kind}): ${event}`, 2, 60);
  d.sourceRef = identity(c, `anomaly:${event}`);
  return d;
}

/**
 * What tells one EVE record from another: flow, time and signature; the transaction when
 * there is one (two pipelined HTTP requests of one flow can trip one rule in one instant);
 * and, for a record without a flow id, the sensor and the addresses.
 */
function identity(c: Common, what: string): string {
  let id = `${c.flowId ?? ''}|${c.timestampText}|${what}`;
  const tx = c.record.tx_id;
  if (typeof tx === 'number') id += `|tx:${tx}`;
  if (c.flowId === undefined)
    id += `|${c.sensorId ?? ''}|${c.srcIp ?? ''}:${String(c.record.src_port ?? '')}>${c.destIp ?? ''}:${String(c.record.dest_port ?? '')}`;
  return id;
}

function draft(c: Common, type: string, title: string, severity: Severity, confidence: number): Draft {
  const observables: Observable[] = [];
  const ips: string[] = [];
  if (c.srcIp !== undefined) {
    observables.push({ type: 'ip', value: clipObservable(c.srcIp) });
    ips.push(c.srcIp);
  }
  if (c.destIp !== undefined) {
    observables.push({ type: 'ip', value: clipObservable(c.destIp) });
    ips.push(c.destIp);
  }
  // community_id is the same for this flow in Zeek and other sensors; flow_id only here.
  const correlationKey = readOptionalString(c.record, 'community_id') ?? c.flowId;
  const d = newDraft({
    time: c.time,
    domain: 'cyber',
    type,
    title: clipTitle(title),
    severity,
    confidence,
    location: null,
    sensorId: c.sensorId,
    vendor: 'OISF',
    product: 'Suricata',
    observables,
    tags: c.tags,
    ips,
    raw: trimmed(c.record),
  });
  if (correlationKey !== undefined) d.correlationKey = correlationKey;
  return d;
}

function confidenceOf(alert: JsonObject): number {
  const metadata = alert.metadata;
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const values = (metadata as JsonObject).confidence;
    if (Array.isArray(values) && typeof values[0] === 'string') return lookup(CONFIDENCE, values[0]) ?? 80;
  }
  return 80;
}

/** Alerts on application traffic carry the app-layer record: keep the names it mentions. */
function addHostnames(record: JsonObject, observables: Observable[]): void {
  const http = record.http as JsonObject | undefined;
  if (http !== null && typeof http === 'object' && typeof http.hostname === 'string' && http.hostname !== '')
    observables.push({ type: 'hostname', value: clipObservable(http.hostname) });
  const tls = record.tls as JsonObject | undefined;
  if (tls !== null && typeof tls === 'object' && typeof tls.sni === 'string' && tls.sni !== '')
    observables.push({ type: 'hostname', value: clipObservable(tls.sni) });
  const dns = record.dns as JsonObject | undefined;
  if (dns !== null && typeof dns === 'object') {
    // v3 writes `queries`, v2 alerts wrote `query`.
    const queries = Array.isArray(dns.queries) ? dns.queries : Array.isArray(dns.query) ? dns.query : undefined;
    const first = queries?.[0] as JsonObject | undefined;
    if (first !== null && typeof first === 'object' && typeof first.rrname === 'string' && first.rrname !== '')
      observables.push({ type: 'hostname', value: clipObservable(first.rrname) });
  }
}

function checkDnsLayout(record: JsonObject): void {
  const dns = readObject(record, 'dns');
  const version = dns.version;
  if (version !== undefined && version !== 2 && version !== 3)
    rejectRecord(`dns.version: expected 2 or 3, got ${show(version)}`);
  if (version === 3 || dns.queries !== undefined) {
    readOptionalArray(dns, 'queries', 'dns.queries');
  } else {
    // v2: one record per query or answer.
    const kind = readString(dns, 'type', 'dns.type');
    if (kind !== 'query' && kind !== 'answer')
      rejectRecord(`dns.type: expected "query" or "answer", got ${show(kind)}`);
  }
  readOptionalArray(dns, 'answers', 'dns.answers');
  readOptionalArray(dns, 'authorities', 'dns.authorities');
}

/** Packet and payload captures can be kilobytes of base64: analysts do not need them in the indicator. */
function trimmed(record: JsonObject): JsonObject {
  if (record.payload === undefined && record.packet === undefined && record.payload_printable === undefined)
    return record;
  const { payload: _p, packet: _k, payload_printable: _pp, ...rest } = record;
  return rest;
}
