// Rules compiled for the hot path: field paths split once, conditions turned into closures,
// and detections indexed by indicator type and domain so that an indicator is only matched
// against the few detections that could possibly hold (50 rules must not cost 50 matches).
import type { Indicator } from '@portwatch/schema';
import type { Condition, Detection, Rule } from './rule.ts';

type Test = (value: unknown) => boolean;

/** Reads a field without allocating: calls `test` on each value, true when one holds. */
export interface FieldReader {
  path: string;
  some(ind: Indicator, test: Test): boolean;
  /** The first value, for group keys and counted fields. */
  first(ind: Indicator): unknown;
}

export function fieldReader(path: string): FieldReader {
  if (path.startsWith('observables.')) {
    const type = path.slice('observables.'.length);
    return {
      path,
      some(ind, test) {
        for (const o of ind.observables) if (o.type === type && test(o.value)) return true;
        return false;
      },
      first(ind) {
        for (const o of ind.observables) if (o.type === type) return o.value;
        return undefined;
      },
    };
  }
  const parts = path.split('.');
  const read = (ind: Indicator): unknown => {
    let cur: unknown = ind;
    for (const p of parts) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[p];
    }
    return cur;
  };
  return {
    path,
    some(ind, test) {
      const v = read(ind);
      if (v === undefined) return false;
      if (Array.isArray(v)) {
        for (const x of v) if (test(x)) return true;
        return false;
      }
      return test(v);
    },
    first(ind) {
      const v = read(ind);
      return Array.isArray(v) ? v[0] : v;
    },
  };
}

function conditionTest(cond: Condition): Test {
  if (Array.isArray(cond)) {
    const set = new Set<unknown>(cond);
    return (v) => set.has(v);
  }
  if (cond === null || typeof cond !== 'object') return (v) => v === cond;
  const { gte, gt, lte, lt, contains, startsWith } = cond;
  const within = cond.in ? new Set<unknown>(cond.in) : null;
  const numeric = gte !== undefined || gt !== undefined || lte !== undefined || lt !== undefined;
  return (v) => {
    if (cond.exists === true && (v === undefined || v === null)) return false;
    if (numeric) {
      if (typeof v !== 'number') return false;
      if (gte !== undefined && !(v >= gte)) return false;
      if (gt !== undefined && !(v > gt)) return false;
      if (lte !== undefined && !(v <= lte)) return false;
      if (lt !== undefined && !(v < lt)) return false;
    }
    if (within && !within.has(v)) return false;
    if (contains !== undefined && !(typeof v === 'string' && v.includes(contains))) return false;
    if (startsWith !== undefined && !(typeof v === 'string' && v.startsWith(startsWith))) return false;
    return true;
  };
}

export type Matcher = (ind: Indicator) => boolean;

/**
 * A detection compiled to one straight-line function: with 50 rules, a chain of closures per
 * field costs more than the rest of correlation together. Only plain top-level fields with
 * plain conditions are inlined; everything else goes through the generic readers and tests.
 * Rule values enter the source only through JSON.stringify or as closed-over arguments.
 */
export function compileDetection(detection: Detection): Matcher {
  const args: unknown[] = [];
  const arg = (v: unknown) => `a[${args.push(v) - 1}]`;
  const lines: string[] = [];
  for (const [path, cond] of Object.entries(detection)) {
    const reader = fieldReader(path);
    const isObj = cond !== null && typeof cond === 'object' && !Array.isArray(cond);
    if (isObj && cond.exists === false) {
      lines.push(`if (${arg(reader)}.some(ind, () => true)) return false;`);
      continue;
    }
    const inline = /^[A-Za-z_$][\w$]*$/.test(path) ? inlineTest(cond, arg) : null;
    if (!inline) {
      lines.push(`if (!${arg(reader)}.some(ind, ${arg(conditionTest(cond))})) return false;`);
      continue;
    }
    // Lists (tags) keep the "any element holds" rule through the generic test.
    lines.push(
      `{ const v = ind[${JSON.stringify(path)}]; if (Array.isArray(v) ? !v.some(${arg(conditionTest(cond))}) : !(${inline})) return false; }`,
    );
  }
  const body = `return function match(ind) {\n${lines.join('\n')}\nreturn true;\n};`;
  return new Function('a', body)(args) as Matcher;
}

