// The live window of one rule group: matching entries in event-time order, and the question
// "does some window of the rule's timespan that contains the new entry now satisfy the rule?".
// Entries that can no longer share a window with anything on time are dropped lazily.
import type { Indicator } from '@portwatch/schema';
import type { CorrelationType } from './rule.ts';

export interface Entry {
  t: number;
  id: string;
  /** Index of the detection in the rule's correlation.rules. */
  det: number;
  zoneId: string;
  domain: Indicator['domain'];
  assetId?: string;
  /** value_count: the counted field's value. */
  value?: string;
}

export interface WindowSpec {
  type: Exclude<CorrelationType, 'absence'>;
  spanMs: number;
  dets: number;
  gte: number;
}

export class Window {
  entries: Entry[] = [];
  /** Entries before this index are dropped (compacted in batches, not per entry). */
  private head = 0;

  get size(): number {
    return this.entries.length - this.head;
  }

  newest(): number {
    return this.size ? this.entries[this.entries.length - 1].t : -Infinity;
  }

  /** Drops entries older than `horizon`. */
  prune(horizon: number) {
    const e = this.entries;
    let h = this.head;
    while (h < e.length && e[h].t < horizon) h++;
    this.head = h;
    if (h > 64 && h * 2 > e.length) {
      this.entries = e.slice(h);
      this.head = 0;
    }
  }

  /** Already holds this record (a redelivery has the same event time, so only those are looked at). */
  has(id: string, det: number, t: number): boolean {
    const e = this.entries;
    for (let i = lowerBound(e, this.head, e.length, t); i < e.length && e[i].t === t; i++) if (e[i].id === id && e[i].det === det) return true;
    return false;
  }

  /** Inserts in time order (arrivals are mostly in order: a scan from the end); returns the index. */
  insert(entry: Entry): number {
    const e = this.entries;
    let i = e.length;
    while (i > this.head && e[i - 1].t > entry.t) i--;
    if (i === e.length) e.push(entry);
    else e.splice(i, 0, entry);
    return i;
  }

  /** The entries of the first satisfying window that contains entry `at`, or null. */
  fire(spec: WindowSpec, at: number, scratch: Set<string>): Entry[] | null {
    const e = this.entries;
    const t = e[at].t;
    // Windows [s, s + span] containing e[at]: starts from the first entry ≥ t − span up to e[at].
    let i = lowerBound(e, this.head, e.length, t - spec.spanMs);
    let j = at;
    let lastEnd = -1;
    for (; i <= at; i++) {
      const end = e[i].t + spec.spanMs;
      while (j + 1 < e.length && e[j + 1].t <= end) j++;
      // A later start with the same end holds a subset of the entries: it cannot fire if this did not.
      if (j === lastEnd) continue;
      lastEnd = j;
      if (satisfied(spec, e, i, j, scratch)) return e.slice(i, j + 1);
      // This window reaches the newest entry: every later start holds a subset of it.
      if (j === e.length - 1) break;
    }
    return null;
  }
}

function satisfied(spec: WindowSpec, e: Entry[], from: number, to: number, scratch: Set<string>): boolean {
  switch (spec.type) {
    case 'event_count':
      return to - from + 1 >= spec.gte;
    case 'value_count': {
      scratch.clear();
      for (let k = from; k <= to; k++) {
        scratch.add(e[k].value ?? '');
        if (scratch.size >= spec.gte) return true;
      }
      return false;
    }
    case 'temporal': {
      const all = (1 << spec.dets) - 1;
      let seen = 0;
      for (let k = from; k <= to && seen !== all; k++) seen |= 1 << e[k].det;
      return seen === all;
    }
    case 'temporal_ordered': {
      // Entries are in time order, so a greedy walk finds the listed order if it exists.
      let next = 0;
      for (let k = from; k <= to && next < spec.dets; k++) if (e[k].det === next) next++;
      return next === spec.dets;
    }
  }
}

export function lowerBound(e: Entry[], lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (e[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
