// Suricata's flow_id is an unsigned 64-bit integer written as a bare JSON number, so
// JSON.parse rounds most of them (anything above 2^53): two flows whose ids differ in the
// last digits would share a correlation key. We take the digits from the payload text
// instead, and check them against the parsed number so a look-alike elsewhere cannot fool us.
import { rejectRecord, show, type JsonObject } from '../record-fields.ts';

const KEY = '"flow_id"';

export function flowIdText(record: JsonObject, payload: string): string | undefined {
  const parsed = record.flow_id;
  if (parsed === undefined || parsed === null) return undefined;
  if (typeof parsed === 'string' && /^\d{1,20}$/.test(parsed)) return parsed;
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 0)
    rejectRecord(`flow_id: expected an unsigned integer, got ${show(parsed)}`);
  if (Number.isSafeInteger(parsed)) return String(parsed);
  const digits = digitsAfterKey(payload);
  return digits !== undefined && Number(digits) === parsed ? digits : String(parsed);
}

function digitsAfterKey(payload: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = payload.indexOf(KEY, from);
    if (at === -1) return undefined;
    from = at + KEY.length;
    // A key follows `{` or `,` (after optional whitespace); inside a string the quote would be escaped.
    let before = at - 1;
    while (before >= 0 && isSpace(payload.charCodeAt(before))) before--;
    const prev = payload.charCodeAt(before);
    if (prev !== 123 /* { */ && prev !== 44 /* , */) continue;
    let i = from;
    while (isSpace(payload.charCodeAt(i))) i++;
    if (payload.charCodeAt(i) !== 58 /* : */) continue;
    i++;
    while (isSpace(payload.charCodeAt(i))) i++;
    const start = i;
    while (i < payload.length && i - start <= 20 && payload.charCodeAt(i) >= 48 && payload.charCodeAt(i) <= 57) i++;
    if (i > start) return payload.slice(start, i);
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
