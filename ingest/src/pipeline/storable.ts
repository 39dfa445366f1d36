// What PostgreSQL (and PGlite) can hold: its text and jsonb refuse U+0000, and jsonb refuses
// a UTF-16 surrogate without its pair (JSON.stringify writes it as "\udXXX"). A sensor can
// send either (a NUL byte, or "\u0000" inside a JSON string); left as it is, one such record
// made every write of its batch fail. They are replaced at the edge with U+FFFD, and the
// indicator is tagged so an analyst sees that what is stored is not byte for byte what came.

/** The tag an indicator gets when characters the store cannot hold were replaced. */
export const REPLACED_TAG = 'replaced-unstorable-characters';

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE_TEST = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The text with every character the store refuses replaced by U+FFFD. */
export function storableText(s: string): string {
  return UNSTORABLE_TEST.test(s) ? s.replace(UNSTORABLE, '\ufffd') : s;
}

/**
 * Whether a decoded record's text may hold what the store refuses: a NUL byte, or a JSON
 * `\u` escape (which can make a NUL or a lone surrogate). Text decoded from UTF-8 has no
 * lone surrogate of its own. Two scans of the payload, so the walk over the indicator is
 * paid only by the rare record that needs it.
 */
export function mayBeUnstorable(payload: string): boolean {
  return payload.indexOf('\u0000') !== -1 || payload.indexOf('\\u') !== -1;
}

/**
 * Replaces, in place, every unstorable character in the strings (values and keys) of a
 * JSON-shaped value. Returns the value (a new one when the value itself is such a string)
 * and whether anything changed.
 */
export function makeStorable<T>(value: T): { value: T; changed: boolean } {
  const state = { changed: false };
  const out = walk(value, state, 0) as T;
  return { value: out, changed: state.changed };
}

function walk(v: unknown, state: { changed: boolean }, depth: number): unknown {
  if (typeof v === 'string') {
    const s = storableText(v);
    if (s !== v) state.changed = true;
    return s;
  }
  // Decoded JSON is bounded by the record size; the depth guard only stops a cycle.
  if (v === null || typeof v !== 'object' || depth > 64) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = walk(v[i], state, depth + 1);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const value = walk(o[key], state, depth + 1);
    const k = storableText(key);
    if (k !== key) {
      state.changed = true;
      delete o[key];
    }
    o[k] = value;
  }
  return o;
}
