// CEF from firewalls and VPN gateways, in a syslog line or bare. One line, one indicator.
// Severity: CEF 0–10 (or its names) to OCSF by the CEF specification's own bands —
// 0–3 Low → 2 low, 4–6 Medium → 3 medium, 7–8 High → 4 high, 9–10 Very-High → 5 critical.
// Type: by what the event says (name, category, action, outcome), see `classify`.
import type { Observable, Severity } from '@portwatch/schema';
import {
  accept,
  newDraft,
  type DecodeContext,
  type DecodeResult,
  type Decoder,
  type DecoderFactory,
} from '../decoder.ts';
import { clipObservable, clipTag, clipTitle, rejectRecord, rejectionFrom, show } from '../record-fields.ts';
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
  const named = SEVERITY_NAMES[text.toLowerCase()];
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

const DENY_ACTIONS = new Set([
  'deny',
  'denied',
  'drop',
  'dropped',
  'block',
  'blocked',
  'reject',
  'rejected',
  'reset',
  'close-deny',
  'server-rst',
  'client-rst',
]);

/**
 * Login failures → auth.failure; a successful VPN login → vpn.login; denied or dropped
 * traffic → fw.deny; everything else → fw.event. Substring checks on lower-cased text
 * only: vendors word these freely ("Logon Failure", "SSL VPN login fail", "Denied by policy").
 */
function classify(c: CefMessage): string {
  const ext = c.extension;
  const text = `${c.name} ${ext.cat ?? ''} ${ext.deviceEventCategory ?? ''}`.toLowerCase();
  const outcome = (ext.outcome ?? ext.eventOutcome ?? '').toLowerCase();
  const login =
    text.includes('login') ||
    text.includes('logon') ||
    text.includes('log in') ||
    text.includes('log on') ||
    text.includes('sign-in') ||
    text.includes('signin') ||
    text.includes('authentication');
  if (login) {
    const failed =
      outcome.startsWith('fail') ||
      text.includes('fail') ||
      text.includes('invalid') ||
      text.includes('denied') ||
      text.includes('rejected') ||
      text.includes('bad password');
    if (failed) return 'auth.failure';
    const vpn =
      text.includes('vpn') ||
      text.includes('ipsec') ||
      text.includes('anyconnect') ||
      text.includes('globalprotect') ||
      (ext.app ?? '').toLowerCase().includes('vpn');
    if (vpn) return 'vpn.login';
  }
  const act = (ext.act ?? ext.deviceAction ?? '').toLowerCase();
  if (
    DENY_ACTIONS.has(act) ||
    text.includes('denied') ||
    text.includes('deny') ||
    text.includes('dropped') ||
    text.includes('blocked')
  )
    return 'fw.deny';
  return 'fw.event';
}

function eventTime(c: CefMessage, syslogTime: string | null, receivedAt: Date): string {
  const rt = c.extension.rt;
  const key = rt !== undefined && rt !== '' ? 'rt' : 'start';
  const value = key === 'rt' ? rt : c.extension.start;
  if (value === undefined || value === '')
    return syslogTime ?? isoFromEpochMs(receivedAt.getTime()) ?? receivedAt.toISOString();
  const iso = isoFromCefTime(value, receivedAt);
  if (iso === null)
    rejectRecord(
      `${key}: expected epoch milliseconds, "MMM dd yyyy HH:mm:ss[.SSS] [UTC|±hh:mm]" or ISO-8601, got ${show(value)}`,
    );
  return iso;
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
    const draft = newDraft({
      time: eventTime(cef, envelope.time, ctx.receivedAt),
      domain: 'cyber',
      type: classify(cef),
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
    // Devices that number their events make redelivery recognisable; otherwise the pipeline hashes the line.
    if (ext.externalId) draft.sourceRef = `${cef.vendor}|${cef.product}|${draft.sensorId ?? ''}|${ext.externalId}`;
    if (draft.vendor === '') draft.vendor = undefined;
    if (draft.product === '') draft.product = undefined;
    return accept(draft);
  } catch (error) {
    return rejectionFrom(error);
  }
}
