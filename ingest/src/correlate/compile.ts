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

export function compileDetection(detection: Detection): Matcher {
  const checks = Object.entries(detection).map(([path, cond]) => {
    const reader = fieldReader(path);
    // `exists: false` holds when the field has no value at all.
    if (cond !== null && typeof cond === 'object' && !Array.isArray(cond) && cond.exists === false) {
      const always: Test = () => true;
      return (ind: Indicator) => !reader.some(ind, always);
    }
    const test = conditionTest(cond);
    return (ind: Indicator) => reader.some(ind, test);
  });
  return (ind) => {
    for (const check of checks) if (!check(ind)) return false;
    return true;
  };
}

/** One detection of one rule, as the index hands it out. */
export interface DetectionRef {
  rule: number;
  /** Index into rule.correlation.rules (A = 0, B = 1 for absence). */
  det: number;
  match: Matcher;
}

/** Which detections could hold for an indicator of a given type and domain. */
export class DetectionIndex {
  private byType = new Map<string, DetectionRef[]>();
  private byDomain = new Map<string, DetectionRef[]>();
  private any: DetectionRef[] = [];
  private static readonly NONE: DetectionRef[] = [];

  constructor(rules: Rule[]) {
    rules.forEach((rule, r) => {
      rule.correlation.rules.forEach((name, d) => {
        const detection = rule.detections[name];
        const ref: DetectionRef = { rule: r, det: d, match: compileDetection(detection) };
        const types = literals(detection.type);
        const domains = literals(detection.domain);
        if (types) for (const t of types) push(this.byType, t, ref);
        else if (domains) for (const x of domains) push(this.byDomain, x, ref);
        else this.any.push(ref);
      });
    });
  }

  /** Candidate lists, to be walked in order (no concatenation on the hot path). */
  candidates(ind: Indicator): [DetectionRef[], DetectionRef[], DetectionRef[]] {
    return [this.byType.get(ind.type) ?? DetectionIndex.NONE, this.byDomain.get(ind.domain) ?? DetectionIndex.NONE, this.any];
  }
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
