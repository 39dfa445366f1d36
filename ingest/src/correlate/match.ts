// Does an indicator satisfy a base detection? Field paths are dotted (source.sensorId);
// `observables.<type>` matches any observable of that type; list-valued fields match if any element does.
import type { Indicator } from '@portwatch/schema';
import type { Condition, Detection } from './rule.ts';

export function fieldValues(ind: Indicator, path: string): unknown[] {
  if (path.startsWith('observables.')) {
    const type = path.slice('observables.'.length);
    return ind.observables.filter((o) => o.type === type).map((o) => o.value);
  }
  let cur: unknown = ind;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return [];
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined) return [];
  return Array.isArray(cur) ? cur : [cur];
}

function holds(value: unknown, cond: Condition): boolean {
  if (Array.isArray(cond)) return cond.some((c) => c === value);
  if (cond !== null && typeof cond === 'object') {
    if (cond.exists !== undefined && cond.exists !== (value !== undefined && value !== null)) return false;
    if (typeof value === 'number') {
      if (cond.gte !== undefined && !(value >= cond.gte)) return false;
      if (cond.gt !== undefined && !(value > cond.gt)) return false;
      if (cond.lte !== undefined && !(value <= cond.lte)) return false;
      if (cond.lt !== undefined && !(value < cond.lt)) return false;
    } else if (cond.gte !== undefined || cond.gt !== undefined || cond.lte !== undefined || cond.lt !== undefined) return false;
    if (cond.in && !cond.in.includes(value as string | number)) return false;
    if (cond.contains !== undefined && !(typeof value === 'string' && value.includes(cond.contains))) return false;
    if (cond.startsWith !== undefined && !(typeof value === 'string' && value.startsWith(cond.startsWith))) return false;
    return true;
  }
  return value === cond;
}

export function matches(ind: Indicator, detection: Detection): boolean {
  for (const path in detection) {
    const cond = detection[path];
    const values = fieldValues(ind, path);
    if (typeof cond === 'object' && cond !== null && !Array.isArray(cond) && cond.exists === false) {
      if (values.length > 0) return false;
      continue;
    }
    if (values.length === 0) return false;
    if (!values.some((v) => holds(v, cond))) return false;
  }
  return true;
}
