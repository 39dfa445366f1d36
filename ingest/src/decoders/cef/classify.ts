// A CEF record's indicator type, from what the event means. CEF has no type field: the
// meaning is in the name, the category (`cat`), the outcome, the action, and for some products
// the signature id. Substring checks on lower-cased text only: vendors word these freely
// ("Logon Failure", "SSL VPN login fail", "Denied by policy", "Virus found").
//   auth.failure      a failed logon or sign-in, or a brute force / password guessing attack
//                     (Windows 4625, RADIUS rejects, Microsoft ATA's LDAP brute force)
//   vpn.login         a successful VPN login
//   malware.detected  an antivirus or EDR detection (Trend Micro Apex Central `AV:` ids,
//                     Deep Security anti-malware 4000000–4000099, FortiGate `utm:virus`)
//   fw.deny           denied, dropped or blocked traffic
//   audit.event       a record of a change someone made (an audit trail: the port community
//                     system's customs status change, a configuration change)
//   fw.event          anything else
import type { CefMessage } from './cef-message.ts';

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

const LOGIN_WORDS = ['login', 'logon', 'log in', 'log on', 'sign-in', 'signin', 'authentication'];
const FAILED_WORDS = ['fail', 'invalid', 'denied', 'rejected', 'bad password'];
const GUESSING_WORDS = ['brute force', 'brute-force', 'bruteforce', 'password spray', 'password guess'];
const VPN_WORDS = ['vpn', 'ipsec', 'anyconnect', 'globalprotect'];
const MALWARE_WORDS = [
  'virus',
  'malware',
  'trojan',
  'ransom',
  'worm',
  'spyware',
  'infected',
  'eicar',
  'backdoor',
  'quarantine',
];
const CHANGE_WORDS = ['audit', 'changed', 'modified', 'updated', 'deleted', 'created', 'replaced', 'reissued'];

function anyIn(text: string, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (text.includes(words[i])) return true;
  return false;
}

function isMalware(c: CefMessage, text: string): boolean {
  const signature = c.signatureId.toLowerCase();
  if (signature.startsWith('av:') || text.includes('utm:virus')) return true;
  // Deep Security numbers its anti-malware events from 4000000.
  if (c.product.toLowerCase().includes('deep security') && /^40000\d\d$/.test(c.signatureId)) return true;
  return anyIn(text, MALWARE_WORDS);
}

export function classifyCef(c: CefMessage): string {
  const ext = c.extension;
  const text = `${c.name} ${ext.cat ?? ''} ${ext.deviceEventCategory ?? ''}`.toLowerCase();
  const outcome = (ext.outcome ?? ext.eventOutcome ?? '').toLowerCase();
  if (anyIn(text, GUESSING_WORDS)) return 'auth.failure';
  if (anyIn(text, LOGIN_WORDS)) {
    if (outcome.startsWith('fail') || anyIn(text, FAILED_WORDS)) return 'auth.failure';
    if (anyIn(text, VPN_WORDS) || (ext.app ?? '').toLowerCase().includes('vpn')) return 'vpn.login';
  }
  if (isMalware(c, text)) return 'malware.detected';
  const act = (ext.act ?? ext.deviceAction ?? '').toLowerCase();
  if (
    DENY_ACTIONS.has(act) ||
    text.includes('denied') ||
    text.includes('deny') ||
    text.includes('dropped') ||
    text.includes('blocked')
  )
    return 'fw.deny';
  if (anyIn(text, CHANGE_WORDS)) return 'audit.event';
  return 'fw.event';
}
