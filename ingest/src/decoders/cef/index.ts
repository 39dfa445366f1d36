// CEF from firewalls and VPN gateways, in a syslog line or bare. One line, one indicator.
// Severity: CEF 0–10 (or its names) to OCSF by the CEF specification's own bands —
// 0–3 Low → 2 low, 4–6 Medium → 3 medium, 7–8 High → 4 high, 9–10 Very-High → 5 critical.
// Type: by what the event means (name, category, action, outcome), see classify.ts.
import type { Observable, Severity } from '@portwatch/schema';
import {
  accept,
  newDraft,
  type DecodeContext,
  type DecodeResult,
  type Decoder,
  type DecoderFactory,
} from '../decoder.ts';
import { clipObservable, clipTag, clipTitle, lookup, rejectRecord, rejectionFrom, show } from '../record-fields.ts';
import { classifyCef } from './classify.ts';
import { parseCefMessage, type CefMessage } from './cef-message.ts';
import { isoFromCefTime } from './cef-time.ts';
import { isoFromEpochMs } from '../record-time.ts';
import { openSyslog } from './syslog-envelope.ts';

export const createCefDecoder: DecoderFactory = () => {
  const decoder: Decoder = { format: 'cef', decode: decodeCef };
  return decoder;
};

const SEVERITY_NAMES: Record<string, Severity> = {
  unknown: 0,
  low: 2,
  medium: 3,
  high: 4,
  'very-high': 5,
  'very high': 5,
  veryhigh: 5,
};

function severityOf(text: string): Severity {
  const d0 = text.charCodeAt(0) - 48;
  const d1 = text.length === 2 ? text.charCodeAt(1) - 48 : 0;
  if (text.length >= 1 && text.length <= 2 && d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9) {
    const n = text.length === 2 ? d0 * 10 + d1 : d0;
    if (n <= 3) return 2;
    if (n <= 6) return 3;
    if (n <= 8) return 4;
    if (n <= 10) return 5;
  }
  const named = lookup(SEVERITY_NAMES, text.toLowerCase());
  if (named !== undefined) return named;
  return rejectRecord(`CEF header severity: expected 0–10 or Low/Medium/High/Very-High, got ${show(text)}`);
}

const IP_KEYS = ['src', 'dst', 'c6a2', 'c6a3'] as const;
const OTHER_OBSERVABLES: [string, Observable['type']][] = [
  ['suser', 'user'],
  ['duser', 'user'],
  ['shost', 'hostname'],
  ['dhost', 'hostname'],
  ['smac', 'mac'],
  ['dmac', 'mac'],
];

/**
 * When it happened: `rt` (or `start`) when readable; otherwise the syslog header's time, else
 * the arrival time. An optional time field in a form of the vendor's own must not cost the
 * whole alert: the draft carries a `time:fallback-syslog` or `time:fallback-receipt` tag
 * saying its time is not the device's own, and the field itself stays in `raw`.
 */
function eventTime(
  c: CefMessage,
  syslogTime: string | null,
  receivedAt: Date,
): { time: string; fromRecord: boolean; tag?: string } {
  const rt = c.extension.rt;
  const value = rt !== undefined && rt !== '' ? rt : c.extension.start;
  if (value !== undefined && value !== '') {
    const iso = isoFromCefTime(value, receivedAt);
    if (iso !== null) return { time: iso, fromRecord: true };
  }
  const fallback = syslogTime ?? isoFromEpochMs(receivedAt.getTime()) ?? receivedAt.toISOString();
  if (value === undefined || value === '') return { time: fallback, fromRecord: false };
  return {
    time: fallback,
    fromRecord: false,
    tag: syslogTime !== null ? 'time:fallback-syslog' : 'time:fallback-receipt',
  };
}

function decodeCef(payload: string, ctx: DecodeContext): DecodeResult {
  try {
    const line = payload.length > 0 && payload.charCodeAt(payload.length - 1) <= 13 ? payload.trimEnd() : payload;
    const envelope = openSyslog(line, ctx.receivedAt);
    const cef = parseCefMessage(envelope.message);
    const severity = severityOf(cef.severity);
    const ext = cef.extension;
    const observables: Observable[] = [];
    const ips: string[] = [];
    for (const key of IP_KEYS) {
      const ip = ext[key];
      if (ip !== undefined && ip !== '') {
        observables.push({ type: 'ip', value: clipObservable(ip) });
        ips.push(ip);
      }
    }
    if (ips.length === 0 && ext.dvc) ips.push(ext.dvc);
    for (let k = 0; k < OTHER_OBSERVABLES.length; k++) {
      const value = ext[OTHER_OBSERVABLES[k][0]];
      if (value !== undefined && value !== '')
        observables.push({ type: OTHER_OBSERVABLES[k][1], value: clipObservable(value) });
    }
    const tags: string[] = [];
    if (ext.act) tags.push(clipTag(`act:${ext.act}`));
    if (ext.cat) tags.push(clipTag(ext.cat));
    const when = eventTime(cef, envelope.time, ctx.receivedAt);
    if (when.tag !== undefined) tags.push(when.tag);
    const draft = newDraft({
      time: when.time,
      domain: 'cyber',
      type: classifyCef(cef),
      title: clipTitle(cef.name === '' ? `${cef.vendor} ${cef.product} event ${cef.signatureId}` : cef.name),
      severity,
      confidence: 90,
      location: null,
      sensorId: ext.dvchost || envelope.host || ext.dvc || null,
      vendor: cef.vendor,
      product: cef.product,
      observables,
      tags,
      ips,
      raw: {
        vendor: cef.vendor,
        product: cef.product,
        deviceVersion: cef.deviceVersion,
        signatureId: cef.signatureId,
        name: cef.name,
        severity: cef.severity,
        extension: ext,
      },
    });
    // The device's own record is the identity, not the syslog header a relay put around it.
    // Not externalId: vendors give it other meanings (Microsoft ATA: the alert type, 2004 for
    // every LDAP brute force; FortiGate: the session), so distinct alerts shared it. A record
    // without a readable time of its own is told apart from its repeats by the syslog time.
    draft.sourceRef = `${when.fromRecord ? '' : (envelope.time ?? '')}|${envelope.message}`;
    if (draft.vendor === '') draft.vendor = undefined;
    if (draft.product === '') draft.product = undefined;
    return accept(draft);
  } catch (error) {
    return rejectionFrom(error);
  }
}