/** A JavaScript expression on `v` for the simple conditions, or null. */
function inlineTest(cond: Condition, arg: (v: unknown) => string): string | null {
  if (typeof cond === 'string' || typeof cond === 'number' || typeof cond === 'boolean')
    return `v === ${JSON.stringify(cond)}`;
  if (Array.isArray(cond)) return `${arg(new Set<unknown>(cond))}.has(v)`;
  if (cond === null || typeof cond !== 'object') return null;
  const parts: string[] = [];
  const { gte, gt, lte, lt } = cond;
  if (gte !== undefined || gt !== undefined || lte !== undefined || lt !== undefined) {
    parts.push(`typeof v === 'number'`);
    if (gte !== undefined) parts.push(`v >= ${Number(gte)}`);
    if (gt !== undefined) parts.push(`v > ${Number(gt)}`);
    if (lte !== undefined) parts.push(`v <= ${Number(lte)}`);
    if (lt !== undefined) parts.push(`v < ${Number(lt)}`);
  }
  if (cond.exists === true) parts.push('v !== undefined && v !== null');
  if (cond.in || cond.contains !== undefined || cond.startsWith !== undefined)
    parts.push(`${arg(conditionTest(cond))}(v)`);
  if (!parts.length) return 'v !== undefined';
  // An absent field never holds (exists: true or not).
  return `v !== undefined && ${parts.join(' && ')}`;
}

/** One detection of one rule, as the index hands it out. */
export interface DetectionRef {
  rule: number;
  /** Index into rule.correlation.rules (A = 0, B = 1 for absence). */
  detection: number;
  /** Rules often repeat a detection (variants of one rule): the same ones share a matcher number. */
  matcher: number;
  match: Matcher;
}

/**
 * Which detections could hold for an indicator of a given type and domain; each distinct
 * detection is matched once per indicator however many rules use it.
 */
export class DetectionIndex {
  private byType = new Map<string, DetectionRef[]>();
  private byDomain = new Map<string, DetectionRef[]>();
  private any: DetectionRef[] = [];
  private static readonly NONE: DetectionRef[] = [];
  /** Per matcher: the indicator it last ran on (stamp) and its answer. */
  private stamps: Float64Array;
  private answers: Uint8Array;
  private stamp = 0;

  constructor(rules: Rule[]) {
    const matchers = new Map<string, { matcher: number; match: Matcher }>();
    rules.forEach((rule, r) => {
      rule.correlation.rules.forEach((name, d) => {
        const detection = rule.detections[name];
        const text = JSON.stringify(Object.entries(detection).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        let m = matchers.get(text);
        if (!m) matchers.set(text, (m = { matcher: matchers.size, match: compileDetection(detection) }));
        const ref: DetectionRef = { rule: r, detection: d, matcher: m.matcher, match: m.match };
        const types = literals(detection.type);
        const domains = literals(detection.domain);
        if (types) for (const t of types) push(this.byType, t, ref);
        else if (domains) for (const x of domains) push(this.byDomain, x, ref);
        else this.any.push(ref);
      });
    });
    this.stamps = new Float64Array(matchers.size).fill(-1);
    this.answers = new Uint8Array(matchers.size);
  }

  private readonly lists: [DetectionRef[], DetectionRef[], DetectionRef[]] = [
    DetectionIndex.NONE,
    DetectionIndex.NONE,
    DetectionIndex.NONE,
  ];

  /** Candidate lists, to be walked in order; the returned tuple is reused by the next call. */
  candidates(ind: Indicator): readonly DetectionRef[][] {
    this.stamp++;
    this.lists[0] = this.byType.get(ind.type) ?? DetectionIndex.NONE;
    this.lists[1] = this.byDomain.get(ind.domain) ?? DetectionIndex.NONE;
    this.lists[2] = this.any;
    return this.lists;
  }

  /** Does the detection hold for the indicator of the last candidates() call. */
  holds(ref: DetectionRef, ind: Indicator): boolean {
    const m = ref.matcher;
    if (this.stamps[m] === this.stamp) return this.answers[m] === 1;
    const ok = ref.match(ind);
    this.stamps[m] = this.stamp;
    this.answers[m] = ok ? 1 : 0;
    return ok;
  }
}

/** The zones a detection is limited to by a plain zoneId value or list, or null. */
export function detectionZones(detection: Detection): ReadonlySet<string> | null {
  const zones = literals(detection.zoneId);
  return zones ? new Set(zones) : null;
}

/** The exact values a condition allows, or null when it is not a plain value or list. */
function literals(cond: Condition | undefined): string[] | null {
  if (typeof cond === 'string') return [cond];
  if (Array.isArray(cond) && cond.every((c) => typeof c === 'string')) return cond as string[];
  return null;
}

function push(map: Map<string, DetectionRef[]>, key: string, ref: DetectionRef) {
  const list = map.get(key);
  if (list) list.push(ref);
  else map.set(key, [ref]);
}
