// CEF in a syslog line, as firewalls and VPN gateways send it: RFC 5424 by default, RFC 3164
// or bare CEF on request. Header fields escape `|` and `\`; extension values escape `\`, `=`
// and line breaks, per the CEF specification.
import { toDate, type EventTime } from './event-time.ts';

export interface CefEvent {
  time: EventTime;
  /** Syslog HOSTNAME: the device. */
  host: string;
  vendor: string;
  product: string;
  version: string;
  signatureId: string | number;
  name: string;
  /** CEF severity 0–10. */
  severity: number;
  /** Extension keys in order (src, dst, act, suser…). `rt` (epoch ms) is added unless given. */
  extension?: Record<string, string | number>;
  framing?: 'rfc5424' | 'rfc3164' | 'bare';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LOCAL0 = 16;

function escapeHeader(text: string): string {
  return text.replace(/[\\|]/g, (c) => `\\${c}`);
}

function escapeValue(text: string): string {
  return text.replace(/[\\=\r\n]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));
}

/** Syslog severity from CEF severity: 9–10 critical, 7–8 error, 4–6 warning, else informational. */
function syslogSeverity(cef: number): number {
  return cef >= 9 ? 2 : cef >= 7 ? 3 : cef >= 4 ? 4 : 6;
}

export function encodeCefSyslog(e: CefEvent): string {
  const date = toDate(e.time);
  const extension: Record<string, string | number> = { rt: date.getTime(), ...e.extension };
  const ext = Object.entries(extension)
    .map(([k, v]) => `${k}=${escapeValue(String(v))}`)
    .join(' ');
  const header = [e.vendor, e.product, e.version, String(e.signatureId), e.name].map(escapeHeader).join('|');
  const cef = `CEF:0|${header}|${e.severity}|${ext}`;
  const pri = `<${LOCAL0 * 8 + syslogSeverity(e.severity)}>`;
  switch (e.framing ?? 'rfc5424') {
    case 'bare':
      return cef;
    case 'rfc3164': {
      const day = String(date.getUTCDate()).padStart(2, ' ');
      const clock = date.toISOString().slice(11, 19);
      return `${pri}${MONTHS[date.getUTCMonth()]} ${day} ${clock} ${e.host} ${cef}`;
    }
    case 'rfc5424':
      return `${pri}1 ${date.toISOString()} ${e.host} CEF - - - ${cef}`;
  }
}
